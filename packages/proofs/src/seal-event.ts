// The sealed line of a domain event: its canonical text (the domain's wire encoding and RFC 8785
// form), then the chain of seal.ts. Apart from seal.ts so that the threads that only check or
// chain canonical texts (seal-worker.ts, sealing-worker.ts) never load the domain.
import { canonicalEventJson, type TallyEvent } from '@tally/domain';
import { type SealedEventLine, sealCanonical } from './seal.js';

/** The sealed export line of `event` following a line whose chain is `previous`. */
export function sealEvent(event: TallyEvent, previous: string): SealedEventLine {
  return sealCanonical(canonicalEventText(event), previous);
}

/** E(n) of an event: the canonical JSON of its wire object. */
export const canonicalEventText = (event: TallyEvent): string => canonicalEventJson(event);
