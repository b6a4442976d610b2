// One line of a sealed export (docs/cli.md, "The chain, exactly"): the RFC 8785 canonical JSON of
// an event's wire object plus its `chain`, where chain(n) = hex SHA-256(chain(n-1) || E(n)) and
// E(n) is the canonical JSON of the event without `chain`. E(n) is also what the line adds to
// the Merkle tree (docs/proofs.md, "What a leaf is"). The checks here are those of every reader
// of an export (tally verify, a bundle's events), with the same words.
import { hash } from 'node:crypto';
// The subpath: the seal check's worker thread runs this module (see wire-text.ts).
import { canonicalJson } from '@tally/domain/wire-text';
import { isCanonicalJsonText } from './canonical-text.js';

export const GENESIS_CHAIN = '0'.repeat(64);
export const CHAIN_PATTERN = /^[0-9a-f]{64}$/;

export function nextChain(previous: string, canonicalEvent: string): string {
  // One call of the one-shot hash over the joined text: each call into node:crypto costs about as
  // much as hashing a short input.
  return hash('sha256', previous + canonicalEvent, 'hex');
}

/** The sealed line of an event whose canonical JSON (without chain) is `canonicalEvent`. Every
 * key of the event envelope sorts after "chain", so the chain is the first member. */
export function sealedLineOf(canonicalEvent: string, chain: string): string {
  return canonicalEvent === '{}' ? `{"chain":"${chain}"}` : `{"chain":"${chain}",${canonicalEvent.slice(1)}`;
}

/** What `tally export` writes for one event. */
export interface SealedEventLine {
  /** The line, without its newline. */
  readonly text: string;
  readonly chain: string;
  /** The event's canonical JSON without the chain: what is chained, and the Merkle leaf. */
  readonly canonical: string;
}

/** The sealed line of the event whose canonical JSON is `canonical` (sealEvent's second half,
 * which a sealing thread runs on the texts it is sent). */
export function sealCanonical(canonical: string, previous: string): SealedEventLine {
  const chain = nextChain(previous, canonical);
  return { text: sealedLineOf(canonical, chain), chain, canonical };
}

/** The sealed lines of an export written as UTF-8 bytes, each with its LF: the bytes of
 * `sealCanonical(canonical, previous).text` and a LF, line after line, without building the
 * line's string. Each line is laid out where it goes: the canonical text is written once, with
 * the previous chain's hex digits right before it, so that the bytes hashed are those of
 * `previous || canonical` (the hex digits are ASCII: the UTF-8 of the text nextChain hashes);
 * then the new chain's digits, the quote and the comma go over the old digits and the text's
 * opening brace (docs/performance.md, "The export's canonical texts on the sealing thread"). */
export class SealedLineWriter {
  /** The head chain's hex digits, as bytes. */
  private readonly digits = Buffer.from(GENESIS_CHAIN, 'latin1');

  constructor(head: string = GENESIS_CHAIN) {
    if (!CHAIN_PATTERN.test(head)) throw new RangeError(`not a chain: ${head}`);
    this.digits.write(head, 0, 'latin1');
  }

  /** The chain of the last line written (the one given before the first). */
  get head(): string {
    return this.digits.toString('latin1');
  }

  /** The most bytes the sealed line of `canonical` takes, its LF included. */
  static most(canonical: string): number {
    return TEXT_AT + canonical.length * 3 + 1;
  }

  /** Writes the sealed line of `canonical` and its LF into `out` at `at`, which has room for
   * SealedLineWriter.most(canonical) bytes; the line's chain becomes the head. The end. */
  write(canonical: string, out: Buffer, at: number): number {
    const text = at + TEXT_AT;
    const length = out.write(canonical, text);
    this.digits.copy(out, text - CHAIN_DIGITS);
    // Hex out: a digest as a Buffer cost twice as much to make.
    const chain = hash('sha256', out.subarray(text - CHAIN_DIGITS, text + length), 'hex');
    for (let i = 0; i < CHAIN_OPENING_BYTES.length; i++) out[at + i] = CHAIN_OPENING_BYTES[i] as number;
    const digits = this.digits;
    const digitsAt = at + CHAIN_OPENING_BYTES.length;
    for (let i = 0; i < CHAIN_DIGITS; i++) {
      const digit = chain.charCodeAt(i);
      digits[i] = digit;
      out[digitsAt + i] = digit;
    }
    out[text - 1] = QUOTE;
    if (length === 2) {
      // `{}`, as sealedLineOf writes it: `{"chain":"..."}`.
      out[text] = CLOSE;
      out[text + 1] = LF;
      return text + 2;
    }
    out[text] = COMMA; // over the text's opening brace
    out[text + length] = LF;
    return text + length + 1;
  }
}

const CHAIN_OPENING_BYTES = Buffer.from('{"chain":"', 'latin1');
const CHAIN_DIGITS = 64;
/** Where the canonical text is written in its line: after `{"chain":"`, the digits and `"`, so
 * that its opening brace is where the comma goes. */
const TEXT_AT = CHAIN_OPENING_BYTES.length + CHAIN_DIGITS + 1;
const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE = 0x7d;
const LF = 0x0a;

export interface SealedLine {
  /** The event's wire object (the line without `chain`). */
  readonly event: Record<string, unknown>;
  /** E(n): its canonical JSON, the text that is chained and that is the Merkle leaf. */
  readonly canonical: string;
  readonly chain: string;
  readonly eventId: string | undefined;
}

export type SealedLineCheck =
  | { readonly ok: true; readonly line: SealedLine }
  | { readonly ok: false; readonly eventId: string | undefined; readonly problem: string };

const broken = (eventId: string | undefined, problem: string): SealedLineCheck => ({
  ok: false,
  eventId,
  problem,
});

/** Checks line `number` (its text without the newline) after a line whose chain is `previous`:
 * a JSON object, a 64-hex chain equal to the construction, and the line exactly its canonical
 * form. */
export function checkSealedLine(text: string, number: number, previous: string): SealedLineCheck {
  // The usual line: canonical, the chain its first member. E(n) is then the rest of the line,
  // and only the chain needs computing; any other line takes the slow road to its message.
  if (isUsualLine(text)) {
    // A chain equal to the computed one is 64 lower-case hex digits: no pattern test needed
    // (it was a twentieth of a bundle's check).
    const chain = text.slice(10, 74);
    if (isCanonicalJsonText(text)) {
      const canonical = usualCanonical(text);
      if (nextChain(previous, canonical) === chain) return { ok: true, line: new LazyLine(canonical, chain) };
    }
  }
  return checkSlowly(text, number, previous);
}

const CHAIN_OPENING = '{"chain":"';

/** The chain a string of 64 characters, then another member: how the lines of an export look. */
const isUsualLine = (text: string): boolean =>
  text.startsWith(CHAIN_OPENING) && text.charCodeAt(74) === 0x22 && text.charCodeAt(75) === 0x2c;

/** E(n) of such a line: the line without its chain. */
const usualCanonical = (text: string): string => `{${text.slice(76)}`;

/** E(n) of line `number` and the chain it states, when its seal is checked elsewhere
 * (seal-check.ts, on another thread): read from a line of the usual look without checking its
 * chain or its form, and by checkSealedLine from any other. Undefined: the seal is broken, and
 * the check that runs elsewhere says how. `previous` is the chain the line before states. */
export function partsOfSealedLine(
  text: string,
  number: number,
  previous: string,
): { readonly canonical: string; readonly chain: string } | undefined {
  if (isUsualLine(text)) return { canonical: usualCanonical(text), chain: text.slice(10, 74) };
  const sealed = checkSealedLine(text, number, previous);
  return sealed.ok ? sealed.line : undefined;
}

/** A checked line whose event object is parsed only when asked for (verify never asks). */
class LazyLine implements SealedLine {
  private parsed: Record<string, unknown> | undefined;

  constructor(
    readonly canonical: string,
    readonly chain: string,
  ) {}

  get event(): Record<string, unknown> {
    this.parsed ??= JSON.parse(this.canonical) as Record<string, unknown>;
    return this.parsed;
  }

  get eventId(): string | undefined {
    const id = this.event.eventId;
    return typeof id === 'string' ? id : undefined;
  }
}

function checkSlowly(text: string, number: number, previous: string): SealedLineCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return broken(
      undefined,
      `line: not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return broken(undefined, 'line: not a JSON object');
  }
  const { chain, ...event } = json as Record<string, unknown>;
  const eventId = typeof event.eventId === 'string' ? event.eventId : undefined;
  if (chain === undefined && number === 1) {
    // The usual first mistake: verifying the log itself instead of an export of it.
    return broken(
      eventId,
      'chain: missing: this is not a sealed export; seal the log with tally export (tally export LOG --org ORG --out sealed.jsonl) and verify that',
    );
  }
  if (typeof chain !== 'string' || !CHAIN_PATTERN.test(chain)) {
    return broken(eventId, 'chain: missing, or not 64 lower-case hex digits: this is not a sealed export');
  }
  let canonical: string;
  try {
    canonical = canonicalJson(event);
  } catch (error) {
    return broken(
      eventId,
      `line: has no canonical form: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const expected = nextChain(previous, canonical);
  if (chain !== expected) {
    return broken(
      eventId,
      `chain: is ${chain} but the previous line's chain and this event give ${expected}: this line was changed, or a line before it was removed, added or moved`,
    );
  }
  if (text !== sealedLineOf(canonical, chain)) {
    return broken(eventId, 'line: not in RFC 8785 canonical form (the bytes were rewritten)');
  }
  return { ok: true, line: { event, canonical, chain, eventId } };
}
