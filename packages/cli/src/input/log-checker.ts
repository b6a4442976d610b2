// Decodes a JSONL log line by line and holds it to the deciders' rules while it streams: each
// organization's OrgState is folded as its events arrive (applyOrgEvent), and every event is
// checked against the state before it (checkEvent). Memory grows with entities (devices,
// archives, users per org) plus the uniqueness check's record of event ids (12 bytes per event
// for a file, which can be read back; a Map of ids for a store); the events themselves are never
// kept. Lines are decoded by the domain's createLogDecoder, from the file's bytes where the
// caller has them (strict UTF-8; its fast path skips JSON.parse for the usual device and archive
// lines).
import {
  applyCheckedOrgEvent,
  checkEvent,
  createLogDecoder,
  initialOrgState,
  type LogLineError,
  type OrgState,
  type TallyEvent,
} from '@tally/domain';
import { inputLine } from '../errors.js';
import type { EventIdTable } from './event-id-table.js';

/** The event, or the one line that refuses it (the shape of fp-ts's Either, which the CLI does
 * not depend on). */
export type Checked =
  | { readonly _tag: 'Right'; readonly right: TallyEvent }
  | { readonly _tag: 'Left'; readonly left: string };
const left = (message: string): Checked => ({ _tag: 'Left', left: message });
const right = (event: TallyEvent): Checked => ({ _tag: 'Right', right: event });

export interface LogChecker {
  /** The line's event, or the one line that refuses it: `NAME:LINE: eventId: field: problem`. */
  accept(text: string, line: number): Checked;
  /** The same for the line `bytes[start, end)`, decoded as a string only when it needs the codecs. */
  acceptAt(bytes: Buffer, start: number, end: number, line: number): Checked;
  /** The line's event, decoded but not checked against the log (a caller that checks it its own
   * way); Left as accept words it. */
  decodeAt(bytes: Buffer, start: number, end: number, line: number): Checked;
  /** The same checks for an event decoded elsewhere (read from a store at `position`). */
  admit(event: TallyEvent, position: number): Checked;
  /** The state of an organization after the events accepted so far (its entity timeline
   * included); undefined while none of its events was seen. */
  stateOf(orgId: string): OrgState | undefined;
}

export interface LogCheckerOptions {
  /** Event ids kept as hashes (a file, whose lines can be read back, see EventIdTable); shared
   * with a caller that checks some events itself. Without it, every id is kept in a Map. */
  readonly eventIds?: EventIdTable;
}

export function createLogChecker(name: string, options: LogCheckerOptions = {}): LogChecker {
  const decoder = createLogDecoder();
  const states = new Map<string, OrgState>();
  const firstSeenAt = idRecord(options.eventIds);
  return {
    accept: (text, line) => {
      const decoded = decoder.decodeLine(text, line);
      return decoded._tag === 'Right' ? admit(decoded.right, line) : refused(decoded.left, text);
    },
    acceptAt: (bytes, start, end, line) => {
      const decoded = decodeAt(bytes, start, end, line);
      return decoded._tag === 'Right' ? admit(decoded.right, line) : decoded;
    },
    decodeAt,
    admit,
    stateOf: (orgId) => states.get(orgId),
  };

  function decodeAt(bytes: Buffer, start: number, end: number, line: number): Checked {
    const decoded = decoder.decodeLineBytes(bytes, start, end, line);
    // (The decoder's Right is the shape of a Checked one.)
    return decoded._tag === 'Right' ? decoded : refused(decoded.left, bytes.toString('utf8', start, end));
  }

  /** The one line that words a refusal; `text` is the line, for an eventId the decoder could not
   * read (a line that is not UTF-8 is read here with U+FFFD, only to find one). */
  function refused(error: LogLineError, text: string): Checked {
    // A line that is not JSON (or not UTF-8) has no field to blame: the whole line is at fault.
    const message =
      error.path === '' && !error.message.startsWith('event: ') ? `line: ${error.message}` : error.message;
    return left(inputLine(name, error.line, error.eventId ?? sniffEventId(text), message));
  }

  function admit(event: TallyEvent, line: number): Checked {
    const earlier = firstSeenAt(event.eventId, line);
    if (earlier !== undefined) {
      return left(
        inputLine(
          name,
          line,
          event.eventId,
          `eventId: already used at ${name}:${earlier}; event ids are unique`,
        ),
      );
    }
    let state = states.get(event.orgId);
    if (state === undefined) {
      state = initialOrgState();
      states.set(event.orgId, state);
    }
    const inconsistency = checkEvent(state, event);
    if (inconsistency !== undefined) {
      return left(inputLine(name, line, event.eventId, inconsistency.message));
    }
    applyCheckedOrgEvent(state, event);
    return right(event);
  }
}

/** Where an event id was first seen (undefined: never; then it is recorded at `line`). */
function idRecord(table: EventIdTable | undefined): (eventId: string, line: number) => number | undefined {
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

/** The eventId of a line already accepted, read back from the file (see EventIdTable). */
export function eventIdOfAcceptedLine(text: string): string | undefined {
  // Without the currency context the decoder is only more lenient: an accepted line decodes.
  const decoded = createLogDecoder().decodeLine(text, 0);
  return decoded._tag === 'Right' ? decoded.right.eventId : undefined;
}

const EVENT_ID = /"eventId"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** The eventId of a line that is not valid JSON (truncated, say), when it can still be read. */
export function sniffEventId(text: string): string | undefined {
  const match = EVENT_ID.exec(text);
  if (match?.[1] === undefined) return undefined;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return undefined;
  }
}
