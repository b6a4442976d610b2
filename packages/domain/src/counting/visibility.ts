// Which events a snapshot sees (docs/counting.md#snapshots-and-as-known-at), in the order it applies them.
import type { Instant, TallyEvent } from '../events/types.js';
import type { SnapshotOptions } from './counts.js';
import { parseInstant } from './parse-instant.js';

/** The events with occurredAt <= instant (and recordedAt <= asKnownAt when given), in
 * occurredAt order, ties in stream order. Sorts only when some visible event is backdated. */
export function visibleEventsInOrder(
  events: Iterable<TallyEvent>,
  instant: Instant,
  options: SnapshotOptions = {},
): TallyEvent[] {
  const atMs = parseInstant(instant, 'instant');
  const knownAtMs =
    options.asKnownAt === undefined ? undefined : parseInstant(options.asKnownAt, 'options.asKnownAt');
  const visible: { event: TallyEvent; ms: number; index: number }[] = [];
  let inOrder = true;
  let index = 0;
  for (const event of events) {
    const ms = parseInstant(event.occurredAt, `event ${event.eventId} occurredAt`);
    const seen =
      ms <= atMs &&
      (knownAtMs === undefined ||
        parseInstant(event.recordedAt, `event ${event.eventId} recordedAt`) <= knownAtMs);
    if (seen) {
      const last = visible.at(-1);
      if (last !== undefined && ms < last.ms) inOrder = false;
      visible.push({ event, ms, index });
    }
    index++;
  }
  // Array.prototype.sort is stable, and the index makes the tie order explicit anyway.
  if (!inOrder) visible.sort((a, b) => a.ms - b.ms || a.index - b.index);
  return visible.map((entry) => entry.event);
}
