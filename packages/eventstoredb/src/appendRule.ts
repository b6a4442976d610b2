// The ledger's append rule (decideAppend, docs/ledger.md "Idempotent re-append") on EventStoreDB.
// A server compares a batch's ids only at the positions after its expected revision (or, for
// `any`, in a bounded cache) and never compares content: at the stream's current revision it
// writes an id the stream already holds, and it answers "success" to a replay that carries other
// events under the same ids. So the adapter decides each append itself, as the in-memory store
// and the PostgreSQL adapter do, from what it knows of the stream:
//
// - a 53-bit hash of every eventId of each stream it appends to (about 40 bytes an event, kept
//   for the store's lifetime), taken from its own appends and from the reads it hands out, and
//   read from the stream where it left off when an append expects more than it knows;
// - the stream's events at the positions a replay would be at, read when the expected revision
//   names positions the stream already has (a retry), and compared by content;
// - where an id whose hash is known sits, found by reading the stream through: only for a real
//   repeat (or a hash collision: a new id meets one with odds of the stream's length in 2^53,
//   one in 9 billion on a stream of a million events).
//
// The server's expected-revision check still decides every race: between this decision and the
// write, a concurrent append makes the server refuse with WrongExpectedRevisionError. An append
// that expects `any` (or `stream_exists`, of a stream known to exist) on a stream the adapter
// already knows is decided on what it knows and written expecting the revision it knows: the
// server refuses it if another writer came first, and the adapter then reads the rest and decides
// again (`refresh`), so such an append costs no read of the stream ahead of it.
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

/** A 53-bit hash of an id (two 32-bit FNV-style hashes, as many bits as a number holds
 * exactly): which ids the stream may hold. Two ids share one with odds of one in 2^53, so the
 * read through the stream that a shared hash costs is as good as never paid for a new id. */
function hashOf(eventId: string): number {
  let first = 0x811c9dc5 | 0;
  let second = 0x9e3779b9 | 0;
  for (let i = 0; i < eventId.length; i++) {
    const code = eventId.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995) ^ (second >>> 15);
  }
  return (first >>> 0) * 0x200000 + ((second ^ eventId.length) >>> 11);
}

export interface RuledAppend {
  readonly decision: AppendDecision;
  /** The stored events a replay would be of (by revision), to compare their content. */
  readonly stored: ReadonlyMap<bigint, RecordedEvent>;
  /** The expectation to send with the write: the caller's, or, when the decision rests on what
   * the adapter knew without reading, the revision it knows (a refusal then means: `refresh`). */
  readonly wire: ExpectedRevision;
}

export interface AppendRule {
  /** The decision on appending events with these ids. Throws as decideAppend does. `refresh`:
   * read the rest of the stream first even when what is known would do (the server refused a
   * write expecting the revision known). */
  decide(
    streamName: string,
    eventIds: readonly string[],
    expected: ExpectedRevision,
    refresh?: boolean,
  ): Promise<RuledAppend>;
  /** The server wrote the batch; its last event is at `lastRevision`. */
  written(streamName: string, eventIds: readonly string[], lastRevision: bigint): void;
  /** Forget what is known of the stream (after an answer that does not fit it). */
  forget(streamName: string): void;
  /** Events a read of a stream this adapter appends to handed out: the ones right after what it
   * knows are known too, so a command handler that reads before it appends costs no extra read. */
  observed(streamName: string, records: readonly RecordedEvent[]): void;
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

  /** The stream as far as this append needs it, and the expectation to write with: read from
   * where the adapter left off when it knows nothing of the stream yet, when the expected
   * revision is past what it knows (another writer appended, or the caller read the stream some
   * other way), when `stream_exists` is expected of a stream it knows as empty, or on `refresh`.
   * Otherwise what it knows is what the caller expects, or, for `any` and `stream_exists`, what
   * the write will expect: either way the server's expected-revision check refuses the append
   * if another writer came first. */
  async function current(
    streamName: string,
    expected: ExpectedRevision,
    refresh: boolean,
  ): Promise<{ readonly known: KnownStream; readonly wire: ExpectedRevision }> {
    let known = streams.get(streamName);
    const behind =
      known === undefined ||
      refresh ||
      (expected === 'stream_exists' && known.length === 0) ||
      (typeof expected === 'bigint' && expected >= BigInt(known.length));
    known ??= { length: 0, hashes: new Set<number>() };
    streams.set(streamName, known);
    if (behind) {
      for await (const record of eventsFrom(streamName, known.length)) extend(known, record);
      return { known, wire: expected };
    }
    const positionless = expected === 'any' || expected === 'stream_exists';
    const knownRevision = known.length === 0 ? 'no_stream' : BigInt(known.length - 1);
    return { known, wire: positionless ? knownRevision : expected };
  }

  /** Adds the event at the revision after what is known; any other is not next, so ignored. */
  function extend(known: KnownStream, record: RecordedEvent): void {
    if (record.revision !== BigInt(known.length)) return;
    known.hashes.add(hashOf(record.event.eventId));
    known.length += 1;
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
    async decide(streamName, eventIds, expected, refresh = false) {
      const { known, wire } = await current(streamName, expected, refresh);
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
        wire,
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

    observed(streamName, records) {
      const known = streams.get(streamName);
      if (known !== undefined) for (const record of records) extend(known, record);
    },
  };
}
