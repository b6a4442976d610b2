// The EventStore port: what the ledger needs from any event store. Revisions follow
// EventStoreDB's convention everywhere: the first event of a stream is revision 0n, and a stream
// that does not exist has no revision at all.
import type { TallyEvent } from '@tally/domain';

/** What the appender believes the stream's last revision is. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  /** Defaults to `'any'`. */
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append: pass it as the next expected revision. */
  readonly nextExpectedRevision: bigint;
}

export interface ReadOptions {
  /** Defaults to `'forwards'`. */
  readonly direction?: 'forwards' | 'backwards';
  /** First revision to read (inclusive); `'start'` (default forwards) or `'end'` (default backwards). */
  readonly fromRevision?: bigint | 'start' | 'end';
  /** Stop after this many events; unlimited when absent. */
  readonly maxCount?: number;
}

export interface RecordedEvent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly event: TallyEvent;
}

export interface ReadAllOptions {
  /** Read the events after this global position (exclusive); from the first event when absent. */
  readonly after?: bigint;
  /** Stop after this many events; unlimited when absent. */
  readonly maxCount?: number;
}

/** An event read across streams, with its place in the store's global order. */
export interface GlobalRecordedEvent extends RecordedEvent {
  /** Unique in the store and increasing along `readAll`'s order; not contiguous. */
  readonly position: bigint;
}

export interface EventStore {
  /**
   * Appends events atomically. Events whose `eventId`s were all appended before, as the stream's
   * most recent events at the same position, make the call a no-op that returns the same result.
   * Throws `WrongExpectedRevisionError` when `expectedRevision` does not hold.
   */
  appendToStream(
    streamName: string,
    events: readonly TallyEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Reads a stream page by page as an async iterable. Throws `StreamNotFoundError` (on the first
   * iteration) when the stream does not exist.
   */
  readStream(streamName: string, options?: ReadOptions): AsyncIterable<RecordedEvent>;
  /**
   * OPTIONAL: the same read as `readStream`, handed out a page (an array of records) at a time,
   * for folds that want a synchronous inner loop: one promise per page instead of one per event.
   * Same options, same order, same `StreamNotFoundError` on the first iteration; the pages, in
   * order and concatenated, are exactly the records `readStream` yields, and no page is empty.
   * The page size is the store's. Readers use it when present and `readStream` otherwise.
   *
   * A wrapper that overrides `readStream` (to check or transform what it reads) must override or
   * drop this too, or readers would bypass it. The stores in this repository define it as a
   * non-enumerable property, so a wrapper built as `{ ...store, readStream }` drops it.
   */
  readStreamPages?(streamName: string, options?: ReadOptions): AsyncIterable<readonly RecordedEvent[]>;
  /**
   * OPTIONAL: every stream's events in one global order, by increasing `position`, for
   * subscriptions and projections. A read yields what is settled when it runs and then ends: to
   * follow the store, read again `after` the last position seen (store it as the checkpoint).
   * Each event is yielded exactly once along that order: no later read ever yields an event at a
   * position before one already yielded, so resuming after a checkpoint neither skips nor repeats.
   * A store whose appends commit out of position order (PostgreSQL) holds back the positions a
   * transaction still in flight may fill; docs/postgres.md says how.
   */
  readAll?(options?: ReadAllOptions): AsyncIterable<GlobalRecordedEvent>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'WrongExpectedRevision' as const;
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or `'no_stream'`. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `append to ${streamName} expected revision ${String(expected)} but the stream is at ${String(actual)}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends Error {
  readonly code = 'StreamNotFound' as const;
  constructor(readonly streamName: string) {
    super(`stream ${streamName} does not exist`);
    this.name = 'StreamNotFoundError';
  }
}

export const isWrongExpectedRevisionError = (error: unknown): error is WrongExpectedRevisionError =>
  error instanceof WrongExpectedRevisionError;
export const isStreamNotFoundError = (error: unknown): error is StreamNotFoundError =>
  error instanceof StreamNotFoundError;

/** The stream that holds one organization's history. */
export const orgStreamName = (orgId: string): string => `tally-org-${orgId}`;
