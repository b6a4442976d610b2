// The events of one org, read in stream order and held to the domain's rules as they arrive
// (the codecs, unique event ids, checkEvent against the state before), keeping what a replay
// of an issued invoice needs: the org state (its entity timeline) and the billing events.
import {
  applyCheckedOrgEvent,
  BILLING_FACT_TYPES,
  checkEvent,
  createLogDecoder,
  initialOrgState,
  type OrgState,
  type TallyEvent,
} from '@tally/domain';
import { accept, refuse, type Verdict } from './verdict.js';

export class OrgEventLog {
  readonly state: OrgState = initialOrgState();
  readonly billingEvents: TallyEvent[] = [];
  private readonly decoder = createLogDecoder();
  private readonly seen = new Map<string, number>();

  constructor(readonly orgId: string) {}

  /** Decodes and checks the canonical event text of event `number`; the event, or `field: problem`. */
  accept(canonical: string, number: number): Verdict<TallyEvent> {
    const decoded = this.decoder.decodeLine(canonical, number);
    if (decoded._tag === 'Left') {
      const { path, message } = decoded.left;
      return refuse(path === '' && !message.startsWith('event: ') ? `line: ${message}` : message);
    }
    const event = decoded.right;
    if (event.orgId !== this.orgId) {
      return refuse(`orgId: "${event.orgId}", but the checkpoint is for org "${this.orgId}"`);
    }
    const earlier = this.seen.get(event.eventId);
    if (earlier !== undefined)
      return refuse(`eventId: already used by event ${earlier}; event ids are unique`);
    this.seen.set(event.eventId, number);
    const inconsistency = checkEvent(this.state, event);
    if (inconsistency !== undefined) return refuse(inconsistency.message);
    applyCheckedOrgEvent(this.state, event);
    if (BILLING_FACT_TYPES.has(event.type)) this.billingEvents.push(event);
    return accept(event);
  }
}
