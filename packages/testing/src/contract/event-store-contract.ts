// The EventStore contract: one suite every store must pass (the in-memory store, the EventStoreDB
// adapter), so that no store drifts from the port's semantics (0-based revisions, expected
// revisions, idempotent re-append, paged reads, missing streams, concurrent writers), and the
// optional `readStreamPages` and `readAll` for the stores that offer them.

import type { TallyEvent } from '@tally/domain';
import {
  DuplicateEventIdError,
  EventIdConflictError,
  type EventStore,
  type ExpectedRevision,
  type GlobalRecordedEvent,
  isDuplicateEventIdError,
  isEventIdConflictError,
  isStreamNotFoundError,
  isWrongExpectedRevisionError,
  type ReadAllOptions,
  type ReadOptions,
  type RecordedEvent,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@tally/ledger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeConcurrentCommandContract } from './concurrent-commands-contract.js';
import {
  appendInBatches,
  readAll,
  rejectionOf,
  sampleEvent,
  sampleEvents,
  uniqueStreamName,
} from './contract-events.js';
import { subscriptionContractTests } from './subscription-contract.js';

export interface EventStoreContractOptions {
  /** Events in the paging tests; defaults to 10,000. */
  readonly pagingEventCount?: number;
  /** Events per append when a test builds a long stream; defaults to 500. */
  readonly appendBatchSize?: number;
  /** Command handlers racing on one organization; defaults to 8. */
  readonly concurrentHandlers?: number;
  /** Timeout of each test in ms; defaults to vitest's. */
  readonly timeoutMs?: number;
  /** Hold the store to the subscription contract (subscribe, documents); defaults to true. A
   * store without them passes `false`. */
  readonly subscriptions?: boolean;
}

const ORG = 'contract-org';

const revisions = (records: readonly RecordedEvent[]): bigint[] => records.map((record) => record.revision);
const ids = (records: readonly RecordedEvent[]): string[] => records.map((record) => record.event.eventId);
const range = (from: number, to: number, step = 1): bigint[] => {
  const out: bigint[] = [];
  for (let r = from; step > 0 ? r < to : r > to; r += step) out.push(BigInt(r));
  return out;
};

function expectWrongRevision(
  error: unknown,
  streamName: string,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): void {
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(isWrongExpectedRevisionError(error)).toBe(true);
  const wrong = error as WrongExpectedRevisionError;
  expect(wrong.code).toBe('WrongExpectedRevision');
  expect(wrong.streamName).toBe(streamName);
  expect(wrong.expected).toBe(expected);
  expect(wrong.actual).toBe(actual);
}

/**
 * Registers the contract's tests for one store. `makeStore` is called before each test and the
 * store is closed after it; every test uses its own random stream names, so a real server can be
 * reused across tests and runs.
 */
export function describeEventStoreContract(
  name: string,
  makeStore: () => Promise<EventStore> | EventStore,
  options: EventStoreContractOptions = {},
): void {
  const pagingCount = options.pagingEventCount ?? 10_000;
  const batchSize = options.appendBatchSize ?? 500;
  const timeout = options.timeoutMs;

  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    /** A stream of `count` events appended in one batch; returns its name and events. */
    const seeded = async (label: string, count: number) => {
      const streamName = uniqueStreamName(label);
      const events = sampleEvents(ORG, count);
      await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
      return { streamName, events };
    };

    describe('expected revisions', () => {
      it('no_stream creates a stream; the first event is revision 0', async () => {
        const streamName = uniqueStreamName('no-stream');
        const result = await store.appendToStream(streamName, sampleEvents(ORG, 3), {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).toBe(2n);
        expect(revisions(await readAll(store, streamName))).toEqual([0n, 1n, 2n]);
      });

      it('no_stream on an existing stream fails with the actual revision', async () => {
        const { streamName } = await seeded('no-stream-exists', 2);
        const error = await rejectionOf(
          store.appendToStream(streamName, [sampleEvent(ORG, 9)], { expectedRevision: 'no_stream' }),
        );
        expectWrongRevision(error, streamName, 'no_stream', 1n);
      });

      it('stream_exists on a missing stream fails with actual no_stream', async () => {
        const streamName = uniqueStreamName('exists-missing');
        const error = await rejectionOf(
          store.appendToStream(streamName, [sampleEvent(ORG, 0)], { expectedRevision: 'stream_exists' }),
        );
        expectWrongRevision(error, streamName, 'stream_exists', 'no_stream');
        await expect(readAll(store, streamName)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('stream_exists on an existing stream appends after its last event', async () => {
        const { streamName } = await seeded('exists', 2);
        const result = await store.appendToStream(streamName, sampleEvents(ORG, 2, 2), {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).toBe(3n);
      });

      it('any appends to a missing and to an existing stream, and is the default', async () => {
        const streamName = uniqueStreamName('any');
        const first = await store.appendToStream(streamName, [sampleEvent(ORG, 0)], {
          expectedRevision: 'any',
        });
        expect(first.nextExpectedRevision).toBe(0n);
        const second = await store.appendToStream(streamName, sampleEvents(ORG, 2, 1), {
          expectedRevision: 'any',
        });
        expect(second.nextExpectedRevision).toBe(2n);
        const third = await store.appendToStream(streamName, [sampleEvent(ORG, 3)]);
        expect(third.nextExpectedRevision).toBe(3n);
        expect(revisions(await readAll(store, streamName))).toEqual([0n, 1n, 2n, 3n]);
      });

      it('an exact revision equal to the last appends; the result names the new last revision', async () => {
        const { streamName } = await seeded('exact', 3);
        const result = await store.appendToStream(streamName, sampleEvents(ORG, 2, 3), {
          expectedRevision: 2n,
        });
        expect(result.nextExpectedRevision).toBe(4n);
        const next = await store.appendToStream(streamName, [sampleEvent(ORG, 5)], {
          expectedRevision: result.nextExpectedRevision,
        });
        expect(next.nextExpectedRevision).toBe(5n);
      });

      it.each([
        ['behind', 1n],
        ['ahead of', 5n],
      ] as const)('an exact revision %s the stream fails with expected and actual', async (_, expected) => {
        const { streamName, events } = await seeded('exact-wrong', 3);
        const error = await rejectionOf(
          store.appendToStream(streamName, [sampleEvent(ORG, 7)], { expectedRevision: expected }),
        );
        expectWrongRevision(error, streamName, expected, 2n);
        expect(ids(await readAll(store, streamName))).toEqual(events.map((event) => event.eventId));
      });

      it('an exact revision on a missing stream fails with actual no_stream and creates nothing', async () => {
        const streamName = uniqueStreamName('exact-missing');
        const error = await rejectionOf(
          store.appendToStream(streamName, [sampleEvent(ORG, 0)], { expectedRevision: 0n }),
        );
        expectWrongRevision(error, streamName, 0n, 'no_stream');
        await expect(readAll(store, streamName)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('of appends racing on one expected revision, exactly one wins and none is half-applied', async () => {
        const { streamName } = await seeded('race', 1);
        const batches = Array.from({ length: 10 }, (_, i) => sampleEvents(ORG, 3, 10 * (i + 1)));
        const outcomes = await Promise.allSettled(
          batches.map((batch) => store.appendToStream(streamName, batch, { expectedRevision: 0n })),
        );
        const winners = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expectWrongRevision(outcome.reason, streamName, 0n, 3n);
        }
        const winner = batches[winners[0] ?? -1] ?? [];
        expect(ids(await readAll(store, streamName)).slice(1)).toEqual(winner.map((event) => event.eventId));
      });
    });

    describe('reads', () => {
      it('forwards by default: every event as appended, with its stream name and revision', async () => {
        const { streamName, events } = await seeded('forwards', 5);
        const records = await readAll(store, streamName);
        expect(records.map((record) => record.event)).toEqual(events);
        expect(revisions(records)).toEqual(range(0, 5));
        expect(records.every((record) => record.streamName === streamName)).toBe(true);
      });

      it('forwards from a revision, at most maxCount events', async () => {
        const { streamName, events } = await seeded('forwards-from', 10);
        const records = await readAll(store, streamName, { fromRevision: 3n, maxCount: 4 });
        expect(revisions(records)).toEqual([3n, 4n, 5n, 6n]);
        expect(ids(records)).toEqual(events.slice(3, 7).map((event) => event.eventId));
        const tail = await readAll(store, streamName, {
          direction: 'forwards',
          fromRevision: 8n,
          maxCount: 50,
        });
        expect(revisions(tail)).toEqual([8n, 9n]);
        const start = await readAll(store, streamName, { fromRevision: 'start', maxCount: 2 });
        expect(revisions(start)).toEqual([0n, 1n]);
      });

      it('forwards from past the last revision reads nothing', async () => {
        const { streamName } = await seeded('forwards-past', 3);
        expect(await readAll(store, streamName, { fromRevision: 3n })).toEqual([]);
      });

      it('backwards from the end by default, newest first', async () => {
        const { streamName, events } = await seeded('backwards', 5);
        const records = await readAll(store, streamName, { direction: 'backwards' });
        expect(revisions(records)).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(ids(records)).toEqual(events.map((event) => event.eventId).reverse());
        const fromEnd = await readAll(store, streamName, {
          direction: 'backwards',
          fromRevision: 'end',
          maxCount: 1,
        });
        expect(revisions(fromEnd)).toEqual([4n]);
      });

      it('backwards from a revision, at most maxCount events', async () => {
        const { streamName } = await seeded('backwards-from', 10);
        const records = await readAll(store, streamName, {
          direction: 'backwards',
          fromRevision: 6n,
          maxCount: 3,
        });
        expect(revisions(records)).toEqual([6n, 5n, 4n]);
        const head = await readAll(store, streamName, {
          direction: 'backwards',
          fromRevision: 1n,
          maxCount: 9,
        });
        expect(revisions(head)).toEqual([1n, 0n]);
      });

      it('keeps streams apart', async () => {
        const a = await seeded('apart-a', 2);
        const b = await seeded('apart-b', 3);
        expect(ids(await readAll(store, a.streamName))).toEqual(a.events.map((event) => event.eventId));
        expect(ids(await readAll(store, b.streamName))).toEqual(b.events.map((event) => event.eventId));
      });

      it('is not changed by the caller mutating what it appended', async () => {
        const streamName = uniqueStreamName('defensive');
        const events = sampleEvents(ORG, 2);
        const original = structuredClone(events);
        await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
        events.pop();
        (events[0] as { data: { deviceId: string } }).data.deviceId = 'mutated';
        expect((await readAll(store, streamName)).map((record) => record.event)).toEqual(original);
      });
    });

    describe(`paging across ${pagingCount} events`, () => {
      it(
        'reads a long stream forwards and backwards, whole and in slices, in order',
        async () => {
          const streamName = uniqueStreamName('paging');
          const events = sampleEvents(ORG, pagingCount);
          const last = await appendInBatches(store, streamName, events, batchSize);
          expect(last).toBe(BigInt(pagingCount - 1));
          const forwards = await readAll(store, streamName);
          expect(revisions(forwards)).toEqual(range(0, pagingCount));
          expect(ids(forwards)).toEqual(events.map((event) => event.eventId));
          const backwards = await readAll(store, streamName, { direction: 'backwards' });
          expect(revisions(backwards)).toEqual(range(pagingCount - 1, -1, -1));
          const from = Math.floor(pagingCount * 0.43);
          const count = Math.floor(pagingCount * 0.12) + 1;
          const slice = await readAll(store, streamName, { fromRevision: BigInt(from), maxCount: count });
          expect(revisions(slice)).toEqual(range(from, from + count));
          const backSlice = await readAll(store, streamName, {
            direction: 'backwards',
            fromRevision: BigInt(from),
            maxCount: count,
          });
          expect(revisions(backSlice)).toEqual(range(from, from - count, -1));
        },
        timeout,
      );

      it(
        'an append while a read is under way neither duplicates nor skips an event',
        async () => {
          const streamName = uniqueStreamName('paging-concurrent');
          const count = Math.min(pagingCount, 2_000);
          const events = sampleEvents(ORG, count);
          await appendInBatches(store, streamName, events, batchSize);
          const seen: RecordedEvent[] = [];
          const extra = sampleEvents(ORG, 100, count);
          for await (const record of store.readStream(streamName)) {
            seen.push(record);
            if (seen.length === 10) {
              await store.appendToStream(streamName, extra, { expectedRevision: BigInt(count - 1) });
            }
          }
          // Whether a read sees events appended after it began is the store's choice; what it
          // yields must be a gap-free prefix of the stream.
          expect(seen.length === count || seen.length === count + 100).toBe(true);
          expect(revisions(seen)).toEqual(range(0, seen.length));
          expect(ids(seen)).toEqual(
            [...events, ...extra].slice(0, seen.length).map((event) => event.eventId),
          );
        },
        timeout,
      );
    });

    describe('the optional paged read (readStreamPages), when the store has it', () => {
      /** The pages of a read, drained; the test is skipped for a store without a paged read. */
      const readPages = async (
        skip: (condition: boolean, note: string) => void,
        streamName: string,
        readOptions?: ReadOptions,
      ): Promise<(readonly RecordedEvent[])[]> => {
        skip(store.readStreamPages === undefined, 'this store has no readStreamPages');
        const pages: (readonly RecordedEvent[])[] = [];
        for await (const page of store.readStreamPages?.(streamName, readOptions) ?? []) pages.push(page);
        return pages;
      };

      it(
        "pages concatenated are readStream's records, whole and in slices, forwards and backwards; none empty",
        async ({ skip }) => {
          const streamName = uniqueStreamName('pages');
          const count = Math.min(pagingCount, 2_000);
          await appendInBatches(store, streamName, sampleEvents(ORG, count), batchSize);
          const from = BigInt(Math.floor(count * 0.43));
          const reads: (ReadOptions | undefined)[] = [
            undefined,
            { direction: 'backwards' },
            { fromRevision: from, maxCount: Math.floor(count * 0.31) + 1 },
            { direction: 'backwards', fromRevision: from, maxCount: Math.floor(count * 0.27) + 1 },
            { fromRevision: 3n, maxCount: 1 },
            { fromRevision: BigInt(count) },
            { maxCount: 0 },
          ];
          for (const readOptions of reads) {
            const pages = await readPages(skip, streamName, readOptions);
            expect(pages.every((page) => page.length > 0)).toBe(true);
            expect(pages.flat()).toEqual(await readAll(store, streamName, readOptions));
          }
          const whole = await readPages(skip, streamName);
          // A long stream really is read in more than one page, in revision order.
          expect(whole.length).toBeGreaterThan(1);
          expect(revisions(whole.flat())).toEqual(range(0, count));
        },
        timeout,
      );

      for (const direction of ['forwards', 'backwards'] as const) {
        it(`on a missing stream ${direction} throws StreamNotFoundError`, async ({ skip }) => {
          const streamName = uniqueStreamName('pages-missing');
          const error = await rejectionOf(readPages(skip, streamName, { direction }));
          expect(error).toBeInstanceOf(StreamNotFoundError);
          expect((error as StreamNotFoundError).streamName).toBe(streamName);
        });
      }
    });

    describe('the optional global read (readAll), when the store has it', () => {
      /** Every event the store holds now, in global order; the test is skipped without readAll. */
      const readGlobal = async (
        skip: (condition: boolean, note: string) => void,
        readOptions?: ReadAllOptions,
      ): Promise<GlobalRecordedEvent[]> => {
        skip(store.readAll === undefined, 'this store has no readAll');
        const records: GlobalRecordedEvent[] = [];
        for await (const record of store.readAll?.(readOptions) ?? []) records.push(record);
        return records;
      };

      it('yields the events of every stream once, in the order appends made them; resumes after a position', async ({
        skip,
      }) => {
        // The store may hold other tests' events, and a store may hold its latest positions back
        // a while (PostgreSQL does while any transaction runs): this test reads its own streams
        // from the end it finds first, until its events are there.
        const tail = (await readGlobal(skip)).at(-1)?.position;
        const a = uniqueStreamName('all-a');
        const b = uniqueStreamName('all-b');
        const ours = (records: readonly GlobalRecordedEvent[]) =>
          records.filter((record) => record.streamName === a || record.streamName === b);
        const first = sampleEvents(ORG, 2);
        const second = sampleEvents(ORG, 3, 2);
        const third = sampleEvents(ORG, 1, 5);
        await store.appendToStream(a, first, { expectedRevision: 'no_stream' });
        await store.appendToStream(b, second, { expectedRevision: 'no_stream' });
        await store.appendToStream(a, third, { expectedRevision: 1n });

        let read: GlobalRecordedEvent[] = [];
        for (let attempt = 0; attempt < 200 && read.length < 6; attempt += 1) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
          read = ours(await readGlobal(skip, tail === undefined ? {} : { after: tail }));
        }
        expect(ids(read)).toEqual([...first, ...second, ...third].map((event) => event.eventId));
        expect(read.map((record) => [record.streamName, record.revision])).toEqual([
          [a, 0n],
          [a, 1n],
          [b, 0n],
          [b, 1n],
          [b, 2n],
          [a, 2n],
        ]);
        expect(read.map((record) => record.event)).toEqual([...first, ...second, ...third]);
        const positions = read.map((record) => record.position);
        for (let i = 1; i < positions.length; i += 1) {
          expect((positions[i] as bigint) > (positions[i - 1] as bigint)).toBe(true);
        }
        // Nothing else was appended since the first of these: reads after one of them are ours.
        const resumed = await readGlobal(skip, { after: positions[2] as bigint });
        expect(resumed.map((record) => record.position)).toEqual(positions.slice(3));
        const some = await readGlobal(skip, { after: positions[0] as bigint, maxCount: 2 });
        expect(some.map((record) => record.position)).toEqual(positions.slice(1, 3));
        expect(await readGlobal(skip, { after: positions.at(-1) as bigint })).toEqual([]);
      });
    });

    if (options.subscriptions ?? true) {
      describe('subscriptions and documents', () => subscriptionContractTests(() => store));
    }

    describe('idempotent re-append', () => {
      it('the same events with the same expected revision succeed again without duplicates', async () => {
        const streamName = uniqueStreamName('idempotent');
        const events = sampleEvents(ORG, 3);
        const first = await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
        expect(again).toEqual(first);
        expect(ids(await readAll(store, streamName))).toEqual(events.map((event) => event.eventId));
      });

      it('a retry with an exact revision is a no-op even after the stream moved on', async () => {
        const { streamName, events } = await seeded('idempotent-exact', 2);
        const batch = sampleEvents(ORG, 2, 2);
        const first = await store.appendToStream(streamName, batch, { expectedRevision: 1n });
        const later = sampleEvents(ORG, 1, 4);
        await store.appendToStream(streamName, later, { expectedRevision: first.nextExpectedRevision });
        const again = await store.appendToStream(streamName, batch, { expectedRevision: 1n });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(ids(await readAll(store, streamName))).toEqual(
          [...events, ...batch, ...later].map((event) => event.eventId),
        );
      });

      it('a retry with any is a no-op', async () => {
        const { streamName, events } = await seeded('idempotent-any', 2);
        const batch = sampleEvents(ORG, 2, 2);
        const first = await store.appendToStream(streamName, batch, { expectedRevision: 'any' });
        const again = await store.appendToStream(streamName, batch, { expectedRevision: 'any' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(ids(await readAll(store, streamName))).toEqual(
          [...events, ...batch].map((event) => event.eventId),
        );
      });

      // docs/ledger.md: the same event again is a no-op; another event under a known id is not.
      it.each([
        ['no_stream', 0],
        ['an exact revision', 1],
        ['any', 1],
      ] as const)(
        'a replay with %s carrying other content under a known eventId is refused naming it; the stream keeps its event',
        async (how, changedAt) => {
          const { streamName, events } = await seeded(`idempotent-changed-${changedAt}`, 3);
          const replayed = how === 'no_stream' ? events : events.slice(1);
          const expectedRevision: ExpectedRevision =
            how === 'no_stream' ? 'no_stream' : how === 'any' ? 'any' : 0n;
          const changed = replayed.map((event, offset) =>
            offset === changedAt ? { ...event, data: { ...event.data, deviceId: 'd-other' } } : event,
          );
          const error = await rejectionOf(store.appendToStream(streamName, changed, { expectedRevision }));
          expect(error).toBeInstanceOf(EventIdConflictError);
          expect(isEventIdConflictError(error)).toBe(true);
          const conflict = error as EventIdConflictError;
          const revision = BigInt(events.length - replayed.length + changedAt);
          expect(conflict.code).toBe('EventIdConflict');
          expect(conflict.streamName).toBe(streamName);
          expect(conflict.eventId).toBe(changed[changedAt]?.eventId);
          expect(conflict.revision).toBe(revision);
          expect(conflict.message).toContain(`eventId ${conflict.eventId}`);
          const stored = await readAll(store, streamName);
          expect(stored.map((record) => record.event)).toEqual(events);
          // The same events again are still the no-op they were.
          const again = await store.appendToStream(streamName, replayed, { expectedRevision });
          expect(again.nextExpectedRevision).toBe(BigInt(events.length - 1));
        },
      );

      it('a new event under an eventId the stream holds is refused at the current revision, and with any', async () => {
        const { streamName, events } = await seeded('duplicate-id', 2);
        const [first] = events as [TallyEvent];
        // A command handler whose ids repeat: the next event reuses the first one's id.
        const reused = { ...sampleEvent(ORG, 9), eventId: first.eventId };
        const error = await rejectionOf(store.appendToStream(streamName, [reused], { expectedRevision: 1n }));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(isDuplicateEventIdError(error)).toBe(true);
        expect(error).toMatchObject({ streamName, eventId: first.eventId, existingRevision: 0n });
        // With any, the id finds the stream's event: a replay of other content.
        const anyError = await rejectionOf(
          store.appendToStream(streamName, [reused], { expectedRevision: 'any' }),
        );
        expect(anyError).toBeInstanceOf(EventIdConflictError);
        expect(anyError).toMatchObject({ streamName, eventId: first.eventId, revision: 0n });
        expect((await readAll(store, streamName)).map((record) => record.event)).toEqual(events);
      });

      it('a retry mixing appended and new events is refused and writes nothing', async () => {
        const { streamName, events } = await seeded('idempotent-mixed', 2);
        const mixed = [events[0] ?? sampleEvent(ORG, 0), sampleEvent(ORG, 5)];
        const error = await rejectionOf(
          store.appendToStream(streamName, mixed, { expectedRevision: 'no_stream' }),
        );
        expectWrongRevision(error, streamName, 'no_stream', 1n);
        expect(ids(await readAll(store, streamName))).toEqual(events.map((event) => event.eventId));
      });
    });

    describe('missing streams', () => {
      it.each(['forwards', 'backwards'] as const)(
        'reading one %s throws StreamNotFoundError',
        async (direction) => {
          const streamName = uniqueStreamName('missing');
          const error = await rejectionOf(readAll(store, streamName, { direction }));
          expect(error).toBeInstanceOf(StreamNotFoundError);
          expect(isStreamNotFoundError(error)).toBe(true);
          expect((error as StreamNotFoundError).streamName).toBe(streamName);
          expect((error as StreamNotFoundError).code).toBe('StreamNotFound');
        },
      );

      it('reading one does not create it', async () => {
        const streamName = uniqueStreamName('missing-then-created');
        await expect(readAll(store, streamName)).rejects.toBeInstanceOf(StreamNotFoundError);
        const result = await store.appendToStream(streamName, [sampleEvent(ORG, 0)], {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).toBe(0n);
      });
    });

    describeConcurrentCommandContract(() => store, {
      handlers: options.concurrentHandlers ?? 8,
      ...(timeout === undefined ? {} : { timeoutMs: timeout }),
    });
  });
}
