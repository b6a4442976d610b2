// The events of one org, read in stream order and held to the domain's rules as they arrive
// (the domain's log checker: the codecs, unique event ids, each event against the state before
// it), keeping what a replay of an issued invoice needs: the org state (its entity timeline)
// and the billing events.
import {
  BILLING_FACT_TYPES,
  createLogChecker,
  createLogDecoder,
  decodeProblem,
  type EventIdTable,
  initialOrgState,
  type OrgState,
  type TallyEvent,
} from '@tally/domain';
import { accept, refuse, type Verdict } from './verdict.js';

export class OrgEventLog {
  readonly billingEvents: TallyEvent[] = [];
  private readonly decoder = createLogDecoder();
  private readonly checker: ReturnType<typeof createLogChecker>;
  private readonly empty = initialOrgState();

  /** `eventIds` keeps the event ids as hashes (12 bytes an event; see EventIdTable, whose
   * recall is given the line numbers `accept` is given); without it, every id is kept in a Map. */
  constructor(
    readonly orgId: string,
    eventIds?: EventIdTable,
  ) {
    this.checker = createLogChecker(eventIds === undefined ? {} : { eventIds });
  }

  /** The org's state after the events accepted so far. */
  get state(): OrgState {
    return this.checker.stateOf(this.orgId) ?? this.empty;
  }

  /** Decodes and checks the canonical event text of line `line` (the number an earlier event is
   * named by when this one repeats its id); the event, or `field: problem`. */
  accept(canonical: string, line: number): Verdict<TallyEvent> {
    const decoded = this.decoder.decodeLine(canonical, line);
    if (decoded._tag === 'Left') return refuse(decodeProblem(decoded.left));
    const event = decoded.right;
    // Refused before the rules: another org's event would fail them for the wrong reason.
    if (event.orgId !== this.orgId) {
      return refuse(`orgId: "${event.orgId}", but the checkpoint is for org "${this.orgId}"`);
    }
    const admitted = this.checker.admit(event, line);
    if (admitted._tag === 'Left') return refuse(admitted.left.message);
    if (BILLING_FACT_TYPES.has(event.type)) this.billingEvents.push(event);
    return accept(event);
  }
}
