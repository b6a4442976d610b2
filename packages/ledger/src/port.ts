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

/** Where a subscription starts and what it follows. */
export interface SubscribeOptions {
  /** Follow this one stream; checkpoints are then its revisions. Absent: every organization's
   * stream (`tally-org-*`), in the store's global order; checkpoints are global positions. */
  readonly streamName?: string;
  /** Resume after this checkpoint (exclusive): a revision of `streamName`, or a global position.
   * From the first event when absent. */
  readonly after?: bigint;
  /** At most this many events in one batch; the store's default when absent. */
  readonly maxBatch?: number;
  /** Aborting ends the iteration (it returns; nothing is thrown). */
  readonly signal?: AbortSignal;
}

/** What a subscription yields, in order. */
export type SubscriptionMessage =
  | {
      readonly kind: 'events';
      /** At least one event, in order; each is yielded exactly once along the subscription. */
      readonly events: readonly GlobalRecordedEvent[];
      /** The checkpoint of the batch's last event: resume `after` it. */
      readonly checkpoint: bigint;
    }
  /** Every event settled when the subscription started has been yielded; what follows is live.
   * Sent once per subscription (a resubscription after a dropped connection sends none). */
  | { readonly kind: 'caughtUp'; readonly checkpoint: bigint | undefined }
  /** Progress without an event of interest (EventStoreDB skipped other streams): storing it as the
   * checkpoint saves a resumed subscription from scanning them again. */
  | { readonly kind: 'checkpoint'; readonly checkpoint: bigint };

/** A small JSON document of the store's own bookkeeping (a projection's checkpoint, a decider's
 * snapshot), kept in a stream of its own: never an org's stream, never yielded by readAll or
 * subscribe. */
export interface StoredDocument {
  /** What the document is, e.g. `LiveCheckpoint`, `OrgSnapshot`. */
  readonly type: string;
  /** The document as JSON text: the store keeps it byte for byte. */
  readonly json: string;
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
   * OPTIONAL, for a store in the process (no I/O): the stream's last revision now, `no_stream`
   * for a stream without events. The command handler asks it before deciding on a cached state:
   * a stale cache is caught up first, so an expensive decision (a billing run's invoices) is made
   * once instead of on the stale state, refused by the append and made again. Only a hint: the
   * append's expected revision still decides.
   */
  currentRevision?(streamName: string): bigint | 'no_stream';
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
  /**
   * OPTIONAL: follows the store, in order, every event exactly once: first every event after
   * `after` that is settled, then a `caughtUp` message, then new events as they are appended,
   * in batches, until `signal` aborts or the consumer stops iterating. A store that loses its
   * connection resubscribes after the last checkpoint it yielded, so a dropped connection
   * neither skips nor repeats an event; an error it cannot recover from ends the iteration with
   * that error. A consumer stores the checkpoint of what it handled and passes it as `after` when
   * it starts again. On PostgreSQL the global order holds back positions a transaction in flight
   * may fill, as readAll does. docs/live.md says how each store follows.
   */
  subscribe?(options?: SubscribeOptions): AsyncIterable<SubscriptionMessage>;
  /**
   * OPTIONAL: appends a document to one of the store's bookkeeping streams (a name that does not
   * start with `tally-org-`; a `RangeError` otherwise). Not idempotent, no expected revision: the
   * latest document is the one that counts.
   */
  appendDocument?(streamName: string, document: StoredDocument): Promise<void>;
  /** OPTIONAL: the latest document of a bookkeeping stream, or undefined when it has none. */
  readLastDocument?(streamName: string): Promise<StoredDocument | undefined>;
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
export const orgStreamName = (orgId: string): string => `${ORG_STREAM_PREFIX}${orgId}`;

/** The prefix of every organization's stream: a subscription to every org follows these. */
export const ORG_STREAM_PREFIX = 'tally-org-';

/** Refuses a bookkeeping stream name that would land among the org streams. */
export function checkDocumentStreamName(streamName: string): string {
  if (streamName.length === 0 || streamName.startsWith(ORG_STREAM_PREFIX)) {
    throw new RangeError(
      `document stream "${streamName}" must be non-empty and must not start with ${ORG_STREAM_PREFIX}: those are organizations' event streams`,
    );
  }
  return streamName;
}
