// The sealed line of a domain event: its canonical text (the domain's wire encoding and RFC 8785
// form), then the chain of seal.ts. Apart from seal.ts so that the seal check's thread
// (seal-worker.ts), which only checks canonical texts, never loads the domain.
import { canonicalEventJson, type TallyEvent } from '@tally/domain';
import { type SealedEventLine, sealCanonical } from './seal.js';

/** The sealed export line of `event` following a line whose chain is `previous`. */
export function sealEvent(event: TallyEvent, previous: string): SealedEventLine {
  // E(n): the canonical JSON of the event's wire object.
  return sealCanonical(canonicalEventJson(event), previous);
}
