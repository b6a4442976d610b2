// A whole log, line by line (a JSONL file of several organizations, or one org's stream read
// from a store), held to the rules while it streams (docs/wire-format.md, "A whole log"): every line
// decodes, event ids are unique across the log, and each organization's events fit the ones
// before them (checkEvent, judged where they land in occurredAt order). Each org's OrgState,
// entity timeline included, is folded as its events arrive; the events themselves are never
// kept. Memory grows with the entities plus the record of event ids: 16-24 bytes an event with
// an EventIdTable (a file, whose earlier lines can be read back), a Map of ids otherwise.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { checkEvent } from '../decide/consistency.js';
import { applyCheckedOrgEvent, initialOrgState, type OrgState } from '../decide/org-state.js';
import type { LogLineError } from '../events/errors.js';
import { createLogDecoder } from '../events/log-decoder.js';
import type { TallyEvent } from '../events/types.js';
import type { EventIdRecord } from './event-id-table.js';
import { LINE_TOO_LONG, MAX_LINE_BYTES } from './line-limits.js';

/** Why a line (or a stored event) is refused. */
export interface LogRefusal {
  /** The line (1-based), or the position the caller gave for a stored event. */
  readonly line: number;
  /** The event's id when it could be read. */
  readonly eventId: string | undefined;
  /** `field: problem` (`data.deviceId: device d-9 was never activated`), or `line: problem`
   * when the line is not JSON or not UTF-8 and no field is to blame. */
  readonly message: string;
}

export type LogCheck = Either<LogRefusal, TallyEvent>;

export interface LogChecker {
  /** The event of one line (without its newline), checked against the lines before it. */
  acceptLine(text: string, line: number): LogCheck;
  /** The same for the line `bytes[start, end)`, strict UTF-8 (a file's buffer can be given). */
  acceptLineBytes(bytes: Uint8Array, start: number, end: number, line: number): LogCheck;
  /** The same checks for an event decoded elsewhere (read from a store at `position`). */
  admit(event: TallyEvent, position: number): LogCheck;
  /** The state of an organization after the events accepted so far (its entity timeline
   * included); undefined while none of its events was seen. */
  stateOf(orgId: string): OrgState | undefined;
}

export interface LogCheckerOptions {
  /** Where event ids were first seen (an EventIdTable keeps them as hashes); without it, every
   * id is kept in a Map. */
  readonly eventIds?: EventIdRecord;
  /** Names the log in "already used at SOURCE:LINE" (default: "already used at line LINE"). */
  readonly source?: string;
}

export function createLogChecker(options: LogCheckerOptions = {}): LogChecker {
  const decoder = createLogDecoder();
  const states = new Map<string, OrgState>();
  const firstSeenAt = idRecord(options.eventIds);
  const at = (line: number) => (options.source === undefined ? `line ${line}` : `${options.source}:${line}`);

  function admit(event: TallyEvent, line: number): LogCheck {
    const earlier = firstSeenAt(event.eventId, line);
    if (earlier !== undefined) {
      return refusal(line, event.eventId, `eventId: already used at ${at(earlier)}; event ids are unique`);
    }
    let state = states.get(event.orgId);
    if (state === undefined) {
      state = initialOrgState();
      states.set(event.orgId, state);
    }
    const inconsistency = checkEvent(state, event);
    if (inconsistency !== undefined) return refusal(line, event.eventId, inconsistency.message);
    applyCheckedOrgEvent(state, event);
    return right(event);
  }

  return {
    acceptLine(text, line) {
      // A character is 1 to 3 bytes (4 for a pair of 2): count bytes only when it can matter.
      if (text.length > MAX_LINE_BYTES / 3 && new TextEncoder().encode(text).length > MAX_LINE_BYTES) {
        return refusal(line, undefined, LINE_TOO_LONG);
      }
      const decoded = decoder.decodeLine(text, line);
      return decoded._tag === 'Right' ? admit(decoded.right, line) : undecodable(decoded.left, () => text);
    },
    acceptLineBytes(bytes, start, end, line) {
      if (end - start > MAX_LINE_BYTES) return refusal(line, undefined, LINE_TOO_LONG);
      const decoded = decoder.decodeLineBytes(bytes, start, end, line);
      if (decoded._tag === 'Right') return admit(decoded.right, line);
      // A line that is not UTF-8 is read with U+FFFD here, only to find its eventId.
      return undecodable(decoded.left, () => new TextDecoder().decode(bytes.subarray(start, end)));
    },
    admit,
    stateOf: (orgId) => states.get(orgId),
  };
}

function refusal(line: number, eventId: string | undefined, message: string): LogCheck {
  return left({ line, eventId, message });
}

/** The refusal of a line the decoder refused; `text` reads the line, for an eventId the
 * decoder could not find (truncated JSON, say). */
function undecodable(error: LogLineError, text: () => string): LogCheck {
  return refusal(error.line, error.eventId ?? sniffEventId(text()), decodeProblem(error));
}

/** A decoder's refusal as `field: problem`; a line that is not JSON (or not UTF-8) has no field
 * to blame, so the whole line is at fault: `line: problem`. */
export function decodeProblem(error: { readonly path: string; readonly message: string }): string {
  return error.path === '' && !error.message.startsWith('event: ') ? `line: ${error.message}` : error.message;
}

/** Where an event id was first seen (undefined: never; then it is recorded at `line`). */
function idRecord(table: EventIdRecord | undefined): (eventId: string, line: number) => number | undefined {
  if (table !== undefined) {
    return (eventId, line) => {
      const earlier = table.firstSeenAt(eventId, line);
      return earlier === 0 ? undefined : earlier;
    };
  }
  const lineOfEventId = new Map<string, number>();
  return (eventId, line) => {
    const earlier = lineOfEventId.get(eventId);
    if (earlier === undefined) lineOfEventId.set(eventId, line);
    return earlier;
  };
}

/** The eventId of a line the checker accepted before, read back (see EventIdTable). */
export function eventIdOfAcceptedLine(text: string): string | undefined {
  // Without the currency context the decoder is only more lenient: an accepted line decodes.
  const decoded = createLogDecoder().decodeLine(text, 0);
  return decoded._tag === 'Right' ? decoded.right.eventId : undefined;
}

const EVENT_ID_KEY = '"eventId"';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** The eventId of a line that is not valid JSON (truncated, say), when it can still be read:
 * the first `"eventId"`, a colon and a string. A scan by hand, in one pass over the line: a
 * regular expression over a string of megabytes without its closing quote backtracked through
 * every character (10 MB overflowed the stack). */
export function sniffEventId(text: string): string | undefined {
  for (let key = text.indexOf(EVENT_ID_KEY); key !== -1; key = text.indexOf(EVENT_ID_KEY, key + 1)) {
    let at = skipWhite(text, key + EVENT_ID_KEY.length);
    if (text.charCodeAt(at) !== COLON) continue;
    at = skipWhite(text, at + 1);
    if (text.charCodeAt(at) !== QUOTE) continue;
    const end = closingQuote(text, at + 1);
    // A string that never closes runs to the end of the line: no later key can follow it.
    if (end === -1) return undefined;
    try {
      return JSON.parse(text.slice(at, end + 1)) as string;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The first index at or after `at` that is not JSON white space. */
function skipWhite(text: string, at: number): number {
  let i = at;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return i;
    i += 1;
  }
}

/** The index of the quote that closes a string whose first character is at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i;
    if (code === BACKSLASH) i += 1;
  }
  return -1;
}
