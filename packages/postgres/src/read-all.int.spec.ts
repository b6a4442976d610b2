// readAll on a real server: a transaction still in flight holds back every position after its
// own, and 20 writers at once (on one org, then on one org each) with a reader following them
// never make it skip or repeat an event.
import { randomBytes } from 'node:crypto';
import type { TallyEvent } from '@tally/domain';
import {
  type GlobalRecordedEvent,
  isStreamNotFoundError,
  isWrongExpectedRevisionError,
  orgStreamName,
} from '@tally/ledger';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvents } from '../../testing/src/contract/index.js';
import type { SqlEventStore } from './event-store.js';
import { transactionOf } from './global-position.js';
import { openPostgresEventStore } from './open.js';
import { holdTransaction } from './test-support/held-transaction.spec-helper.js';
import { startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

let server: TestPostgres;
let store: SqlEventStore;
beforeAll(async () => {
  server = await startTestPostgres();
  store = await openPostgresEventStore(server.url);
});
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

const drain = async (after: bigint | undefined): Promise<GlobalRecordedEvent[]> => {
  const records: GlobalRecordedEvent[] = [];
  for await (const record of store.readAll(after === undefined ? {} : { after })) records.push(record);
  return records;
};
// Any transaction of the cluster holds the horizon back while it runs (an autovacuum ANALYZE
// does too), so a read may end before the latest events: the tests read the streams they wrote,
// and wait for their events to settle.
const lastPosition = async () => (await drain(undefined)).at(-1)?.position;

/** Reads after `tail` until `count` events of `streams` are there; returns those. */
async function settled(tail: bigint | undefined, streams: ReadonlySet<string>, count: number) {
  const deadline = performance.now() + 20_000;
  for (;;) {
    const read = (await drain(tail)).filter((record) => streams.has(record.streamName));
    if (read.length >= count || performance.now() > deadline) return read;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

describe('a transaction in flight', () => {
  it.each([
    ['commits', true],
    ['rolls back', false],
  ] as const)('holds back the positions after its own until it %s', async (_, commits) => {
    const tail = await lastPosition();
    const held = await holdTransaction(server.url);
    // An append that starts after the held transaction and commits first.
    const [early] = sampleEvents('early', 1) as [TallyEvent];
    const late = sampleEvents('late', 2);
    const streams = new Set([orgStreamName(unique('early')), orgStreamName(unique('late'))]);
    const [earlyStream, lateStream] = [...streams] as [string, string];
    await store.appendToStream(earlyStream, [early]);
    await held.store.appendToStream(lateStream, late);

    // The committed event is there for any query to see, at a position after the held one's...
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const visible = await client.query(
      'SELECT global_position::text FROM tally_events WHERE global_position > $1',
      [String(tail ?? -1n)],
    );
    await client.end();
    expect(visible.rows).toHaveLength(1);
    expect(transactionOf(BigInt(visible.rows[0].global_position))).toBeGreaterThan(held.transactionId);
    // ...but readAll does not yield it: the held transaction may still fill earlier positions.
    expect((await drain(tail)).filter((record) => streams.has(record.streamName))).toEqual([]);

    if (commits) await held.commit();
    else await held.rollback();
    const read = await settled(tail, streams, commits ? 3 : 1);
    expect(read.map((record) => record.event)).toEqual(commits ? [...late, early] : [early]);
    const positions = read.map((record) => record.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });
});

/** The stream's last revision, or 'no_stream'. */
async function lastRevision(target: SqlEventStore, streamName: string): Promise<bigint | 'no_stream'> {
  try {
    for await (const record of target.readStream(streamName, { direction: 'backwards', maxCount: 1 })) {
      return record.revision;
    }
  } catch (error) {
    if (!isStreamNotFoundError(error)) throw error;
  }
  return 'no_stream';
}

/** Appends `batches` batches of `size` events, each at the revision it reads (optimistic
 * concurrency: on a conflict it reads again); returns the events acknowledged. */
async function write(
  target: SqlEventStore,
  streamName: string,
  label: string,
  batches: number,
  size: number,
) {
  const acknowledged: TallyEvent[] = [];
  for (let batch = 0; batch < batches; batch += 1) {
    const events = sampleEvents(label, size, batch * size);
    for (;;) {
      const expectedRevision = await lastRevision(target, streamName);
      try {
        await target.appendToStream(streamName, events, { expectedRevision });
        break;
      } catch (error) {
        if (!isWrongExpectedRevisionError(error)) throw error;
      }
    }
    acknowledged.push(...events);
  }
  return acknowledged;
}

const WRITERS = 20;
const BATCHES = 8;
const BATCH_SIZE = 5;

describe(`${WRITERS} writers at once, readAll following them`, () => {
  it.each([
    ['one org', false],
    ['one org each', true],
  ] as const)(
    'on %s: every acknowledged event exactly once, positions increasing, streams in order',
    async (_, own) => {
      const tail = await lastPosition();
      const shared = orgStreamName(unique('shared'));
      const owned = Array.from({ length: WRITERS }, (_, i) => orgStreamName(unique(`own-${i}`)));
      const streams = new Set(own ? owned : [shared]);
      const streamOf = (i: number) => (own ? (owned[i] as string) : shared);
      const total = WRITERS * BATCHES * BATCH_SIZE;
      // Each writer its own store and pool, as separate processes would be.
      const writers = await Promise.all(
        Array.from({ length: WRITERS }, () => openPostgresEventStore(server.url, { maxConnections: 1 })),
      );
      let writing = true;
      const followed: GlobalRecordedEvent[] = [];
      const follow = (async () => {
        let checkpoint = tail;
        const deadline = performance.now() + 60_000;
        // Read after read from the checkpoint, as a subscription does, until the writers are
        // done and their last events have settled.
        while ((writing || followed.length < total) && performance.now() < deadline) {
          for (const record of await drain(checkpoint)) {
            if (streams.has(record.streamName)) followed.push(record);
            checkpoint = record.position;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const written = await Promise.all(
        writers.map((target, i) => write(target, streamOf(i), `w${i}`, BATCHES, BATCH_SIZE)),
      ).finally(() => {
        writing = false;
      });
      await follow;
      await Promise.all(writers.map((target) => target.close()));

      const acknowledged = written.flat();
      expect(acknowledged).toHaveLength(total);
      expect(followed.map((record) => record.event.eventId).sort()).toEqual(
        acknowledged.map((event) => event.eventId).sort(),
      );
      for (let i = 1; i < followed.length; i += 1) {
        expect(
          (followed[i] as GlobalRecordedEvent).position > (followed[i - 1] as GlobalRecordedEvent).position,
        ).toBe(true);
      }
      // Within each stream, readAll gives the stream's revisions in order, and the events readStream has.
      const byStream = new Map<string, GlobalRecordedEvent[]>();
      for (const record of followed)
        byStream.set(record.streamName, [...(byStream.get(record.streamName) ?? []), record]);
      for (const [streamName, records] of byStream) {
        expect(records.map((record) => record.revision)).toEqual(records.map((_, i) => BigInt(i)));
        const stream: TallyEvent[] = [];
        for await (const record of store.readStream(streamName)) stream.push(record.event);
        expect(records.map((record) => record.event)).toEqual(stream);
      }
      expect(byStream.size).toBe(own ? WRITERS : 1);
    },
  );
});
