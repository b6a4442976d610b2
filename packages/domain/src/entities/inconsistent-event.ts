// The error a fold throws when an event does not fit the timeline of the events before it: a
// count never skips an event, so a log that breaks consistency is refused, never half-counted.
import type { EntityRefusal } from './refusals.js';

export class InconsistentEventError extends Error {
  override readonly name = 'InconsistentEventError';
  constructor(
    /** 0-based position of the event among those the fold was given. */
    readonly index: number,
    readonly eventId: string,
    readonly refusal: EntityRefusal,
  ) {
    super(`event ${eventId} (index ${index}): ${refusal.field}: ${refusal.problem}`);
  }
}

export function isInconsistentEventError(error: unknown): error is InconsistentEventError {
  return error instanceof InconsistentEventError;
}
