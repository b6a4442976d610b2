// The in-memory EventStore: the port's semantics exactly (EventStoreDB's 0-based revisions,
// expected revisions, idempotent re-append, paged reads, the optional `readStreamPages` and
// `readAll`), for tests, examples and the CLI.
import type { TallyEvent } from '@tally/domain';
import { decideAppend, type StreamIds } from './append-decision.js';
import { frozenCopy } from './frozen-copy.js';
import { createInMemoryDocuments, createInMemoryFollow } from './in-memory-follow.js';
import { withPagedRead } from './paged-read.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  GlobalRecordedEvent,
  ReadAllOptions,
  ReadOptions,
  RecordedEvent,
} from './port.js';
import { StreamNotFoundError } from './port.js';
import { checkReplayedContent, eventContent } from './replay-content.js';
import { StoreClosedError } from './store-errors.js';

export interface InMemoryEventStoreOptions {
  /** Events a read takes from the stream at a time; defaults to 500. */
  readonly pageSize?: number;
}

export const DEFAULT_PAGE_SIZE = 500;

/** One stream: its records in revision order and an index from eventId to revision. */
class StoredStream implements StreamIds {
  readonly records: RecordedEvent[] = [];
  private readonly revisionById = new Map<string, number>();

  get length(): number {
    return this.records.length;
  }

  idAt(revision: number): string | undefined {
    return this.records[revision]?.event.eventId;
  }

  revisionOf(eventId: string): number | undefined {
    return this.revisionById.get(eventId);
  }

  push(record: RecordedEvent): void {
    this.revisionById.set(record.event.eventId, this.records.length);
    this.records.push(record);
  }
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  }
  return value;
}

/** First index a read visits, or `undefined` when it visits nothing. */
function firstIndex(options: ReadOptions, lastIndex: number): number | undefined {
  const from = options.fromRevision;
  if ((options.direction ?? 'forwards') === 'forwards') {
    if (from === undefined || from === 'start') return 0;
    if (from === 'end' || from > BigInt(lastIndex)) return undefined;
    return Number(from);
  }
  if (from === undefined || from === 'end') return lastIndex;
  if (from === 'start') return 0;
  return from > BigInt(lastIndex) ? lastIndex : Number(from);
}

function validateReadAllOptions({ after, maxCount }: ReadAllOptions): void {
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`readAll: maxCount must be a non-negative integer, got ${maxCount}`);
  }
  if (after !== undefined && after < 0n) throw new RangeError(`readAll: after must be >= 0n, got ${after}`);
}

function validateReadOptions(streamName: string, options: ReadOptions): void {
  const { maxCount, fromRevision } = options;
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`read of ${streamName}: maxCount must be a non-negative integer, got ${maxCount}`);
  }
  if (typeof fromRevision === 'bigint' && fromRevision < 0n) {
    throw new RangeError(`read of ${streamName}: fromRevision must be >= 0n, got ${fromRevision}`);
  }
}

/** The answer to a replay (decideAppend found the batch's ids already in the stream), once its
 * events are the stored ones: the same id with other content is refused (replay-content.ts). */
function replayed(
  streamName: string,
  stream: StoredStream,
  events: readonly TallyEvent[],
  lastRevision: bigint,
): AppendResult {
  const first = lastRevision - BigInt(events.length - 1);
  checkReplayedContent(
    streamName,
    first,
    events.map((event) => event.eventId),
    (offset) => eventContent(events[offset] as TallyEvent),
    (offset) => eventContent((stream.records[Number(first) + offset] as RecordedEvent).event),
  );
  return { nextExpectedRevision: lastRevision };
}

/** Creates an empty in-memory store. */
export function getInMemoryEventStore(options: InMemoryEventStoreOptions = {}): EventStore {
  const pageSize = positiveInteger(options.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize');
  const streams = new Map<string, StoredStream>();
  // Every record in append order: a record's index here is its global position. Appends are
  // synchronous, so positions are settled the moment they exist and readAll holds none back.
  const all: RecordedEvent[] = [];
  let closed = false;

  const assertOpen = (operation: string): void => {
    if (closed) throw new StoreClosedError(operation);
  };

  // Everything between the checks and the last push is synchronous: no other append can
  // interleave, so an append is atomic and the expected revision cannot go stale midway.
  const appendToStream = async (
    streamName: string,
    events: readonly TallyEvent[],
    appendOptions: AppendOptions = {},
  ): Promise<AppendResult> => {
    assertOpen(`appendToStream(${streamName})`);
    const existing = streams.get(streamName);
    const decision = decideAppend(
      streamName,
      existing,
      events.map((event) => event.eventId),
      appendOptions.expectedRevision ?? 'any',
    );
    // A replay is of events the stream holds, so it exists.
    if (decision.kind === 'replay') {
      return replayed(streamName, existing as StoredStream, events, decision.lastRevision);
    }
    // Copy every event before touching the stream, so a bad event cannot leave half a batch.
    const copies = events.map((event) => frozenCopy(event));
    const stream = existing ?? new StoredStream();
    for (const event of copies) {
      const record = Object.freeze({ streamName, revision: BigInt(stream.length), event });
      stream.push(record);
      all.push(record);
    }
    streams.set(streamName, stream);
    follow.notify();
    return { nextExpectedRevision: BigInt(stream.length - 1) };
  };

  // Takes the stream's extent when iteration starts: events appended while a read is under way
  // are not part of it, so a concurrent append can neither duplicate nor skip an event. Each page
  // is a fresh array of the stored (frozen) records.
  async function* readStreamPages(
    streamName: string,
    readOptions: ReadOptions = {},
  ): AsyncGenerator<readonly RecordedEvent[]> {
    assertOpen(`readStream(${streamName})`);
    validateReadOptions(streamName, readOptions);
    const stream = streams.get(streamName);
    if (stream === undefined) throw new StreamNotFoundError(streamName);
    const lastIndex = stream.length - 1;
    const step = (readOptions.direction ?? 'forwards') === 'forwards' ? 1 : -1;
    let remaining = readOptions.maxCount ?? Number.POSITIVE_INFINITY;
    let index = firstIndex(readOptions, lastIndex);
    while (index !== undefined && remaining > 0 && index >= 0 && index <= lastIndex) {
      assertOpen(`readStream(${streamName})`);
      const count = Math.min(pageSize, remaining);
      const page =
        step === 1
          ? stream.records.slice(index, Math.min(index + count, lastIndex + 1))
          : stream.records.slice(Math.max(index - count + 1, 0), index + 1).reverse();
      yield page;
      remaining -= page.length;
      index += step * page.length;
    }
  }

  async function* readStream(
    streamName: string,
    readOptions: ReadOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    // A plain loop: `yield*` over an array in an async generator wraps it in an async-from-sync
    // iterator, several promise steps per event instead of one.
    for await (const page of readStreamPages(streamName, readOptions)) {
      for (const record of page) yield record;
    }
  }

  async function* readAll(readOptions: ReadAllOptions = {}): AsyncGenerator<GlobalRecordedEvent> {
    assertOpen('readAll');
    validateReadAllOptions(readOptions);
    const start = readOptions.after === undefined ? 0 : Number(readOptions.after) + 1;
    // The extent at the start, as readStream does: a read ends even while appends go on.
    const end = Math.min(all.length, start + (readOptions.maxCount ?? Number.POSITIVE_INFINITY));
    for (let index = start; index < end; index += 1) {
      assertOpen('readAll');
      const record = all[index] as RecordedEvent;
      yield { ...record, position: BigInt(index) };
    }
  }

  // Subscriptions (woken by every append) and bookkeeping documents: in-memory-follow.ts.
  const follow = createInMemoryFollow(all, (name) => streams.get(name)?.records, assertOpen);
  const documents = createInMemoryDocuments(assertOpen);

  const store: EventStore = {
    appendToStream,
    readStream,
    currentRevision: (streamName) => {
      const length = streams.get(streamName)?.length ?? 0;
      return length === 0 ? 'no_stream' : BigInt(length - 1);
    },
    readAll,
    subscribe: follow.subscribe,
    appendDocument: documents.appendDocument,
    readLastDocument: documents.readLastDocument,
    close: async () => {
      closed = true;
      follow.notify(); // a waiting subscription wakes and ends with StoreClosedError
    },
  };
  return withPagedRead(store, readStreamPages);
}
