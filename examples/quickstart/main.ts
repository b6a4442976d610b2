import { invoiceAt, serializeInvoice } from '@tally/domain';
import { createCommandHandler, getInMemoryEventStore, loadOrgEvents } from '@tally/ledger';

// The ledger stamps every event's recordedAt from its clock. This example's clock reads the
// instant of the command being handled, so it prints the same invoice in any year.
let now = '2026-01-01T09:00:00Z';
const store = getInMemoryEventStore();
const ledger = createCommandHandler({ store, clock: () => now });
const orgId = 'acme';

await ledger.handle({
  type: 'RegisterOrganization',
  orgId,
  at: now,
  data: {
    name: 'Acme Backup',
    serialCode: 'ACME-1',
    billingAccount: 'ACCT-1',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    coldStorage: true,
  },
});
await ledger.handle({
  type: 'StartSubscription',
  orgId,
  at: now,
  data: {
    startDate: '2026-01-09',
    plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
  },
});
now = '2026-02-20T17:00:00Z';
for (const deviceId of ['d-1', 'd-2', 'd-3']) {
  await ledger.handle({ type: 'ActivateDevice', orgId, at: now, data: { deviceId, userId: 'u-1' } });
}

const events = [];
for await (const event of loadOrgEvents(store, orgId)) events.push(event);
// The invoice of 2026-03-09 as the ledger knew it on that morning.
const invoice = invoiceAt(events, { orgId, billingDate: '2026-03-09', asKnownAt: '2026-03-09T08:00:00Z' });
if (invoice._tag === 'Left') throw new Error(invoice.left.message);
console.log(serializeInvoice(invoice.right));
