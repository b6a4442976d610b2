// Epoch ms of the instants of checked events and of tally instants, for the counts timeline.
import { type Instant, instantToEpochMs } from '@tally/domain';

/** Epoch ms of a canonical UTC instant; `what` names it in the error for one that is not. */
export function instantMs(instant: Instant, what: string): number {
  const ms = instantToEpochMs(instant);
  if (Number.isNaN(ms)) throw new RangeError(`${what}: "${instant}" is not a canonical UTC instant`);
  return ms;
}
