// Counts at many instants in one streaming pass, backdated events included.
//
// Two engines behind one interface. While events come in occurredAt order (the usual log), the
// in-order fold (in-order-fold.ts) keeps the live entity state in flat arrays and copies the four
// counters at each snapshot instant it passes: O(1) per event, no allocation per event. A stream
// cannot be read twice, so the fold is given a recorder (hand-over-recorder.ts) that keeps, per
// entity, the last event of each bucket; at the first backdated event it hands that over to the
// general machinery (general-counter.ts), which is correct in any order.
//
// Memory: O(entities) for the live state plus one slot per entity per bucket it has events in,
// kept for a possible hand-over; never more than the events, which are never kept.
import type { Instant, TallyEvent } from '../events/types.js';
import type { Counts, SnapshotOptions } from './counts.js';
import { countPerBoundary, type EntityEvent, type GeneralTracks, recordGeneral } from './general-counter.js';
import { HandOverRecorder } from './hand-over-recorder.js';
import { InOrderFold } from './in-order-fold.js';
import { BucketCursor, countsAtInstants, planSnapshots, UNSEEN, visibleMs } from './snapshot-plan.js';

export interface SnapshotCounter {
  /** Feed the organization's events in stream order. */
  push(event: TallyEvent): void;
  /** The counts at each instant given at creation, in that order; may be called again later. */
  result(): Counts[];
}

export function createSnapshotCounter(
  instants: readonly Instant[],
  options: SnapshotOptions = {},
): SnapshotCounter {
  const plan = planSnapshots(instants, options);
  const recorder = new HandOverRecorder();
  const inOrder = new InOrderFold(recorder);
  const cursor = new BucketCursor(plan.boundaries);
  let general: GeneralTracks | undefined;
  let seq = 0;

  function push(event: TallyEvent): void {
    const index = seq++;
    const ms = visibleMs(event, plan);
    if (ms === UNSEEN) return;
    if (general === undefined && ms < cursor.latestMs) general = recorder.handOver(inOrder);
    const bucket = cursor.bucketOf(ms);
    if (general === undefined) inOrder.apply(event as EntityEvent, bucket, ms, index);
    else recordGeneral(general, event as EntityEvent, bucket, ms, index);
  }

  function result(): Counts[] {
    const perBoundary =
      general === undefined
        ? inOrder.countsPerBoundary(plan.boundaries.length)
        : countPerBoundary(plan.boundaries.length, general.devices, general.archives);
    return countsAtInstants(plan, perBoundary);
  }

  return { push, result };
}
