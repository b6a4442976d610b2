// Faults in the middle of a run of appends: the server killed outright while a batch's INSERT is
// under way in it (and recovered from its log), then the connections cut again and again. The writer retries each failed batch as it is
// (same events, same expected revision); no batch is ever half there, and every acknowledged
// event is in the stream, once, in order, at the end.
import { randomBytes } from 'node:crypto';
import type { TallyEvent } from '@tally/domain';
import { isStreamNotFoundError, orgStreamName } from '@tally/ledger';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAll, sampleEvents } from '../../testing/src/contract/index.js';
import { isPostgresConnectionLostError, isPostgresUnavailableError } from './errors.js';
import type { SqlEventStore } from './event-store.js';
import { openPostgresEventStore } from './open.js';
import { holdTransaction } from './test-support/held-transaction.spec-helper.js';
import { startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const BATCHES = 24;
const BATCH_SIZE = 200;
const APP = 'tally-fault-test';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stream's length, or undefined while the server cannot answer. */
async function lengthOf(store: SqlEventStore, streamName: string): Promise<number | undefined> {
  try {
    for await (const record of store.readStream(streamName, { direction: 'backwards', maxCount: 1 })) {
      return Number(record.revision) + 1;
    }
    return 0;
  } catch (error) {
    if (isStreamNotFoundError(error)) return 0;
    if (isPostgresConnectionLostError(error) || isPostgresUnavailableError(error)) return undefined;
    throw error;
  }
}

/** Until a backend of the writer waits on a lock (its INSERT, held up by the holder). */
async function waitForLockWait(admin: pg.Pool): Promise<void> {
  for (let tries = 0; tries < 500; tries += 1) {
    const { rows } = await admin.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
      [APP],
    );
    if (rows.length > 0) return;
    await pause(10);
  }
  throw new Error('the append never waited on the holder');
}

it('a crash and cut connections mid-batch: nothing partial, no acknowledged event lost', async ({ skip }) => {
  skip(!server.embedded, 'the server of TALLY_POSTGRES_URL is not killed by the tests');
  const url = new URL(server.url);
  const store = await openPostgresEventStore(
    { connectionString: url.toString(), application_name: APP, connectionTimeoutMillis: 2_000 },
    { maxConnections: 2 },
  );
  const streamName = orgStreamName(`faults-${randomBytes(4).toString('hex')}`);
  const acknowledged: TallyEvent[] = [];
  const failures = { crash: 0, cut: 0 };
  let phase: 'calm' | 'crash' | 'cut' = 'calm';
  let finished = false;

  // Cuts every connection of the writer's pool, over and over, while the cut phase lasts.
  const admin = new pg.Pool({ connectionString: server.url });
  // Its idle connections die with the server too.
  admin.on('error', () => {});
  const cutter = async () => {
    while (!finished) {
      if (phase === 'cut') {
        await admin
          .query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [APP])
          .catch(() => {});
      }
      await pause(3);
    }
  };
  const cuts = cutter();

  let crashed: Promise<void> | undefined;
  for (let batch = 0; batch < BATCHES; batch += 1) {
    const events = sampleEvents('faults', BATCH_SIZE, batch * BATCH_SIZE);
    const before = acknowledged.length;
    if (batch === 6) phase = 'crash';
    if (batch === 14) phase = 'cut';
    for (let attempt = 0; ; attempt += 1) {
      const expectedRevision = before === 0 ? 'no_stream' : BigInt(before - 1);
      // For the crash, another append holds the stream's next revision uncommitted, so this
      // batch's INSERT is under way in the server, waiting on it, when the server is killed.
      const holder = phase === 'crash' && attempt === 0 ? await holdTransaction(server.url) : undefined;
      await holder?.store.appendToStream(streamName, sampleEvents('holder', 1), { expectedRevision });
      const append = store.appendToStream(streamName, events, { expectedRevision });
      append.catch(() => {});
      if (holder !== undefined) {
        await waitForLockWait(admin);
        // The server dies with the batch in flight; it comes back a little later.
        crashed = server.crash().then(async () => {
          // The holder's transaction died with the server: its connection is closed.
          await holder.rollback().catch(() => {});
          await pause(300);
          await server.restart();
        });
      }
      try {
        await append;
        break;
      } catch (error) {
        if (!isPostgresConnectionLostError(error) && !isPostgresUnavailableError(error)) throw error;
        failures[phase === 'crash' ? 'crash' : 'cut'] += 1;
        // Enough appends cut: the retry goes through.
        if (phase === 'cut' && failures.cut >= 3) phase = 'calm';
        // Whatever the server can say: the batch is there whole or not at all.
        const length = await lengthOf(store, streamName);
        if (length !== undefined) expect([before, before + BATCH_SIZE]).toContain(length);
        await pause(50);
      }
      if (attempt > 200) throw new Error(`batch ${batch} never went through`);
    }
    acknowledged.push(...events);
    if (phase === 'crash') {
      await crashed;
      phase = 'calm';
    }
  }
  finished = true;
  await cuts;
  await admin.end();

  expect(failures.crash).toBeGreaterThan(0);
  expect(failures.cut).toBeGreaterThan(0);
  const stored = (await readAll(store, streamName)).map((record) => record.event);
  expect(stored).toEqual(acknowledged);
  expect(stored).toHaveLength(BATCHES * BATCH_SIZE);
  await store.close();
});
