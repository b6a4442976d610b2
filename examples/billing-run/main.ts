// A department's month of billing (docs/billing.md#the-billing-run), on the in-memory store and on
// EventStoreDB (the in-process test server): the March invoice is issued, a deactivation dated
// March 5 is recorded late on March 20, and the April run corrects the March invoice with a
// credit line instead of editing it.
//
//   npx tsx examples/billing-run/main.ts
//
// With EVENTSTORE_CONNECTION_STRING set it uses that server instead of the test server.
import {
  type Command,
  explainAdjustment,
  type Instant,
  type InvoiceIssued,
  type TallyEvent,
} from '@tally/domain';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { startTestServer } from '@tally/eventstoredb/test-server';
import {
  billingRun,
  billingRunTable,
  createCommandHandler,
  type EventStore,
  getInMemoryEventStore,
  orgStreamName,
  summarizeBillingRun,
} from '@tally/ledger';

const orgId = 'chem';

/** The department's history as commands, each handled at its own instant. */
const history: [Instant, Command][] = [
  [
    '2026-03-02T17:00:00Z',
    {
      type: 'RegisterOrganization',
      orgId,
      at: '2026-03-02T17:00:00Z',
      data: {
        name: 'Chemistry',
        serialCode: 'CHEM',
        billingAccount: 'PTA-4410',
        timeZone: 'America/Los_Angeles',
        currency: 'USD',
        coldStorage: false,
      },
    },
  ],
  [
    '2026-03-02T17:05:00Z',
    {
      type: 'StartSubscription',
      orgId,
      at: '2026-03-02T17:05:00Z',
      data: {
        startDate: '2026-03-09',
        plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
      },
    },
  ],
  ...['lab-1', 'lab-2', 'lab-3'].map((deviceId): [Instant, Command] => [
    '2026-03-03T18:00:00Z',
    { type: 'ActivateDevice', orgId, at: '2026-03-03T18:00:00Z', data: { deviceId, userId: 'ana' } },
  ]),
];
const marchRun = '2026-03-09T16:00:00Z';
/** lab-2 was handed back on March 5; the deactivation is recorded on March 20. */
const late: [Instant, Command] = [
  '2026-03-20T17:00:00Z',
  { type: 'DeactivateDevice', orgId, at: '2026-03-05T18:00:00Z', data: { deviceId: 'lab-2' } },
];
const aprilRun = '2026-04-09T16:00:00Z';

async function month(store: EventStore, name: string): Promise<void> {
  let now: Instant = '2026-03-02T17:00:00Z';
  const handler = createCommandHandler({ store, clock: () => now });
  for (const [at, command] of history) {
    now = at;
    await handler.handle(command);
  }
  const march = await billingRun({ store, orgs: [orgId], at: marchRun, clock: () => marchRun });
  console.log(`${name}, ${billingRunTable(summarizeBillingRun(march))}`);
  [now] = late;
  await handler.handle(late[1]);
  const april = await billingRun({ store, orgs: [orgId], at: aprilRun, clock: () => aprilRun });
  console.log(`${name}, ${billingRunTable(summarizeBillingRun(april))}`);
  for (const { event } of april.issued) printInvoice(event);
  const again = await billingRun({ store, orgs: [orgId], at: aprilRun, clock: () => aprilRun });
  console.log(`${name}: a second run at ${aprilRun} issues ${again.issued.length} invoices`);
  const events: TallyEvent[] = [];
  for await (const record of store.readStream(orgStreamName(orgId))) events.push(record.event);
  const why = explainAdjustment(events, { orgId, invoiceNumber: 'CHEM-2', lineIndex: 1 });
  if (why._tag === 'Left') throw new Error(why.left.message);
  for (const event of why.right.lateEvents) {
    console.log(
      `why: revision ${event.index} ${event.type} occurred ${event.occurredAt}, recorded ${event.recordedAt} (after CHEM-1 was issued as known at ${why.right.lastBilledAsKnownAt})`,
    );
  }
  console.log('');
}

function printInvoice(event: InvoiceIssued): void {
  const { data } = event;
  console.log(
    `${data.number} (${data.document}) for ${data.billingDate}, total ${data.total} ${data.currency}`,
  );
  for (const line of data.lines)
    console.log(`  ${line.kind.padEnd(10)} ${line.amount.padStart(7)}  ${line.description}`);
}

await month(getInMemoryEventStore(), 'in-memory store');

const configured = process.env.EVENTSTORE_CONNECTION_STRING;
const server = configured ? undefined : await startTestServer({ batchAppend: true });
const store = getEventStoreDBEventStore(configured ?? server?.connectionString ?? '');
try {
  await month(store, configured ? 'EventStoreDB' : 'EventStoreDB test server');
} finally {
  await store.close();
  await server?.stop();
}
