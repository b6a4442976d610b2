// Decodes a JSONL log line by line and holds it to the deciders' rules while it streams: each
// organization's OrgState is folded as its events arrive (applyOrgEvent), and every event is
// checked against the state before it (checkEvent). Memory grows with entities (devices,
// archives, users per org) plus the uniqueness check's record of event ids (12 bytes per event
// for a file, which can be read back; a Map of ids for a store); the events themselves are never
// kept. Device and archive lines spelled as serializeEvent spells them skip JSON.parse
// (line-event.ts); every other line, and every error, goes through createLogDecoder.
import {
  applyOrgEvent,
  checkEvent,
  createLogDecoder,
  initialOrgState,
  type OrgState,
  type TallyEvent,
} from '@tally/domain';
import { inputLine } from '../errors.js';
import { EventIdTable, type RecallEventId } from './event-id-table.js';
import { LineEventMatcher } from './line-event.js';

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
  /** The same for the line `chunk.slice(start, end)`, cut only when it needs the codecs. */
  acceptAt(chunk: string, start: number, end: number, line: number): Checked;
  /** The same checks for an event decoded elsewhere (read from a store at `position`). */
  admit(event: TallyEvent, position: number): Checked;
}

export interface LogCheckerOptions {
  /** Reads back the eventId of an earlier accepted line (a file can be re-read): event ids are
   * then kept as hashes, and an exact comparison is only made when two hashes match. Without
   * it, every id is kept in a Map. */
  readonly recallEventId?: RecallEventId;
  /** Told about every accepted event just before it is applied to its organization's state
   * (which it may read, never change): lets a caller count from the checker's own state. */
  readonly beforeApply?: (state: Readonly<OrgState>, event: TallyEvent) => void;
}

export function createLogChecker(name: string, options: LogCheckerOptions = {}): LogChecker {
  const decoder = createLogDecoder();
  const matcher = new LineEventMatcher();
  const states = new Map<string, OrgState>();
  const firstSeenAt = idRecord(options.recallEventId);
  const beforeApply = options.beforeApply;
  return {
    accept: (text, line) => acceptAt(text, 0, text.length, line),
    acceptAt,
    admit,
  };

  function acceptAt(chunk: string, start: number, end: number, line: number): Checked {
    const matched = matcher.match(chunk, start, end);
    if (matched !== undefined) return admit(matched, line);
    const text = chunk.slice(start, end);
    const decoded = decoder.decodeLine(text, line);
    if (decoded._tag === 'Left') {
      const error = decoded.left;
      // A line that is not JSON has no field to blame: the whole line is at fault.
      const message =
        error.path === '' && !error.message.startsWith('event: ') ? `line: ${error.message}` : error.message;
      return left(inputLine(name, line, error.eventId ?? sniffEventId(text), message));
    }
    return admit(decoded.right, line);
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
    if (beforeApply !== undefined) beforeApply(state, event);
    applyOrgEvent(state, event);
    return right(event);
  }
}

/** Where an event id was first seen (undefined: never; then it is recorded at `line`). */
function idRecord(recall: RecallEventId | undefined): (eventId: string, line: number) => number | undefined {
  if (recall !== undefined) {
    const table = new EventIdTable(recall);
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
  const matched = new LineEventMatcher().match(text);
  if (matched !== undefined) return matched.eventId;
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
