// Snapshots of the decider state: a state written, parsed from its JSON text and read back
// decides every later command as the state it was written from; a snapshot of another version
// or shape is refused (undefined), never read; a damaged one is a RangeError naming the field.
import { fc, test } from '@fast-check/vitest';
import { arbEventLog } from '@tally/testing';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { countsOfTimeline } from '../counting/snapshot-counter.js';
import type { TimelineJson } from '../entities/timeline-codec.js';
import { orgDecider } from './decider.js';
import { applyOrgEvent, initialOrgState, type OrgState } from './org-state.js';
import {
  decodeOrgState,
  encodeOrgState,
  ORG_STATE_VERSION,
  type OrgStateJson,
  staleOrgStateReason,
} from './org-state-codec.js';

const BASE_MS = Temporal.Instant.from('2025-01-01T00:00:00Z').epochMilliseconds;

const fold = (events: readonly import('../events/types.js').TallyEvent[]): OrgState => {
  const state = initialOrgState();
  for (const event of events) applyOrgEvent(state, event);
  return state;
};
/** The encoded state with each timeline's columns as plain arrays, as the ledger's packed
 * snapshots hand them to the decoder (their deltas decoded). */
const withListColumns = (json: OrgStateJson): OrgStateJson => {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json.values)) {
    const timeline = (value as { timeline?: TimelineJson }).timeline;
    values[key] =
      timeline === undefined
        ? value
        : {
            timeline: {
              ...timeline,
              columns: Object.fromEntries(
                Object.entries(timeline.columns).map(([name, column]) => [name, [...column]]),
              ),
            },
          };
  }
  return { ...json, values };
};

const roundTrip = (state: OrgState, listColumns: boolean): OrgState => {
  // structuredClone: a copy that shares nothing, Float64Array columns included (a store writes
  // them as bytes; the ledger's snapshot text is tested there).
  const json = structuredClone(encodeOrgState(state)) as OrgStateJson;
  const read = decodeOrgState(listColumns ? withListColumns(json) : json);
  if (read === undefined) throw new Error('a fresh snapshot was refused');
  return read;
};

describe('OrgState snapshots', () => {
  test.prop(
    [
      arbEventLog({ maxEvents: 40 }),
      fc.nat(),
      fc.array(fc.integer({ min: 0, max: 3e10 }), { maxLength: 6 }),
      fc.boolean(),
    ],
    {
      numRuns: 60,
    },
  )(
    'read back (columns as typed arrays or as lists), a state decides and counts as the one it was written from, before and after more events',
    (log, cut, offsets, listColumns) => {
      const at = cut % (log.events.length + 1);
      const direct = fold(log.events);
      const restored = roundTrip(fold(log.events.slice(0, at)), listColumns);
      for (const event of log.events.slice(at)) applyOrgEvent(restored, event);
      expect(restored.version).toBe(direct.version);
      const instants = offsets.map((ms) => Temporal.Instant.fromEpochMilliseconds(BASE_MS + ms).toString());
      const ms = instants.map((instant) => Temporal.Instant.from(instant).epochMilliseconds);
      expect(countsOfTimeline(restored.entities, instants, ms, Number.POSITIVE_INFINITY)).toEqual(
        countsOfTimeline(direct.entities, instants, ms, Number.POSITIVE_INFINITY),
      );
      for (const command of log.commands.slice(-5)) {
        expect(orgDecider.decide(command, restored)).toEqual(orgDecider.decide(command, direct));
      }
      expect(encodeOrgState(restored)).toEqual(encodeOrgState(direct));
    },
  );

  it('a snapshot of another state version is not read', () => {
    const json = encodeOrgState(initialOrgState());
    expect(decodeOrgState({ ...json, stateVersion: ORG_STATE_VERSION - 1 })).toBeUndefined();
    expect(staleOrgStateReason({ ...json, stateVersion: ORG_STATE_VERSION + 1 })).toMatch(/state version/);
    expect(decodeOrgState(json)).toBeDefined();
  });

  it('a snapshot of another shape (a field more or less) is not read, whatever its version says', () => {
    const json = encodeOrgState(initialOrgState());
    expect(decodeOrgState({ ...json, fields: [...json.fields, 'somethingNew'].sort() })).toBeUndefined();
    expect(decodeOrgState({ ...json, fields: json.fields.slice(1) })).toBeUndefined();
  });

  it('a damaged snapshot of this version is a RangeError naming the field', () => {
    const json = encodeOrgState(initialOrgState());
    const values = {
      ...json.values,
      entities: { timeline: { devices: [], archives: [], users: [], scalars: {}, columns: {} } },
    };
    expect(() => decodeOrgState({ ...json, values })).toThrow(/latestMs/);
    const folded = encodeOrgState(initialOrgState());
    const listed = withListColumns(folded);
    const timeline = (listed.values.entities as { timeline: TimelineJson }).timeline;
    const damaged = {
      ...timeline,
      columns: { ...timeline.columns, changeMs: [1, '2'] as unknown as number[] },
    };
    expect(() =>
      decodeOrgState({ ...listed, values: { ...listed.values, entities: { timeline: damaged } } }),
    ).toThrow(/changeMs holds a non-number at 1/);
    const { licenseCap: _dropped, ...rest } = json.values;
    expect(() => decodeOrgState({ ...json, values: rest })).toThrow(/licenseCap/);
  });
});
