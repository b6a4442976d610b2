// The seal of an export (docs/cli.md, "tally export"): every line is the RFC 8785 canonical JSON of one
// event plus a `chain` field, where
//   chain(1) = hex(SHA-256("000…0" (64 zeros) || canonical(event 1)))
//   chain(n) = hex(SHA-256(chain(n-1) || canonical(event n)))
// `canonical(event)` is the canonical JSON of the event's wire object WITHOUT the chain field,
// `||` is concatenation of the UTF-8 bytes (the previous chain as its 64 lower-case hex
// characters). Changing, removing, adding or moving a line breaks the chain at that line.
import { createHash } from 'node:crypto';
import { canonicalJson, encodeEvent, type TallyEvent } from '@tally/domain';

// RFC 8785 canonical JSON is @tally/domain's (the testing kit's export chain hashes the same text);
// the CLI's API has named it from the start.
export { canonicalJson };

export const GENESIS_CHAIN = '0'.repeat(64);
export const CHAIN_PATTERN = /^[0-9a-f]{64}$/;

export function nextChain(previous: string, canonicalEvent: string): string {
  return createHash('sha256').update(previous, 'utf8').update(canonicalEvent, 'utf8').digest('hex');
}

export interface SealedLine {
  /** The line, without its newline. */
  readonly text: string;
  readonly chain: string;
}

/** The sealed export line of `event` following a line whose chain is `previous`. */
export function sealEvent(event: TallyEvent, previous: string): SealedLine {
  const wire = encodeEvent(event);
  const chain = nextChain(previous, canonicalJson(wire));
  return { text: canonicalJson({ ...wire, chain }), chain };
}
