// Snapshot queries over a whole log: one pass for all instants.
//
// An array can be read twice, so its pass records nothing for a fallback: the in-order fold
// does the minimum per event, and at the first backdated event (rare) the general machinery
// re-reads the array from the start. Any other iterable may be one-shot (a generator): it goes
// through the streaming counter (snapshot-counter.ts), which keeps what a hand-over needs.
import type { Instant, TallyEvent } from '../events/types.js';
import type { Counts, SnapshotOptions } from './counts.js';
import { countPerBoundary, type GeneralTracks, recordGeneral } from './general-counter.js';
import { InOrderFold } from './in-order-fold.js';
import { createSnapshotCounter } from './snapshot-counter.js';
import {
  BucketCursor,
  countsAtInstants,
  type EntityEvent,
  planSnapshots,
  type SnapshotPlan,
  UNSEEN,
  visibleMs,
} from './snapshot-plan.js';

/** Counts at every instant in ONE pass over one organization's events (stream order);
 * result i is for instants[i]. */
export function countsAt(
  events: Iterable<TallyEvent>,
  instants: readonly Instant[],
  options: SnapshotOptions = {},
): Counts[] {
  if (Array.isArray(events)) return countsAtOfArray(events, planSnapshots(instants, options));
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

function countsAtOfArray(events: readonly TallyEvent[], plan: SnapshotPlan): Counts[] {
  const fold = new InOrderFold();
  const cursor = new BucketCursor(plan.boundaries);
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as TallyEvent;
    const ms = visibleMs(event, plan);
    if (ms === UNSEEN) continue;
    if (ms < cursor.latestMs) return generalCountsAt(events, plan);
    fold.apply(event as EntityEvent, cursor.bucketOf(ms), ms, index);
  }
  return countsAtInstants(plan, fold.countsPerBoundary(plan.boundaries.length));
}

/** The general machinery over the whole array: correct in any order. */
function generalCountsAt(events: readonly TallyEvent[], plan: SnapshotPlan): Counts[] {
  const tracks: GeneralTracks = { devices: new Map(), archives: new Map() };
  const cursor = new BucketCursor(plan.boundaries);
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as TallyEvent;
    const ms = visibleMs(event, plan);
    if (ms === UNSEEN) continue;
    recordGeneral(tracks, event as EntityEvent, cursor.bucketOf(ms), ms, index);
  }
  return countsAtInstants(plan, countPerBoundary(plan.boundaries.length, tracks.devices, tracks.archives));
}
