// Feeding events to an entity timeline: each entity event is checked where it lands in
// occurredAt order and applied, any other event passes by. Every reader (counts, invoices,
// explanations, the log checker) builds its timeline here.
import { occurredAtMs, recordedAtMs } from '../counting/parse-instant.js';
import type { TallyEvent } from '../events/types.js';
import { InconsistentEventError } from './inconsistent-event.js';
import type { EntityRefusal } from './refusals.js';
import { EntityTimeline, isEntityEvent, type TimelineOptions } from './timeline.js';

export class TimelineFold {
  readonly timeline: EntityTimeline;
  constructor(options: TimelineOptions = {}) {
    this.timeline = new EntityTimeline(options);
  }
  /** Events pushed so far (of any type): the next event's index. */
  count = 0;

  /** A fold that goes on from a timeline read back from a snapshot, `count` events in. */
  static resume(timeline: EntityTimeline, count: number): TimelineFold {
    const fold = new TimelineFold();
    (fold as { timeline: EntityTimeline }).timeline = timeline;
    fold.count = count;
    return fold;
  }

  /** Checks and applies one event; throws InconsistentEventError when it does not fit. */
  push(event: TallyEvent): void {
    const refusal = this.offer(event);
    if (refusal !== undefined) throw new InconsistentEventError(this.count - 1, event.eventId, refusal);
  }

  /** Checks one event and applies it when it fits; the refusal otherwise (nothing applied). */
  offer(event: TallyEvent): EntityRefusal | undefined {
    this.count++;
    if (!isEntityEvent(event)) return undefined;
    const ms = occurredAtMs(event);
    const refusal = this.timeline.check(event, ms);
    if (refusal !== undefined) return refusal;
    this.timeline.apply(event, ms, recordedAtMs(event));
    return undefined;
  }
}
