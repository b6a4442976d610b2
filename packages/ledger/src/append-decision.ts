// What an append does to a stream, decided before anything changes: append, replay (idempotent
// no-op), or refuse. Mirrors EventStoreDB: a batch whose ids are already the stream's events at
// the position the expected revision names succeeds again without writing; otherwise the expected
// revision is checked; an id the stream already holds is refused (EventStoreDB would write it
// again; a ledger never should).
import type { ExpectedRevision } from './port.js';
import { WrongExpectedRevisionError } from './port.js';
import { DuplicateEventIdError } from './store-errors.js';

/** The ids of a stream's events in revision order, with an index from id to revision. */
export interface StreamIds {
  readonly length: number;
  idAt(revision: number): string | undefined;
  revisionOf(eventId: string): number | undefined;
}

export type AppendDecision =
  | { readonly kind: 'append' }
  | { readonly kind: 'replay'; readonly lastRevision: bigint };

/** The stream's last revision, or `'no_stream'` for a stream with no events. */
export const actualRevision = (stream: StreamIds | undefined): bigint | 'no_stream' =>
  stream === undefined || stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);

export function expectationHolds(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}

/** Where a replay of this batch would have started, if the expected revision names a position. */
function replayStart(stream: StreamIds, firstId: string, expected: ExpectedRevision): number | undefined {
  if (expected === 'no_stream') return 0;
  if (typeof expected === 'bigint') {
    return expected + 1n < BigInt(stream.length) ? Number(expected + 1n) : undefined;
  }
  // 'any' and 'stream_exists' name no position: find the batch by its first id.
  return stream.revisionOf(firstId);
}

function isReplay(stream: StreamIds, eventIds: readonly string[], start: number): boolean {
  if (start + eventIds.length > stream.length) return false;
  return eventIds.every((id, offset) => stream.idAt(start + offset) === id);
}

/**
 * Decides an append of events with these ids. Throws `WrongExpectedRevisionError` when the
 * expected revision does not hold, `DuplicateEventIdError` when the batch repeats an id or
 * mixes ids the stream holds with new ones, and `RangeError` for an empty batch or a negative
 * expected revision.
 */
export function decideAppend(
  streamName: string,
  stream: StreamIds | undefined,
  eventIds: readonly string[],
  expected: ExpectedRevision,
): AppendDecision {
  const [firstId] = eventIds;
  if (firstId === undefined) {
    throw new RangeError(`append to ${streamName} has no events: there is nothing to append`);
  }
  if (typeof expected === 'bigint' && expected < 0n) {
    throw new RangeError(
      `append to ${streamName}: expected revision ${expected} is negative; use 'no_stream' for a new stream`,
    );
  }
  const seen = new Set<string>();
  for (const id of eventIds) {
    if (seen.has(id)) throw new DuplicateEventIdError(streamName, id, null);
    seen.add(id);
  }
  if (stream !== undefined) {
    const start = replayStart(stream, firstId, expected);
    if (start !== undefined && isReplay(stream, eventIds, start)) {
      return { kind: 'replay', lastRevision: BigInt(start + eventIds.length - 1) };
    }
  }
  const actual = actualRevision(stream);
  if (!expectationHolds(expected, actual)) {
    throw new WrongExpectedRevisionError(streamName, expected, actual);
  }
  if (stream !== undefined) {
    for (const id of eventIds) {
      const existing = stream.revisionOf(id);
      if (existing !== undefined) throw new DuplicateEventIdError(streamName, id, BigInt(existing));
    }
  }
  return { kind: 'append' };
}
