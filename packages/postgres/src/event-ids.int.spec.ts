// Event ids stay unique in a stream with no unique index of them (migration 3): the append checks
// the batch's ids in the statement that takes the revisions, and the unique (stream, revision)
// constraint stops a writer that could not see another. Appends race here from connections of
// their own, with expected revision 'any' (the one that never refuses on the revision alone).
import { randomBytes } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { type DeviceActivated, serializeEvent } from '@tally/domain';
import { DuplicateEventIdError, orgStreamName } from '@tally/ledger';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAll, rejectionOf, sampleEvents } from '../../testing/src/contract/index.js';
import type { SqlEventStore } from './event-store.js';
import { openPostgresEventStore } from './open.js';
import { MIGRATIONS } from './schema.js';
import { startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

const WRITERS = 8;
let server: TestPostgres;
let writers: SqlEventStore[];
beforeAll(async () => {
  server = await startTestPostgres();
  writers = await Promise.all(
    Array.from({ length: WRITERS }, () => openPostgresEventStore(server.url, { maxConnections: 1 })),
  );
});
afterAll(async () => {
  await Promise.all((writers ?? []).map((store) => store.close()));
  await server?.stop();
});

const freshStream = (what: string) => orgStreamName(`${what}-${randomBytes(4).toString('hex')}`);

it('the same batch from 8 writers at once is written once; every writer is answered its revision', async () => {
  const streamName = freshStream('same-batch');
  const batch = sampleEvents('same-batch', 40);
  const results = await Promise.all(
    writers.map((store) => store.appendToStream(streamName, batch, { expectedRevision: 'any' })),
  );
  expect(results.map((result) => result.nextExpectedRevision)).toEqual(writers.map(() => 39n));
  expect((await readAll(writers[0] as SqlEventStore, streamName)).map((record) => record.event)).toEqual(
    batch,
  );
});

it('the index holds no unique constraint on ids: the check is the append, and only it', async () => {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'tally_events' AND indexdef LIKE '%event_id%'`,
    );
    expect(rows.map((row) => row.indexdef)).toEqual([
      'CREATE INDEX tally_events_event_id ON public.tally_events USING hash (event_id)',
    ]);
  } finally {
    await admin.end();
  }
});

it('a database of version 2 with events is migrated to the hash index; its ids still refuse a repeat', async () => {
  const schema = `tally_v2_${randomBytes(4).toString('hex')}`;
  const streamName = freshStream('from-v2');
  const [first, second] = sampleEvents('from-v2', 2) as [DeviceActivated, DeviceActivated];
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    // The tables as version 2 of the package made them, with one event in them.
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `CREATE TABLE ${schema}.tally_schema_version (version integer PRIMARY KEY, description text NOT NULL)`,
    );
    for (const migration of MIGRATIONS.filter((one) => one.version <= 2)) {
      for (const statement of migration.statements(schema)) await admin.query(statement);
      await admin.query(`INSERT INTO ${schema}.tally_schema_version VALUES ($1, $2)`, [
        migration.version,
        migration.description,
      ]);
    }
    await admin.query(`INSERT INTO ${schema}.tally_events VALUES (1048577, $1, 0, $2, $3, $4)`, [
      streamName,
      first.eventId,
      first.type,
      serializeEvent(first),
    ]);
    const store = await openPostgresEventStore(server.url, { schema });
    try {
      const { rows } = await admin.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'tally_events' ORDER BY indexname`,
        [schema],
      );
      expect(rows.map((row) => row.indexname)).toEqual([
        'tally_events_event_id',
        'tally_events_pkey',
        'tally_events_stream_revision',
      ]);
      expect(await store.appendToStream(streamName, [first], { expectedRevision: 'any' })).toEqual({
        nextExpectedRevision: 0n,
      });
      const error = await rejectionOf(
        store.appendToStream(streamName, [second, first], { expectedRevision: 'any' }),
      );
      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect((await readAll(store, streamName)).map((record) => record.event)).toEqual([first]);
    } finally {
      await store.close();
    }
  } finally {
    await admin.end();
  }
});

// Batches drawn from one pool of events (an id always comes with the same event), overlapping
// at random, appended all at once: each is written whole, replayed (it is all there already) or
// refused for an id the stream holds; the stream ends with each id once, and with exactly the
// events of the batches that were written or replayed.
const pool = sampleEvents('overlap', 24);
const batchOf = fc
  .uniqueArray(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 1, maxLength: 8 })
  .map((indexes) => indexes.map((index) => pool[index] as (typeof pool)[number]));

test.prop([fc.array(batchOf, { minLength: 2, maxLength: WRITERS })], { numRuns: 15 })(
  'overlapping batches racing with any: each id at most once in the stream, nothing half-written',
  async (batches) => {
    const streamName = freshStream('overlap');
    const outcomes = await Promise.allSettled(
      batches.map((batch, i) =>
        (writers[i] as SqlEventStore).appendToStream(streamName, batch, { expectedRevision: 'any' }),
      ),
    );
    const stored = (await readAll(writers[0] as SqlEventStore, streamName)).map(
      (record) => record.event.eventId,
    );
    expect(new Set(stored).size).toBe(stored.length);
    const accepted = new Set<string>();
    outcomes.forEach((outcome, i) => {
      const ids = (batches[i] ?? []).map((event) => event.eventId);
      if (outcome.status === 'fulfilled') {
        for (const id of ids) accepted.add(id);
      } else {
        expect(outcome.reason).toBeInstanceOf(DuplicateEventIdError);
      }
    });
    expect(new Set(stored)).toEqual(accepted);
  },
);

// A single event goes through the direct write's statement of plain values (append.ts), not
// the one of arrays: the same race, on that statement.
it('the same single event from 8 writers at once is written once; every writer is answered revision 0', async () => {
  const streamName = freshStream('same-event');
  const [event] = sampleEvents('same-event', 1);
  const results = await Promise.all(
    writers.map((store) =>
      store.appendToStream(streamName, [event as DeviceActivated], { expectedRevision: 'any' }),
    ),
  );
  expect(results.map((result) => result.nextExpectedRevision)).toEqual(writers.map(() => 0n));
  expect((await readAll(writers[0] as SqlEventStore, streamName)).map((record) => record.event)).toEqual([
    event,
  ]);
});

it('one-event appends after the first few reuse one plan of their statement on a connection', async () => {
  const pool = new pg.Pool({ connectionString: server.url, max: 1 });
  const store = await openPostgresEventStore(pool);
  try {
    const streamName = freshStream('planned-once');
    let expectedRevision: bigint | 'no_stream' = 'no_stream';
    for (const event of sampleEvents('planned-once', 12)) {
      ({ nextExpectedRevision: expectedRevision } = await store.appendToStream(streamName, [event], {
        expectedRevision,
      }));
    }
    // The session's prepared statements: the exact-revision append of one event ran 11 times.
    const { rows } = await pool.query<{ generic: string }>(
      `SELECT generic_plans::text AS generic FROM pg_prepared_statements
       WHERE statement LIKE '%last.revision = $5::bigint%' AND statement LIKE '%VALUES%'`,
    );
    expect(rows.map((row) => Number(row.generic))).toEqual([expect.any(Number)]);
    expect(Number(rows[0]?.generic)).toBeGreaterThanOrEqual(5);
  } finally {
    await store.close();
    await pool.end();
  }
});
