// Snapshot queries over a whole log: one pass for all instants (snapshot-counter.ts).
import type { Instant, TallyEvent } from '../events/types.js';
import type { Counts, SnapshotOptions } from './counts.js';
import { createSnapshotCounter } from './snapshot-counter.js';

/** Counts at every instant in ONE pass over one organization's events (stream order);
 * result i is for instants[i]. Throws InconsistentEventError at an event that does not fit. */
export function countsAt(
  events: Iterable<TallyEvent>,
  instants: readonly Instant[],
  options: SnapshotOptions = {},
): Counts[] {
  const counter = createSnapshotCounter(instants, options);
  for (const event of events) counter.push(event);
  return counter.result();
}

export function countAt(
  events: Iterable<TallyEvent>,
  instant: Instant,
  options: SnapshotOptions = {},
): Counts {
  return countsAt(events, [instant], options)[0] as Counts;
}
