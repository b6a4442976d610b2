// The adapter through the real @eventstore/db-client over real gRPC on loopback, against the
// in-process test server, on both append paths the client can take.
import { binaryEvent, EventStoreDBClient } from '@eventstore/db-client';
import { serializeEvent, type TallyEvent } from '@tally/domain';
import {
  type EventStore,
  InvalidStoredEventError,
  type ReadOptions,
  type RecordedEvent,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@tally/ledger';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventIdToUuid } from './eventIdUuid.js';
import { EventStoreDBError, getEventStoreDBEventStore } from './eventStore.js';
import { type CallCounts, startTestServer, type TestServer } from './test-server/index.js';
import { deviceEvents, sampleHistory, uniqueStream } from './test-support/sampleEvents.js';

const ORG = 'acme';
const PAGE_SIZE = 100;

const readAll = async (store: EventStore, streamName: string, options?: ReadOptions) => {
  const records: RecordedEvent[] = [];
  for await (const record of store.readStream(streamName, options)) records.push(record);
  return records;
};

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the call succeeded');
};

const revisionRange = (from: number, to: number, step = 1): bigint[] => {
  const out: bigint[] = [];
  for (let r = from; step > 0 ? r < to : r > to; r += step) out.push(BigInt(r));
  return out;
};

describe.each([
  { path: 'BatchAppend (advertised by ServerFeatures)', batchAppend: true },
  { path: 'unary Append (ServerFeatures UNIMPLEMENTED)', batchAppend: false },
])('EventStoreDB adapter, appending through $path', ({ batchAppend }) => {
  let server: TestServer;
  let store: EventStore;

  const callsSince = (before: CallCounts): CallCounts => ({
    read: server.calls.read - before.read,
    append: server.calls.append - before.append,
    batchAppend: server.calls.batchAppend - before.batchAppend,
    serverFeatures: server.calls.serverFeatures - before.serverFeatures,
  });

  /** A client of our own, disposed before the server stops. */
  const withRawClient = async <T>(use: (client: EventStoreDBClient) => Promise<T>): Promise<T> => {
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      return await use(client);
    } finally {
      await client.dispose();
    }
  };

  beforeAll(async () => {
    server = await startTestServer({ batchAppend });
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    store = getEventStoreDBEventStore(server.connectionString, { pageSize: PAGE_SIZE });
  });
  afterEach(async () => {
    await store.close();
  });

  it('the client takes the expected gRPC call', async () => {
    const before = { ...server.calls };
    await store.appendToStream(uniqueStream('path'), deviceEvents(ORG, 2));
    const calls = callsSince(before);
    if (batchAppend) {
      expect(calls).toMatchObject({ batchAppend: 1, append: 0, serverFeatures: 1 });
    } else {
      expect(calls).toMatchObject({ batchAppend: 0, append: 1, serverFeatures: 0 });
    }
  });

  it('answers concurrent appends each with its own outcome, on one call', async () => {
    const before = { ...server.calls };
    const streams = Array.from({ length: 20 }, (_, index) => uniqueStream(`race-${index}`));
    // Two writers race for each new stream: one writes it, the other finds it taken.
    const outcomes = await Promise.allSettled(
      streams.flatMap((streamName, index) => [
        store.appendToStream(streamName, deviceEvents(ORG, 2, index * 10), { expectedRevision: 'no_stream' }),
        store.appendToStream(streamName, deviceEvents(ORG, 3, index * 10 + 5), {
          expectedRevision: 'no_stream',
        }),
      ]),
    );
    for (let index = 0; index < streams.length; index += 1) {
      const pair = outcomes.slice(2 * index, 2 * index + 2);
      const won = pair.filter((outcome) => outcome.status === 'fulfilled');
      const lost = pair.filter((outcome) => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const written = (await readAll(store, streams[index] as string)).length;
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ actual: BigInt(written - 1) });
    }
    if (batchAppend) expect(callsSince(before).batchAppend).toBeLessThanOrEqual(1);
  });

  it('appends more than one request holds (3 MiB) in order, as one append', async () => {
    const streamName = uniqueStream('large');
    const events = deviceEvents(ORG, 16_000);
    const size = events.reduce((sum, event) => sum + JSON.stringify(event).length, 0);
    expect(size).toBeGreaterThan(3 * 1024 * 1024);
    expect(await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' })).toEqual({
      nextExpectedRevision: BigInt(events.length - 1),
    });
    const records = await readAll(store, streamName);
    expect(records.map((record) => record.event.eventId)).toEqual(events.map((event) => event.eventId));
  });

  it('reads back exactly the events appended, revisions from 0', async () => {
    const streamName = uniqueStream('round-trip');
    const history = sampleHistory(ORG);
    const result = await store.appendToStream(streamName, history, { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).toBe(BigInt(history.length - 1));
    const records = await readAll(store, streamName);
    expect(records.map((record) => record.event)).toStrictEqual(history);
    expect(records.map((record) => record.revision)).toEqual(revisionRange(0, history.length));
    expect(records.every((record) => record.streamName === streamName)).toBe(true);
  });

  it('stores each event under its UUID and type, with the whole event as JSON data', async () => {
    const streamName = uniqueStream('mapping');
    const history = sampleHistory(ORG);
    await store.appendToStream(streamName, history);
    const stored = await withRawClient(async (client) => {
      const out = [];
      for await (const resolved of client.readStream(streamName)) out.push(resolved.event);
      return out;
    });
    expect(stored).toHaveLength(history.length);
    history.forEach((event, index) => {
      const record = stored[index];
      expect(record?.type).toBe(event.type);
      expect(record?.isJson).toBe(true);
      // The event's wire form: a version-1 InvoiceIssued is stored as version 1, not upcast.
      expect(record?.data).toStrictEqual(JSON.parse(serializeEvent(event)));
      expect(record?.id).toBe(eventIdToUuid(event.eventId));
      // Only an eventId that is not a UUID needs keeping beside the UUID it was mapped to.
      const keepsOriginal = event.eventId === 'cap-set-not-a-uuid';
      expect(record?.metadata).toStrictEqual(keepsOriginal ? { tallyEventId: event.eventId } : undefined);
    });
    // `created` arrives as .NET ticks; the client turns it into a date near now.
    const created = stored[0]?.created.getTime() ?? 0;
    expect(Math.abs(Date.now() - created)).toBeLessThan(60_000);
  });

  describe('expected revisions', () => {
    it('no_stream on an existing stream fails with expected and actual, and writes nothing', async () => {
      const streamName = uniqueStream('no-stream');
      const events = deviceEvents(ORG, 3);
      await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
      const error = await rejectionOf(
        store.appendToStream(streamName, deviceEvents(ORG, 1, 3), { expectedRevision: 'no_stream' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamName, expected: 'no_stream', actual: 2n });
      expect((await readAll(store, streamName)).map((record) => record.event)).toStrictEqual(events);
    });

    it('an exact revision behind or ahead fails; the one equal to the last appends', async () => {
      const streamName = uniqueStream('exact');
      await store.appendToStream(streamName, deviceEvents(ORG, 3));
      for (const expected of [0n, 1n, 3n, 10n]) {
        const error = await rejectionOf(
          store.appendToStream(streamName, deviceEvents(ORG, 1, 9), { expectedRevision: expected }),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamName, expected, actual: 2n });
      }
      const ok = await store.appendToStream(streamName, deviceEvents(ORG, 2, 3), { expectedRevision: 2n });
      expect(ok.nextExpectedRevision).toBe(4n);
    });

    it('stream_exists and an exact revision on a missing stream fail with actual no_stream', async () => {
      const streamName = uniqueStream('missing');
      for (const expected of ['stream_exists', 0n] as const) {
        const error = await rejectionOf(
          store.appendToStream(streamName, deviceEvents(ORG, 1), { expectedRevision: expected }),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamName, expected, actual: 'no_stream' });
      }
      await expect(readAll(store, streamName)).rejects.toBeInstanceOf(StreamNotFoundError);
    });
  });

  describe('paging', () => {
    const COUNT = 2_000;
    let streamName: string;
    let events: TallyEvent[];

    beforeAll(async () => {
      streamName = uniqueStream('paging');
      events = deviceEvents(ORG, COUNT);
      const setup = getEventStoreDBEventStore(server.connectionString);
      let expected: bigint | 'no_stream' = 'no_stream';
      for (let start = 0; start < COUNT; start += 500) {
        const result = await setup.appendToStream(streamName, events.slice(start, start + 500), {
          expectedRevision: expected,
        });
        expected = result.nextExpectedRevision;
      }
      await setup.close();
    });

    it(`reads ${COUNT} events forwards in pages of ${PAGE_SIZE}`, async () => {
      const before = { ...server.calls };
      const records = await readAll(store, streamName);
      expect(records.map((record) => record.revision)).toEqual(revisionRange(0, COUNT));
      expect(records.map((record) => record.event.eventId)).toEqual(events.map((event) => event.eventId));
      // 20 full pages, then one empty page that says the stream has ended.
      expect(callsSince(before).read).toBe(COUNT / PAGE_SIZE + 1);
    });

    it('reads backwards from the end, newest first, stopping at revision 0', async () => {
      const before = { ...server.calls };
      const records = await readAll(store, streamName, { direction: 'backwards' });
      expect(records.map((record) => record.revision)).toEqual(revisionRange(COUNT - 1, -1, -1));
      expect(callsSince(before).read).toBe(COUNT / PAGE_SIZE);
    });

    it('reads a slice across pages, forwards and backwards, never asking for more than needed', async () => {
      const before = { ...server.calls };
      const forwards = await readAll(store, streamName, { fromRevision: 1234n, maxCount: 250 });
      expect(forwards.map((record) => record.revision)).toEqual(revisionRange(1234, 1484));
      expect(callsSince(before).read).toBe(3);
      const backwards = await readAll(store, streamName, {
        direction: 'backwards',
        fromRevision: 1234n,
        maxCount: 250,
      });
      expect(backwards.map((record) => record.revision)).toEqual(revisionRange(1234, 984, -1));
      const tail = await readAll(store, streamName, { fromRevision: BigInt(COUNT - 5), maxCount: 500 });
      expect(tail.map((record) => record.revision)).toEqual(revisionRange(COUNT - 5, COUNT));
      expect(await readAll(store, streamName, { fromRevision: BigInt(COUNT) })).toEqual([]);
    });

    it('a reader that stops early leaves no call behind', async () => {
      const before = { ...server.calls };
      let seen = 0;
      for await (const record of store.readStream(streamName)) {
        expect(record.revision).toBe(BigInt(seen));
        seen += 1;
        if (seen === 150) break;
      }
      expect(callsSince(before).read).toBe(2);
    });
  });

  describe('idempotent re-append', () => {
    it('the same events at the same expected revision succeed again without duplicates', async () => {
      const streamName = uniqueStream('idempotent');
      const events = sampleHistory(ORG);
      const first = await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
      const again = await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      const more = deviceEvents(ORG, 2, 100);
      const next = await store.appendToStream(streamName, more, {
        expectedRevision: first.nextExpectedRevision,
      });
      const retried = await store.appendToStream(streamName, more, { expectedRevision: 'any' });
      expect(retried).toEqual(next);
      const ids = (await readAll(store, streamName)).map((record) => record.event.eventId);
      expect(ids).toEqual([...events, ...more].map((event) => event.eventId));
    });

    it('a retry mixing written and new events is refused', async () => {
      const streamName = uniqueStream('mixed');
      const events = deviceEvents(ORG, 2);
      await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
      const mixed = [...events.slice(0, 1), ...deviceEvents(ORG, 1, 7)];
      const error = await rejectionOf(
        store.appendToStream(streamName, mixed, { expectedRevision: 'no_stream' }),
      );
      expect(error).toMatchObject({ expected: 'no_stream', actual: 1n });
      expect(await readAll(store, streamName)).toHaveLength(2);
    });
  });

  describe('appends expecting any revision', () => {
    it('cost no read on a stream the adapter knows; another writer first means one read and a retry', async () => {
      const streamName = uniqueStream('any');
      const other = getEventStoreDBEventStore(server.connectionString, { pageSize: PAGE_SIZE });
      try {
        const events = deviceEvents(ORG, 8);
        await store.appendToStream(streamName, events.slice(0, 3));
        let before = { ...server.calls };
        await store.appendToStream(streamName, events.slice(3, 5));
        expect(callsSince(before).read).toBe(0);
        await other.appendToStream(streamName, events.slice(5, 7));
        before = { ...server.calls };
        const result = await store.appendToStream(streamName, events.slice(7));
        expect(result).toEqual({ nextExpectedRevision: 7n });
        expect(callsSince(before).read).toBeGreaterThan(0);
        expect((await readAll(store, streamName)).map((record) => record.event)).toEqual(events);
        // A retry of the other writer's last event is its replay: answered, nothing written.
        const replayed = await store.appendToStream(streamName, events.slice(6, 7));
        expect(replayed).toEqual({ nextExpectedRevision: 6n });
        expect(await readAll(store, streamName)).toHaveLength(8);
      } finally {
        await other.close();
      }
    });

    it('retries the same way when the client reports failures instead of throwing', async () => {
      const streamName = uniqueStream('any-lenient');
      const lenient = getEventStoreDBEventStore(`${server.connectionString}&throwOnAppendFailure=false`);
      try {
        await lenient.appendToStream(streamName, deviceEvents(ORG, 2));
        await store.appendToStream(streamName, deviceEvents(ORG, 1, 2));
        expect(await lenient.appendToStream(streamName, deviceEvents(ORG, 1, 3))).toEqual({
          nextExpectedRevision: 3n,
        });
      } finally {
        await lenient.close();
      }
    });
  });

  describe('missing streams and bad input', () => {
    it.each([{}, { direction: 'backwards' }, { maxCount: 0 }, { fromRevision: 5n }] as ReadOptions[])(
      'reading a missing stream with %o throws StreamNotFoundError',
      async (options) => {
        const streamName = uniqueStream('absent');
        const error = await rejectionOf(readAll(store, streamName, options));
        expect(error).toBeInstanceOf(StreamNotFoundError);
        expect(error).toMatchObject({ streamName, code: 'StreamNotFound' });
      },
    );

    it('refuses an empty append and a negative revision before calling the server', async () => {
      const before = { ...server.calls };
      const streamName = uniqueStream('refused');
      await expect(store.appendToStream(streamName, [])).rejects.toThrow(/has no events/);
      await expect(
        store.appendToStream(streamName, deviceEvents(ORG, 1), { expectedRevision: -1n }),
      ).rejects.toThrow(/negative/);
      expect(callsSince(before)).toEqual({ read: 0, append: 0, batchAppend: 0, serverFeatures: 0 });
    });

    it('names the stream and revision of a stored event that is not a Tally event', async () => {
      const streamName = uniqueStream('foreign');
      await store.appendToStream(streamName, deviceEvents(ORG, 1));
      await withRawClient((client) =>
        client.appendToStream(streamName, binaryEvent({ type: 'Blob', data: new Uint8Array([1, 2, 3]) })),
      );
      const error = await rejectionOf(readAll(store, streamName));
      expect(error).toBeInstanceOf(InvalidStoredEventError);
      expect(error).toMatchObject({ streamName, revision: 1n });
      expect((error as Error).message).toContain(`stream ${streamName} revision 1`);
      // One event at a time, the event before it is read first.
      const before: bigint[] = [];
      const thrown = await rejectionOf(
        (async () => {
          for await (const record of store.readStream(streamName)) before.push(record.revision);
        })(),
      );
      expect(thrown).toBeInstanceOf(InvalidStoredEventError);
      expect(before).toEqual([0n]);
    });

    it('after close, the store refuses work with an error naming the operation', async () => {
      const closing = getEventStoreDBEventStore(server.connectionString);
      await closing.close();
      const error = await rejectionOf(closing.appendToStream(uniqueStream('closed'), deviceEvents(ORG, 1)));
      expect(error).toBeInstanceOf(EventStoreDBError);
      expect((error as Error).message).toMatch(
        /appendToStream\(test-closed-\w+\) failed: the store is closed/,
      );
    });
  });

  it('still throws WrongExpectedRevisionError when the client is told not to throw', async () => {
    const lenient = getEventStoreDBEventStore(`${server.connectionString}&throwOnAppendFailure=false`);
    const streamName = uniqueStream('lenient');
    await lenient.appendToStream(streamName, deviceEvents(ORG, 3));
    const error = await rejectionOf(
      lenient.appendToStream(streamName, deviceEvents(ORG, 1, 3), { expectedRevision: 'no_stream' }),
    );
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamName, expected: 'no_stream', actual: 2n });
    await lenient.close();
  });

  it('accepts a client made by the caller', async () => {
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const own = getEventStoreDBEventStore(client);
    const streamName = uniqueStream('own-client');
    await own.appendToStream(streamName, deviceEvents(ORG, 1));
    expect(await readAll(own, streamName)).toHaveLength(1);
    await own.close();
  });
});
