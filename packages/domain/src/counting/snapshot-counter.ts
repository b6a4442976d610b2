// Counts at many instants in one streaming pass, backdated events included.
//
// Two engines behind one interface. While events come in occurredAt order (the usual log), the
// in-order fold (in-order-fold.ts) keeps the live entity state in flat arrays and copies the four
// counters at each snapshot instant it passes: O(1) per event, no allocation per event. At the
// first backdated event it hands its state over to the general machinery (general-counter.ts),
// which keeps per entity the last event of each bucket and is correct in any order.
//
// Memory: O(entities) for the live state plus one slot per entity per bucket it has events in,
// kept for a possible hand-over; never more than the events, which are never kept.
import type { Instant, TallyEvent } from '../events/types.js';
import type { Counts, SnapshotOptions } from './counts.js';
import { countPerBoundary, type GeneralTracks, isEntityEvent, recordGeneral } from './general-counter.js';
import { InOrderFold } from './in-order-fold.js';
import { parseInstant } from './parse-instant.js';

export interface SnapshotCounter {
  /** Feed the organization's events in stream order. */
  push(event: TallyEvent): void;
  /** The counts at each instant given at creation, in that order; may be called again later. */
  result(): Counts[];
}

/** Parses an event's instant; the field name is only spelled out when it is wrong. */
function eventMs(event: TallyEvent, field: 'occurredAt' | 'recordedAt'): number {
  try {
    return parseInstant(event[field], field);
  } catch {
    return parseInstant(event[field], `event ${event.eventId} ${field}`);
  }
}

export function createSnapshotCounter(
  instants: readonly Instant[],
  options: SnapshotOptions = {},
): SnapshotCounter {
  const instantMs = instants.map((instant, index) => parseInstant(instant, `instants[${index}]`));
  const boundaries = [...new Set(instantMs)].sort((a, b) => a - b);
  const lastBoundary = boundaries.length === 0 ? Number.NEGATIVE_INFINITY : (boundaries.at(-1) as number);
  const knownAtMs =
    options.asKnownAt === undefined ? undefined : parseInstant(options.asKnownAt, 'options.asKnownAt');

  const inOrder = new InOrderFold();
  let general: GeneralTracks | undefined;
  let seq = 0;
  // Cursor for events in occurredAt order: the bucket of the latest occurredAt seen.
  let cursorMs = Number.NEGATIVE_INFINITY;
  let cursorBucket = 0;

  function bucketOf(ms: number): number {
    if (ms >= cursorMs) {
      while ((boundaries[cursorBucket] as number) < ms) cursorBucket++;
      cursorMs = ms;
      return cursorBucket;
    }
    // Backdated: binary search for the first boundary >= ms.
    let low = 0;
    let high = cursorBucket;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((boundaries[mid] as number) < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  function push(event: TallyEvent): void {
    const index = seq++;
    if (!isEntityEvent(event)) return;
    const ms = eventMs(event, 'occurredAt');
    if (ms > lastBoundary) return;
    if (knownAtMs !== undefined && eventMs(event, 'recordedAt') > knownAtMs) return;
    if (general === undefined && ms < cursorMs) general = inOrder.handOver();
    const bucket = bucketOf(ms);
    if (general === undefined) inOrder.apply(event, bucket, ms, index);
    else recordGeneral(general, event, bucket, ms, index);
  }

  function result(): Counts[] {
    const perBoundary =
      general === undefined
        ? inOrder.countsPerBoundary(boundaries.length)
        : countPerBoundary(boundaries.length, general.devices, general.archives);
    const boundaryIndex = new Map(boundaries.map((ms, index) => [ms, index]));
    return instants.map((at, index) => {
      const bucket = boundaryIndex.get(instantMs[index] as number) as number;
      return { at, ...(perBoundary[bucket] as Omit<Counts, 'at'>) };
    });
  }

  return { push, result };
}
