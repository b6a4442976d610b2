// What every snapshot pass shares: the sorted boundaries, the filters (entity events only, not
// after the last instant, not recorded after asKnownAt), the bucket cursor, and the mapping of
// per-boundary counts back to the instants asked for. Module-level functions and a class only:
// a nested helper would cost a __name call per call of its parent under tsx.
import type { Instant, TallyEvent } from '../events/types.js';
import type { Counts, SnapshotOptions } from './counts.js';
import { type EntityEvent, isEntityEvent } from './general-counter.js';
import { parseInstant } from './parse-instant.js';

export interface SnapshotPlan {
  readonly instants: readonly Instant[];
  readonly instantMs: readonly number[];
  /** The distinct instants in epoch ms, ascending: bucket j = (boundaries[j-1], boundaries[j]]. */
  readonly boundaries: readonly number[];
  readonly lastBoundary: number;
  readonly knownAtMs: number | undefined;
}

export function planSnapshots(instants: readonly Instant[], options: SnapshotOptions): SnapshotPlan {
  const instantMs = instants.map((instant, index) => parseInstant(instant, `instants[${index}]`));
  const boundaries = [...new Set(instantMs)].sort((a, b) => a - b);
  return {
    instants,
    instantMs,
    boundaries,
    lastBoundary: boundaries.length === 0 ? Number.NEGATIVE_INFINITY : (boundaries.at(-1) as number),
    knownAtMs:
      options.asKnownAt === undefined ? undefined : parseInstant(options.asKnownAt, 'options.asKnownAt'),
  };
}

/** `visibleMs` of an event no snapshot sees. */
export const UNSEEN = Number.NEGATIVE_INFINITY;

/** Parses an event's instant; the field name is only spelled out when it is wrong. */
function eventMs(event: TallyEvent, field: 'occurredAt' | 'recordedAt'): number {
  try {
    return parseInstant(event[field], field);
  } catch {
    return parseInstant(event[field], `event ${event.eventId} ${field}`);
  }
}

/** The occurredAt (epoch ms) of an entity event some snapshot of the plan sees, else UNSEEN. */
export function visibleMs(event: TallyEvent, plan: SnapshotPlan): number {
  if (!isEntityEvent(event)) return UNSEEN;
  const ms = eventMs(event, 'occurredAt');
  if (ms > plan.lastBoundary) return UNSEEN;
  if (plan.knownAtMs !== undefined && eventMs(event, 'recordedAt') > plan.knownAtMs) return UNSEEN;
  return ms;
}

export type { EntityEvent };

/** Buckets of occurredAt instants: O(1) amortized in order, a binary search for a backdated one. */
export class BucketCursor {
  /** The latest occurredAt seen (events before it are backdated). */
  latestMs = Number.NEGATIVE_INFINITY;
  private latestBucket = 0;
  constructor(private readonly boundaries: readonly number[]) {}

  bucketOf(ms: number): number {
    const boundaries = this.boundaries;
    if (ms >= this.latestMs) {
      let bucket = this.latestBucket;
      while ((boundaries[bucket] as number) < ms) bucket++;
      this.latestBucket = bucket;
      this.latestMs = ms;
      return bucket;
    }
    let low = 0;
    let high = this.latestBucket;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((boundaries[mid] as number) < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The counts at each instant asked for (in that order), from the counts at each boundary. */
export function countsAtInstants(plan: SnapshotPlan, perBoundary: readonly Omit<Counts, 'at'>[]): Counts[] {
  const boundaryIndex = new Map(plan.boundaries.map((ms, index) => [ms, index]));
  return plan.instants.map((at, index) => {
    const bucket = boundaryIndex.get(plan.instantMs[index] as number) as number;
    return { at, ...(perBoundary[bucket] as Omit<Counts, 'at'>) };
  });
}
