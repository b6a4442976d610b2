// Decodes a JSONL log line by line and holds it to the deciders' rules while it streams: each
// organization's OrgState is folded as its events arrive (applyOrgEvent), and every event is
// checked against the state before it (checkEvent). Memory grows with entities (devices,
// archives, users per org) plus one eventId per event for the uniqueness check; the events
// themselves are never kept.
import {
  applyOrgEvent,
  checkEvent,
  createLogDecoder,
  initialOrgState,
  type OrgState,
  type TallyEvent,
} from '@tally/domain';
import { inputLine } from '../errors.js';

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
  /** The same checks for an event decoded elsewhere (read from a store at `position`). */
  admit(event: TallyEvent, position: number): Checked;
}

export function createLogChecker(name: string): LogChecker {
  const decoder = createLogDecoder();
  const states = new Map<string, OrgState>();
  const lineOfEventId = new Map<string, number>();
  return {
    accept(text, line) {
      const decoded = decoder.decodeLine(text, line);
      if (decoded._tag === 'Left') {
        const error = decoded.left;
        // A line that is not JSON has no field to blame: the whole line is at fault.
        const message =
          error.path === '' && !error.message.startsWith('event: ')
            ? `line: ${error.message}`
            : error.message;
        return left(inputLine(name, line, error.eventId ?? sniffEventId(text), message));
      }
      return admit(decoded.right, line);
    },
    admit,
  };

  function admit(event: TallyEvent, line: number): Checked {
    const earlier = lineOfEventId.get(event.eventId);
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
    lineOfEventId.set(event.eventId, line);
    let state = states.get(event.orgId);
    if (state === undefined) {
      state = initialOrgState();
      states.set(event.orgId, state);
    }
    const inconsistency = checkEvent(state, event);
    if (inconsistency !== undefined) {
      return left(inputLine(name, line, event.eventId, inconsistency.message));
    }
    applyOrgEvent(state, event);
    return right(event);
  }
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
