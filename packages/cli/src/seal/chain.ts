// The seal of an export (docs/cli.md, "tally export"): every line is the RFC 8785 canonical JSON of one
// event plus a `chain` field, where
//   chain(1) = hex(SHA-256("000…0" (64 zeros) || canonical(event 1)))
//   chain(n) = hex(SHA-256(chain(n-1) || canonical(event n)))
// `canonical(event)` is the canonical JSON of the event's wire object WITHOUT the chain field,
// `||` is concatenation of the UTF-8 bytes (the previous chain as its 64 lower-case hex
// characters). Changing, removing, adding or moving a line breaks the chain at that line. The
// construction is @tally/proofs' (a bundle's lines carry the same seal); the CLI names it here.
import { canonicalJson, encodeEvent, type TallyEvent } from '@tally/domain';
import { CHAIN_PATTERN, GENESIS_CHAIN, nextChain, sealedLineOf } from '@tally/proofs';

// RFC 8785 canonical JSON is @tally/domain's (the testing kit's export chain hashes the same text);
// the CLI's API has named it from the start.
export { CHAIN_PATTERN, canonicalJson, GENESIS_CHAIN, nextChain };

export interface SealedLine {
  /** The line, without its newline. */
  readonly text: string;
  readonly chain: string;
  /** The event's canonical JSON without the chain: what is chained, and the Merkle leaf. */
  readonly canonical: string;
}

/** The sealed export line of `event` following a line whose chain is `previous`. */
export function sealEvent(event: TallyEvent, previous: string): SealedLine {
  const canonical = canonicalJson(encodeEvent(event));
  const chain = nextChain(previous, canonical);
  // "chain" sorts before every envelope key, so the sealed line is the event's canonical JSON
  // with the chain as its first member: no second canonicalization.
  return { text: sealedLineOf(canonical, chain), chain, canonical };
}
