import type { Instant } from '../events/types.js';
import { instantToEpochMs } from '../time/instant.js';

/** Epoch ms of an instant, or a RangeError that names what was wrong (`what` = the field). */
export function parseInstant(instant: Instant, what: string): number {
  const ms = instantToEpochMs(instant);
  if (Number.isNaN(ms)) {
    throw new RangeError(`${what}: "${instant}" is not a canonical UTC instant (e.g. 2026-03-07T07:00:00Z)`);
  }
  return ms;
}
