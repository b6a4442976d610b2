// The ledger's append rule (decideAppend, docs/ledger.md "Idempotent re-append") on EventStoreDB.
// A server compares a batch's ids only at the positions after its expected revision (or, for
// `any`, in a bounded cache) and never compares content: at the stream's current revision it
// writes an id the stream already holds, and it answers "success" to a replay that carries other
// events under the same ids. So the adapter decides each append itself, as the in-memory store
// and the PostgreSQL adapter do, from what it knows of the stream:
//
// - a 32-bit hash of every eventId of each stream it appends to (about 20 bytes an event, kept
//   for the store's lifetime), brought up to date before each append by reading the stream from
//   where it left off (one read call, usually of nothing);
// - the stream's events at the positions a replay would be at, read when the expected revision
//   names positions the stream already has (a retry), and compared by content;
// - where an id whose hash is known sits, found by reading the stream through: only for a real
//   repeat or a hash collision (a new id collides with odds of the stream's length in 2^32: one
//   in 200 million on a stream of 20 events, one in 4,000 on a stream of a million).
//
// The server's expected-revision check still decides every race: between this decision and the
// write, a concurrent append makes the server refuse with WrongExpectedRevisionError.
import type { ExpectedRevision, RecordedEvent } from '@tally/ledger';
import { type AppendDecision, decideAppend, type StreamIds } from '@tally/ledger/store-kit';

/** Reads up to `count` events of the stream forwards from `from`; [] for a missing stream. */
export type ReadForwards = (
  streamName: string,
  from: bigint,
  count: number,
) => Promise<readonly RecordedEvent[]>;

/** What is known of one stream: the hashes of the ids of its first `length` events. */
interface KnownStream {
  length: number;
  readonly hashes: Set<number>;
}

/** FNV-1a, 32 bits: which ids the stream may hold. */
function hashOf(eventId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i++) hash = Math.imul(hash ^ eventId.charCodeAt(i), 0x01000193);
  return hash;
}

export interface AppendRule {
  /** The decision on appending events with these ids, and the stored events a replay would be
   * of (by revision), to compare their content. Throws as decideAppend does. */
  decide(
    streamName: string,
    eventIds: readonly string[],
    expected: ExpectedRevision,
  ): Promise<{ readonly decision: AppendDecision; readonly stored: ReadonlyMap<bigint, RecordedEvent> }>;
  /** The server wrote the batch; its last event is at `lastRevision`. */
  written(streamName: string, eventIds: readonly string[], lastRevision: bigint): void;
  /** Forget what is known of the stream (after an answer that does not fit it). */
  forget(streamName: string): void;
}

export function createAppendRule(read: ReadForwards, pageSize: number): AppendRule {
  const streams = new Map<string, KnownStream>();

  /** Reads the events of `streamName` from `from` to its end, page by page. */
  async function* eventsFrom(streamName: string, from: number): AsyncGenerator<RecordedEvent> {
    for (let next = BigInt(from); ; ) {
      const page = await read(streamName, next, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      next += BigInt(page.length);
    }
  }

  /** The stream as it is now: its new events' ids hashed in. */
  async function upToDate(streamName: string): Promise<KnownStream> {
    const known = streams.get(streamName) ?? { length: 0, hashes: new Set<number>() };
    streams.set(streamName, known);
    for await (const record of eventsFrom(streamName, known.length)) {
      known.hashes.add(hashOf(record.event.eventId));
      known.length = Number(record.revision) + 1;
    }
    return known;
  }

  /** Where each of `eventIds` was written last in the stream (a read through it). */
  async function revisionsOf(streamName: string, eventIds: readonly string[]): Promise<Map<string, number>> {
    const wanted = new Set(eventIds);
    const found = new Map<string, number>();
    for await (const record of eventsFrom(streamName, 0)) {
      if (wanted.has(record.event.eventId)) found.set(record.event.eventId, Number(record.revision));
    }
    return found;
  }

  return {
    async decide(streamName, eventIds, expected) {
      const known = await upToDate(streamName);
      const maybeKnown = eventIds.filter((id) => known.hashes.has(hashOf(id)));
      let revisions: Map<string, number> | undefined;
      const revisionOf = async (id: string) => {
        if (!known.hashes.has(hashOf(id))) return undefined;
        revisions ??= await revisionsOf(streamName, maybeKnown);
        return revisions.get(id);
      };
      // Where a replay of this batch would start (decideAppend's own reading of the expectation).
      const [firstId] = eventIds;
      let start: number | undefined;
      if (expected === 'no_stream') start = 0;
      else if (typeof expected === 'bigint') start = Number(expected) + 1;
      else if (firstId !== undefined) start = await revisionOf(firstId);
      const stored = new Map<bigint, RecordedEvent>();
      if (start !== undefined && start >= 0 && start < known.length) {
        for (const record of await read(streamName, BigInt(start), eventIds.length)) {
          stored.set(record.revision, record);
        }
      }
      const replay =
        start !== undefined &&
        eventIds.every((id, offset) => stored.get(BigInt(start + offset))?.event.eventId === id);
      // Not a replay: an id the stream holds is refused, so find where the known ones are.
      if (!replay && maybeKnown.length > 0) revisions ??= await revisionsOf(streamName, maybeKnown);
      const view: StreamIds = {
        length: known.length,
        idAt: (revision) => stored.get(BigInt(revision))?.event.eventId,
        revisionOf: (id) => revisions?.get(id),
      };
      return {
        decision: decideAppend(streamName, known.length === 0 ? undefined : view, eventIds, expected),
        stored,
      };
    },

    written(streamName, eventIds, lastRevision) {
      const known = streams.get(streamName);
      if (known === undefined) return;
      // Anything but the batch right after what was known: start again from the stream itself.
      if (lastRevision !== BigInt(known.length + eventIds.length - 1)) {
        streams.delete(streamName);
        return;
      }
      for (const id of eventIds) known.hashes.add(hashOf(id));
      known.length += eventIds.length;
    },

    forget(streamName) {
      streams.delete(streamName);
    },
  };
}
