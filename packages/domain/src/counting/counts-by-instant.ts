// Counts looked up by instant, from the parallel arrays that `countsAt` takes and returns, for
// code that priced or charted a schedule and now needs the counts of one of its instants.
import type { Instant } from '../events/types.js';
import { instantToEpochMs } from '../time/instant.js';
import type { Counts } from './counts.js';

/** `counts[i]` is for `instants[i]`. Asking for an instant that was not counted is a programming
 * error: the returned function throws, naming `owner` and the instant. */
export function countsByInstant(
  instants: readonly Instant[],
  counts: readonly Counts[],
  owner: string,
): (instant: Instant) => Counts {
  const byMs = new Map<number, Counts>();
  instants.forEach((instant, i) => {
    byMs.set(instantToEpochMs(instant), counts[i] as Counts);
  });
  return (instant) => {
    const found = byMs.get(instantToEpochMs(instant));
    if (found === undefined) throw new Error(`${owner}: no counts for ${instant}`);
    return found;
  };
}
