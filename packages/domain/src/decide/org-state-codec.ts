// A decider state (OrgState) as JSON and back, for the command handler's snapshots
// (docs/live.md#snapshots-for-the-command-handler). Every field is written by its kind: the
// entity timeline through its codec, sets as lists, the rest (registration, subscription, events,
// numbers) as the JSON it already is. A snapshot carries ORG_STATE_VERSION and the state's field
// names: one written by another version of the state, or of another shape, is not read (the
// caller rebuilds from the events), so an old snapshot is never misread.

import { EntityTimeline } from '../entities/timeline.js';
import { decodeTimeline, encodeTimeline, type TimelineJson } from '../entities/timeline-codec.js';
import { initialOrgState, type OrgState } from './org-state.js';

/**
 * The version of OrgState's meaning and stored form. Bump it whenever a field's content changes
 * meaning (a field added or removed changes the field list, which is checked too), or a stored
 * snapshot's form changes so that an older reader would misread it. 2: the ledger's packed
 * snapshots hold the timeline's columns as deltas, where 1 held Float64 bytes; 3: the deltas
 * are in units of a column-wide scale (packages/ledger/src/snapshot-text.ts).
 */
export const ORG_STATE_VERSION = 3;

export interface OrgStateJson {
  readonly stateVersion: number;
  /** The state's field names, sorted: the shape the snapshot was written for. */
  readonly fields: readonly string[];
  readonly values: Readonly<Record<string, unknown>>;
}

type Encoded =
  | { readonly timeline: TimelineJson }
  | { readonly set: readonly unknown[] }
  | { readonly json: unknown };

const fieldsOf = (state: object): string[] => Object.keys(state).sort();

export function encodeOrgState(state: OrgState): OrgStateJson {
  const values: Record<string, Encoded> = {};
  for (const [key, value] of Object.entries(state)) {
    if (value instanceof EntityTimeline) values[key] = { timeline: encodeTimeline(value) };
    else if (value instanceof Set) values[key] = { set: [...value] };
    else if (value instanceof Map || typeof value === 'bigint' || typeof value === 'function') {
      throw new RangeError(`OrgState.${key} has no JSON form: teach org-state-codec.ts its kind`);
    } else values[key] = { json: value };
  }
  return { stateVersion: ORG_STATE_VERSION, fields: fieldsOf(state), values };
}

/** Why a snapshot is not read; undefined when it is this version's. */
export function staleOrgStateReason(json: Pick<OrgStateJson, 'stateVersion' | 'fields'>): string | undefined {
  if (json.stateVersion !== ORG_STATE_VERSION) {
    return `state version ${json.stateVersion}, this code reads ${ORG_STATE_VERSION}`;
  }
  const expected = fieldsOf(initialOrgState());
  if (!Array.isArray(json.fields) || json.fields.join() !== expected.join()) {
    return `fields ${String(json.fields)}, this code's state has ${expected.join(',')}`;
  }
  return undefined;
}

/** The state of a snapshot of this version and shape; undefined for a stale one (see above).
 * A snapshot of the right version that does not decode is a RangeError naming the field. */
export function decodeOrgState(json: OrgStateJson): OrgState | undefined {
  if (staleOrgStateReason(json) !== undefined) return undefined;
  const state = initialOrgState() as unknown as Record<string, unknown>;
  for (const key of json.fields) {
    const encoded = json.values?.[key] as Record<string, unknown> | undefined;
    if (encoded === undefined || typeof encoded !== 'object') {
      throw new RangeError(`OrgState snapshot: ${key} is missing`);
    }
    const current = state[key];
    if (current instanceof EntityTimeline) {
      if (!('timeline' in encoded)) throw new RangeError(`OrgState snapshot: ${key} is not a timeline`);
      state[key] = decodeTimeline(encoded.timeline as TimelineJson);
    } else if (current instanceof Set) {
      if (!Array.isArray(encoded.set)) throw new RangeError(`OrgState snapshot: ${key} is not a list`);
      state[key] = new Set(encoded.set);
    } else {
      if (!('json' in encoded)) throw new RangeError(`OrgState snapshot: ${key} has no value`);
      state[key] = encoded.json;
    }
  }
  return state as unknown as OrgState;
}
