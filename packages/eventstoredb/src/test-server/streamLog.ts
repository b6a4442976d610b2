// The test server's storage: streams of recorded events in memory, with the append rules of a
// real EventStoreDB node (expected-revision checks, idempotent re-appends by event id, and the
// same blind spot: at the stream's current revision a batch is written without looking at its
// ids, so an id the stream already holds is written again; docs/eventstoredb.md). No gRPC here,
// so the rules can be tested on their own.

import type { ProposedEvent, WireExpectedRevision } from '../batchAppendWire.js';

/** What the appender expects, as the wire says it: `bigint` is the stream's last revision. */
export type WireExpectation = WireExpectedRevision;

/** An event as the appender proposes it; the log holds its id as a canonical lower-case UUID. */
export type { ProposedEvent };

export interface StoredEvent extends ProposedEvent {
  readonly streamName: string;
  readonly revision: bigint;
  /** Position in the whole log; commit and prepare positions are equal here. */
  readonly position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as the server stamps `created`. */
  readonly createdTicks: bigint;
}

export type AppendOutcome =
  | {
      readonly kind: 'success';
      /** The stream's last revision after the append; `undefined` while it has no event. */
      readonly currentRevision: bigint | undefined;
      readonly position: bigint | undefined;
      /** How many events were written: 0 for an idempotent re-append. */
      readonly written: number;
    }
  | { readonly kind: 'wrong-expected-version'; readonly currentRevision: bigint | undefined };

export interface ReadRequest {
  readonly from: bigint | 'start' | 'end';
  readonly direction: 'forwards' | 'backwards';
  readonly count: number;
}

export interface StreamLog {
  append(streamName: string, expected: WireExpectation, events: readonly ProposedEvent[]): AppendOutcome;
  /** `undefined` when the stream does not exist. */
  read(streamName: string, request: ReadRequest): readonly StoredEvent[] | undefined;
  /** Every event of every stream in log order (index = position): what `$all` holds. Only grows. */
  readonly all: readonly StoredEvent[];
  /** Calls `listener` with the events of each write, right after it; returns the unsubscribe. */
  onWrite(listener: (written: readonly StoredEvent[]) => void): () => void;
}

interface Stream {
  readonly events: StoredEvent[];
  /** Last revision at which each event id was written. */
  readonly revisionById: Map<string, number>;
}

const TICKS_PER_MILLISECOND = 10_000n;

export const createStreamLog = (nowEpochMs: () => number = Date.now): StreamLog => {
  const streams = new Map<string, Stream>();
  let nextPosition = 0n;
  // $all, and the subscriptions told of each write (subscriptions.ts).
  const all: StoredEvent[] = [];
  const listeners = new Set<(written: readonly StoredEvent[]) => void>();

  const lastRevisionOf = (stream: Stream | undefined): bigint | undefined =>
    stream && stream.events.length > 0 ? BigInt(stream.events.length - 1) : undefined;

  /** The events of `stream` from index `start` carry exactly the proposed ids, in order. */
  const matchesAt = (stream: Stream, start: number, events: readonly ProposedEvent[]): boolean =>
    start >= 0 &&
    start + events.length <= stream.events.length &&
    events.every((event, offset) => stream.events[start + offset]?.id === event.id);

  const idempotentSuccess = (stream: Stream, start: number, count: number): AppendOutcome => {
    const last = stream.events[start + count - 1];
    return {
      kind: 'success',
      currentRevision: last?.revision,
      position: last?.position,
      written: 0,
    };
  };

  const write = (
    streamName: string,
    existing: Stream | undefined,
    events: readonly ProposedEvent[],
  ): AppendOutcome => {
    if (events.length === 0) {
      // Nothing to write: a real node answers with the stream as it is and creates nothing.
      return {
        kind: 'success',
        currentRevision: lastRevisionOf(existing),
        position: undefined,
        written: 0,
      };
    }
    const stream = existing ?? { events: [], revisionById: new Map<string, number>() };
    if (!existing) streams.set(streamName, stream);
    const createdTicks = BigInt(nowEpochMs()) * TICKS_PER_MILLISECOND;
    const firstWritten = all.length;
    for (const event of events) {
      const revision = stream.events.length;
      // Fields named, not spread: spreading the proposed event cost six times as much (case 14).
      const stored: StoredEvent = {
        id: event.id,
        type: event.type,
        contentType: event.contentType,
        data: event.data,
        customMetadata: event.customMetadata,
        streamName,
        revision: BigInt(revision),
        position: nextPosition,
        createdTicks,
      };
      stream.events.push(stored);
      all.push(stored);
      nextPosition += 1n;
      // A node remembers where an id was written last (its cache entry is overwritten).
      stream.revisionById.set(event.id, revision);
    }
    const written = all.slice(firstWritten);
    for (const listener of listeners) listener(written);
    const last = stream.events.at(-1);
    return {
      kind: 'success',
      currentRevision: last?.revision,
      position: last?.position,
      written: events.length,
    };
  };

  /** `any` and `stream_exists` name no position, so a real node recognises a retry by its ids
   * alone, looking each up among the events it wrote (a bounded cache there; every id here): all
   * of them known in this stream is a replay, answered with the revision of the last one; the
   * first one unknown is a new batch, written even if a later id is known; the first known and a
   * later one not is refused as a wrong expected version (a corrupted retry). `undefined` for
   * that refusal. */
  const appendByIds = (
    streamName: string,
    stream: Stream | undefined,
    events: readonly ProposedEvent[],
  ): AppendOutcome | undefined => {
    const known = events.map((event) => stream?.revisionById.get(event.id));
    if (stream === undefined || known[0] === undefined) return write(streamName, stream, events);
    if (known.some((revision) => revision === undefined)) return undefined;
    const last = stream.events[known.at(-1) as number];
    return { kind: 'success', currentRevision: last?.revision, position: last?.position, written: 0 };
  };

  const append: StreamLog['append'] = (streamName, expected, events) => {
    const stream = streams.get(streamName);
    const current = lastRevisionOf(stream);
    const wrong: AppendOutcome = { kind: 'wrong-expected-version', currentRevision: current };
    const first = events[0];

    if (expected === 'no_stream' || typeof expected === 'bigint') {
      const expectedLast = expected === 'no_stream' ? -1n : expected;
      if ((current ?? -1n) === expectedLast) return write(streamName, stream, events);
      // The same ids already sit right after the expected revision: a retried append.
      const start = Number(expectedLast + 1n);
      if (first && stream && matchesAt(stream, start, events)) {
        return idempotentSuccess(stream, start, events.length);
      }
      return wrong;
    }

    if (expected === 'stream_exists' && current === undefined) return wrong;
    return appendByIds(streamName, stream, events) ?? wrong;
  };

  const read: StreamLog['read'] = (streamName, { from, direction, count }) => {
    const stream = streams.get(streamName);
    if (!stream) return undefined;
    const { events } = stream;
    if (direction === 'forwards') {
      const start =
        from === 'start' ? 0 : from === 'end' ? events.length : Math.min(Number(from), events.length);
      return events.slice(start, start + count);
    }
    const start =
      from === 'end' ? events.length - 1 : from === 'start' ? 0 : Math.min(Number(from), events.length - 1);
    const page: StoredEvent[] = [];
    for (let index = start; index >= 0 && page.length < count; index -= 1) {
      const event = events[index];
      if (event) page.push(event);
    }
    return page;
  };

  const onWrite: StreamLog['onWrite'] = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };

  return { append, read, all, onWrite };
};
