// A ledger in a folder: PGlite (PostgreSQL in WebAssembly, in this process) keeps the events in a
// data folder, the same tables and rules as on a PostgreSQL server. Appends a small history,
// retries it harmlessly, reads the stream back, then follows every stream from a checkpoint.
//
//   npx tsx examples/postgres/main.ts [DATA_FOLDER]
//
// Without a folder it uses a fresh one in the temporary directory and removes it at the end.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TallyEvent } from '@tally/domain';
import { orgStreamName } from '@tally/ledger';
import { openPGliteEventStore } from '@tally/postgres';

const given = process.argv[2];
const scratch = given === undefined ? mkdtempSync(join(tmpdir(), 'tally-pglite-example-')) : undefined;
const folder = given ?? join(scratch as string, 'ledger');

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
];

const store = await openPGliteEventStore(folder);
try {
  const streamName = orgStreamName(orgId);
  const { nextExpectedRevision } = await store.appendToStream(streamName, history, {
    expectedRevision: 'no_stream',
  });
  console.log(`appended ${history.length} events to ${streamName}; last revision ${nextExpectedRevision}`);
  const retry = await store.appendToStream(streamName, history, { expectedRevision: 'no_stream' });
  console.log(`retried: last revision still ${retry.nextExpectedRevision}`);
  for await (const { revision, event: read } of store.readStream(streamName)) {
    console.log(`  ${revision}  ${read.occurredAt}  ${read.type}`);
  }

  // A projection keeps the position of the last event it handled (its checkpoint) and reads on
  // from there: each event once, in one order across every stream.
  let checkpoint: bigint | undefined;
  let seen = 0;
  for await (const record of store.readAll()) {
    seen += 1;
    checkpoint = record.position;
  }
  console.log(`readAll: ${seen} events in the folder so far; checkpoint ${checkpoint}`);
  await store.appendToStream(
    streamName,
    [
      event({
        type: 'DeviceActivated',
        occurredAt: '2026-03-07T09:00:00Z',
        recordedAt: '2026-03-07T09:00:01Z',
        data: { deviceId: 'desktop-2', userId: 'ana' },
      }),
    ],
    { expectedRevision: nextExpectedRevision },
  );
  for await (const record of store.readAll(checkpoint === undefined ? {} : { after: checkpoint })) {
    console.log(
      `after the checkpoint: ${record.streamName} revision ${record.revision} ${record.event.type}`,
    );
  }
} finally {
  await store.close();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
}
