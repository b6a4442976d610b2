// The tamper-evident export the CLI writes (`tally export`), rebuilt from its documented
// construction so properties can check any implementation against it: one line per event, the
// event's RFC 8785 canonical JSON with one more member, `chain`, where
//   chain(i) = sha256hex(chain(i-1) + canonical(event i)),  chain(-1) = 64 zeros
// (the hex string of the previous link, then the canonical event, hashed as UTF-8).
import { createHash } from 'node:crypto';
import { encodeEvent, type TallyEvent } from '@tally/domain';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_CHAIN = '0'.repeat(64);

const sha256hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The export lines of a log, without newlines. */
export function exportChainLines(events: readonly TallyEvent[]): string[] {
  let previous = GENESIS_CHAIN;
  return events.map((event) => {
    const wire = encodeEvent(event);
    const chain = sha256hex(previous + canonicalJson(wire));
    previous = chain;
    return canonicalJson({ ...wire, chain });
  });
}

export type ChainVerdict =
  | { readonly ok: true; readonly lines: number }
  /** `line` is 1-based: the first line that does not hold. */
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** Checks every line: canonical form, and a chain that links it to the line before. */
export function verifyChainLines(lines: readonly string[]): ChainVerdict {
  let previous = GENESIS_CHAIN;
  for (const [i, line] of lines.entries()) {
    const fail = (reason: string): ChainVerdict => ({
      ok: false,
      line: i + 1,
      reason: `line ${i + 1}: ${reason}`,
    });
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return fail('not valid JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a JSON object');
    const { chain, ...event } = json as Record<string, unknown>;
    if (typeof chain !== 'string') return fail('no chain member');
    if (canonicalJson(json) !== line) return fail('not in RFC 8785 canonical form');
    const expected = sha256hex(previous + canonicalJson(event));
    if (chain !== expected)
      return fail(`chain is ${chain}, expected ${expected}: this line or one before it changed`);
    previous = chain;
  }
  return { ok: true, lines: lines.length };
}
