import { invoiceAt, serializeInvoice } from '@tally/domain';
import { createCommandHandler, getInMemoryEventStore, loadOrgEvents } from '@tally/ledger';

const store = getInMemoryEventStore();
const ledger = createCommandHandler({ store });
const orgId = 'acme';

await ledger.handle({
  type: 'RegisterOrganization',
  orgId,
  at: '2026-01-01T09:00:00Z',
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
  at: '2026-01-01T09:00:00Z',
  data: {
    startDate: '2026-01-09',
    plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
  },
});
for (const deviceId of ['d-1', 'd-2', 'd-3']) {
  await ledger.handle({
    type: 'ActivateDevice',
    orgId,
    at: '2026-02-20T17:00:00Z',
    data: { deviceId, userId: 'u-1' },
  });
}

const events = [];
for await (const event of loadOrgEvents(store, orgId)) events.push(event);
const invoice = invoiceAt(events, { orgId, billingDate: '2026-03-09', asKnownAt: '2026-12-31T00:00:00Z' });
if (invoice._tag === 'Left') throw new Error(invoice.left.message);
console.log(serializeInvoice(invoice.right));
