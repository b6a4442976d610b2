// Appends a small organization history to EventStoreDB and reads it back.
//
//   EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false npx tsx examples/eventstoredb/main.ts
//
// Without the variable it starts the in-process test server instead, so it runs anywhere.
import { randomUUID } from 'node:crypto';
import type { TallyEvent } from '@tally/domain';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { startTestServer } from '@tally/eventstoredb/test-server';
import { orgStreamName } from '@tally/ledger';

const orgId = `example-${randomUUID().slice(0, 8)}`;
const event = <E extends TallyEvent>(fields: Omit<E, 'eventId' | 'orgId'>): E =>
  ({ ...fields, eventId: randomUUID(), orgId }) as E;

const history: TallyEvent[] = [
  event({
    type: 'OrganizationRegistered',
    occurredAt: '2026-03-01T17:00:00Z',
    recordedAt: '2026-03-01T17:00:01Z',
    data: {
      name: 'Example Backup Co',
      serialCode: 'EX-0001',
      billingAccount: 'acct-7',
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      coldStorage: true,
    },
  }),
  event({
    type: 'SubscriptionStarted',
    occurredAt: '2026-03-01T17:05:00Z',
    recordedAt: '2026-03-01T17:05:00Z',
    data: {
      startDate: '2026-03-09',
      plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
    },
  }),
  event({
    type: 'DeviceActivated',
    occurredAt: '2026-03-06T23:30:00Z',
    recordedAt: '2026-03-06T23:30:02Z',
    data: { deviceId: 'laptop-1', userId: 'ana' },
  }),
  event({
    type: 'ArchiveCreated',
    occurredAt: '2026-03-06T23:45:00Z',
    recordedAt: '2026-03-06T23:45:01Z',
    data: { archiveId: 'archive-1', deviceId: 'laptop-1' },
  }),
];

const configured = process.env.EVENTSTORE_CONNECTION_STRING;
const server = configured ? undefined : await startTestServer({ batchAppend: true });
const connectionString = configured ?? server?.connectionString ?? '';
console.log(configured ? `EventStoreDB at ${configured}` : `in-process test server at ${connectionString}`);

const store = getEventStoreDBEventStore(connectionString);
try {
  const streamName = orgStreamName(orgId);
  const { nextExpectedRevision } = await store.appendToStream(streamName, history, {
    expectedRevision: 'no_stream',
  });
  console.log(`appended ${history.length} events to ${streamName}; last revision ${nextExpectedRevision}`);

  // Retrying the same append (say, after a timeout) is harmless: same answer, no duplicates.
  const retry = await store.appendToStream(streamName, history, { expectedRevision: 'no_stream' });
  console.log(`retried: last revision still ${retry.nextExpectedRevision}`);

  for await (const { revision, event: read } of store.readStream(streamName)) {
    console.log(`  ${revision}  ${read.occurredAt}  ${read.type}  ${JSON.stringify(read.data)}`);
  }
} finally {
  // The client first, then the server: an open BatchAppend call would otherwise hold it up.
  await store.close();
  await server?.stop();
}
