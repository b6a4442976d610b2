// The per-organization state a live projection folds events into: the org's entity timeline
// (each event checked where it lands, as every count does) and its billing events, the two
// inputs of the domain's liveFigures. Written to and read from a document with its checkpoint,
// so a restarted projection resumes after the checkpoint instead of replaying the store.
import {
  BILLING_FACT_TYPES,
  decodeTimeline,
  encodeTimeline,
  isInconsistentEventError,
  type TallyEvent,
  TimelineFold,
} from '@tally/domain';
import { type TimelineText, timelineFromText, timelineToText } from '../snapshot-text.js';

export interface OrgFold {
  readonly orgId: string;
  readonly fold: TimelineFold;
  readonly factEvents: TallyEvent[];
  /** From OrganizationRegistered, once known. */
  name: string | null;
  /** Events of the org folded so far. */
  events: number;
  /** Set when an event did not fit the org's timeline: the org is then frozen at the event
   * before, and shown with this message, never counted past an event it skipped. */
  problem: string | null;
}

export const newOrgFold = (orgId: string): OrgFold => ({
  orgId,
  fold: new TimelineFold(),
  factEvents: [],
  name: null,
  events: 0,
  problem: null,
});

/** Folds one event of the org; an event that does not fit sets `problem` (and is not applied). */
export function foldEvent(org: OrgFold, event: TallyEvent): void {
  if (org.problem !== null) return;
  try {
    org.fold.push(event);
  } catch (error) {
    if (!isInconsistentEventError(error)) throw error;
    org.problem = `event ${event.eventId} (the org's event ${org.events}): ${error.message}`;
    return;
  }
  if (BILLING_FACT_TYPES.has(event.type)) org.factEvents.push(event);
  if (event.type === 'OrganizationRegistered' && org.name === null) org.name = event.data.name;
  org.events += 1;
}

/** Bump when the document's meaning changes: an older document is then ignored (a full replay). */
export const LIVE_STATE_VERSION = 1;
export const LIVE_STATE_TYPE = 'LiveProjectionState';

interface OrgFoldJson {
  readonly orgId: string;
  readonly name: string | null;
  readonly events: number;
  readonly problem: string | null;
  readonly foldCount: number;
  readonly timeline: TimelineText;
  readonly factEvents: readonly TallyEvent[];
}

export interface LiveStateJson {
  readonly version: number;
  readonly checkpoint: string | null;
  readonly orgs: readonly OrgFoldJson[];
}

export function encodeLiveState(checkpoint: bigint | undefined, orgs: Iterable<OrgFold>): string {
  const json: LiveStateJson = {
    version: LIVE_STATE_VERSION,
    checkpoint: checkpoint === undefined ? null : checkpoint.toString(),
    orgs: [...orgs].map((org) => ({
      orgId: org.orgId,
      name: org.name,
      events: org.events,
      problem: org.problem,
      foldCount: org.fold.count,
      timeline: timelineToText(encodeTimeline(org.fold.timeline)),
      factEvents: org.factEvents,
    })),
  };
  return JSON.stringify(json);
}

/** The checkpoint and folds of a stored document; undefined for one of another version. */
export function decodeLiveState(
  text: string,
): { readonly checkpoint: bigint | undefined; readonly orgs: OrgFold[] } | undefined {
  const json = JSON.parse(text) as LiveStateJson;
  if (json.version !== LIVE_STATE_VERSION) return undefined;
  const orgs = json.orgs.map((org): OrgFold => {
    const fold = TimelineFold.resume(decodeTimeline(timelineFromText(org.timeline)), org.foldCount);
    return {
      orgId: org.orgId,
      fold,
      factEvents: [...org.factEvents],
      name: org.name,
      events: org.events,
      problem: org.problem,
    };
  });
  return { checkpoint: json.checkpoint === null ? undefined : BigInt(json.checkpoint), orgs };
}
