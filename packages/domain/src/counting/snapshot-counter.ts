// Counts at many instants in one streaming pass, backdated events included: the events build
// the organization's entity timeline (entities/timeline.ts: each one checked where it lands in
// occurredAt order), and the counts at the instants, as known at asKnownAt, are read off it at
// the end in one sweep (entities/counts-sweep.ts). Events are never kept; memory grows with the
// entities and their status changes (about 32 bytes a change).
import { countsAtBoundaries } from '../entities/counts-sweep.js';
import type { EntityTimeline } from '../entities/timeline.js';
import { TimelineFold } from '../entities/timeline-fold.js';
import type { Instant, TallyEvent } from '../events/types.js';
import type { Counts, SnapshotOptions } from './counts.js';
import { parseInstant } from './parse-instant.js';

export interface SnapshotCounter {
  /** Feed the organization's events in stream order; throws InconsistentEventError at an event
   * that does not fit the ones before it. */
  push(event: TallyEvent): void;
  /** The counts at each instant given at creation, in that order; may be called again later. */
  result(): Counts[];
}

export function createSnapshotCounter(
  instants: readonly Instant[],
  options: SnapshotOptions = {},
): SnapshotCounter {
  const query = countsQuery(instants, options);
  const fold = new TimelineFold();
  return {
    push: (event) => fold.push(event),
    result: () => query.countsOf(fold.timeline),
  };
}

/** The counts at some instants, as known at one, to be read off any timeline. */
export interface CountsQuery {
  /** The counts at each instant (in the order given) of `timeline`. */
  countsOf(timeline: EntityTimeline): Counts[];
}

/** The counts at `instants` as known at `options.asKnownAt`, for a timeline built elsewhere (the
 * one a log checker keeps of each organization): what a snapshot counter fed the same events
 * answers. The instants are parsed here, so a bad one is refused before any event is read. */
export function countsQuery(instants: readonly Instant[], options: SnapshotOptions = {}): CountsQuery {
  const instantMs = instants.map((instant, index) => parseInstant(instant, `instants[${index}]`));
  const knownAtMs =
    options.asKnownAt === undefined
      ? Number.POSITIVE_INFINITY
      : parseInstant(options.asKnownAt, 'options.asKnownAt');
  return { countsOf: (timeline) => countsOfTimeline(timeline, instants, instantMs, knownAtMs) };
}

/** The counts at `instants` (their epoch ms in `instantMs`) of a timeline, as known at `knownAtMs`. */
export function countsOfTimeline(
  timeline: EntityTimeline,
  instants: readonly Instant[],
  instantMs: readonly number[],
  knownAtMs: number,
): Counts[] {
  const boundaries = [...new Set(instantMs)].sort((a, b) => a - b);
  const perBoundary = countsAtBoundaries(timeline, boundaries, knownAtMs);
  const indexOf = new Map(boundaries.map((ms, index) => [ms, index]));
  return instants.map((at, i) => ({
    at,
    ...perBoundary[indexOf.get(instantMs[i] as number) as number],
  })) as Counts[];
}
