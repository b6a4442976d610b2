// The domain's log checker (createLogChecker in @tally/domain: decoding, unique event ids, each
// organization's rules) with its refusals worded as the CLI's one line:
// `NAME:LINE: eventId: field: problem`.
import {
  createLogChecker as createDomainLogChecker,
  type EventIdTable,
  type LogCheck,
  type OrgState,
  type TallyEvent,
} from '@tally/domain';
import { inputLine } from '../errors.js';

/** The event, or the one line that refuses it (the shape of fp-ts's Either, which the CLI does
 * not depend on). */
export type Checked =
  | { readonly _tag: 'Right'; readonly right: TallyEvent }
  | { readonly _tag: 'Left'; readonly left: string };

export interface LogChecker {
  accept(text: string, line: number): Checked;
  acceptAt(bytes: Uint8Array, start: number, end: number, line: number): Checked;
  /** An event read from a store at `position`. */
  admit(event: TallyEvent, position: number): Checked;
  stateOf(orgId: string): OrgState | undefined;
}

export function createLogChecker(name: string, options: { eventIds?: EventIdTable } = {}): LogChecker {
  const checker = createDomainLogChecker({ ...options, source: name });
  const worded = (checked: LogCheck): Checked =>
    checked._tag === 'Right'
      ? checked
      : {
          _tag: 'Left',
          left: inputLine(name, checked.left.line, checked.left.eventId, checked.left.message),
        };
  return {
    accept: (text, line) => worded(checker.acceptLine(text, line)),
    acceptAt: (bytes, start, end, line) => worded(checker.acceptLineBytes(bytes, start, end, line)),
    admit: (event, position) => worded(checker.admit(event, position)),
    stateOf: (orgId) => checker.stateOf(orgId),
  };
}
