import { describe, expect, it } from 'vitest';
import { entityRecords } from '../entities/records.js';
import type { TallyEvent } from '../events/types.js';
import {
  AT,
  activate,
  cancel,
  deactivate,
  deactivateUser,
  given,
  PER_DEVICE_MONTHLY,
  PER_DEVICE_YEARLY,
  PER_USER,
  recordArchive,
  register,
  renew,
  setCap,
  start,
} from './decide.spec-helper.js';
import { applyOrgEvent, evolve, foldOrgEvents, initialOrgState, type OrgState } from './org-state.js';

const history = given([
  register({ coldStorage: true }),
  start({ ...PER_DEVICE_YEARLY, termYears: 2 }, '2024-02-29'),
  activate('d-1', 'u-1'),
  activate('d-2', 'u-1'),
  recordArchive('a-1', 'd-1'),
  deactivate('d-1'),
  setCap(10),
  activate('d-3', 'u-2'),
  deactivateUser('u-2', 'canceled'),
  renew('2026-02-28', { termYears: 1 }),
  cancel(),
]).log;

function replayInPlace(events: readonly TallyEvent[]): OrgState {
  const state = initialOrgState();
  for (const event of events) applyOrgEvent(state, event);
  return state;
}

describe('OrgState', () => {
  it('records the registration, the subscription, the cap, the limit and the version', () => {
    const state = replayInPlace(history);
    expect(state.registration).toMatchObject({
      orgId: 'acme',
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      rounding: 'half-up',
      coldStorage: true,
    });
    expect(state.subscription).toMatchObject({
      startDate: '2024-02-29',
      tallyLeadHours: 48,
      termStart: '2026-02-28',
      termEnd: '2027-02-28',
      termYears: 1,
      canceledAt: AT,
    });
    expect(state.licenseCap).toBe(10);
    expect(state.maxDevicesPerUser).toBeNull();
    expect(state.version).toBe(history.length);
    expect(state.deactivatedUsers).toEqual(new Set(['u-2']));
    expect(
      [...entityRecords(state.entities).devices].filter(([, d]) => d.userId === 'u-1').map(([id]) => id),
    ).toEqual(['d-1', 'd-2']);
  });

  it('defaults the device limit by model: per-user 4, per-device none, a plan value wins', () => {
    expect(given([register(), start(PER_USER)]).state.maxDevicesPerUser).toBe(4);
    expect(given([register(), start(PER_DEVICE_MONTHLY)]).state.maxDevicesPerUser).toBeNull();
    expect(
      given([register(), start({ ...PER_DEVICE_MONTHLY, maxDevicesPerUser: 3 })]).state.maxDevicesPerUser,
    ).toBe(3);
    expect(given([register(), start({ ...PER_USER, maxDevicesPerUser: 2 })]).state.maxDevicesPerUser).toBe(2);
  });

  it('has no term end for per-device monthly plans and a one-year term for per-user plans', () => {
    expect(given([register(), start(PER_DEVICE_MONTHLY)]).state.subscription?.termEnd).toBeNull();
    expect(given([register(), start(PER_USER, '2026-01-31')]).state.subscription?.termEnd).toBe('2027-01-31');
  });

  it('initialState returns a fresh state each time', () => {
    const a = initialOrgState();
    applyOrgEvent(a, history[0] as TallyEvent);
    expect(initialOrgState().registration).toBeNull();
    expect(initialOrgState().version).toBe(0);
  });
});

describe('evolve, foldOrgEvents and applyOrgEvent', () => {
  it('evolve never mutates its input', () => {
    let state = initialOrgState();
    for (const event of history) {
      const before = structuredClone(state);
      const next = evolve(state, event);
      expect(state).toEqual(before);
      expect(next).not.toBe(state);
      state = next;
    }
  });

  it('foldOrgEvents never mutates its input', () => {
    const base = replayInPlace(history.slice(0, 5));
    const before = structuredClone(base);
    const folded = foldOrgEvents(base, history.slice(5));
    expect(base).toEqual(before);
    expect(folded.version).toBe(history.length);
  });

  it('evolve, foldOrgEvents and applyOrgEvent agree after every event', () => {
    let evolved = initialOrgState();
    const applied = initialOrgState();
    for (const [index, event] of history.entries()) {
      evolved = evolve(evolved, event);
      applyOrgEvent(applied, event);
      expect(evolved).toEqual(applied);
      expect(foldOrgEvents(initialOrgState(), history.slice(0, index + 1))).toEqual(applied);
    }
  });

  it('a folded state is not frozen, so a caller that owns it can keep it as a cache', () => {
    const owned = foldOrgEvents(initialOrgState(), history.slice(0, 4));
    expect(Object.isFrozen(owned)).toBe(false);
    expect(() => applyOrgEvent(owned, history[4] as TallyEvent)).not.toThrow();
    expect(owned.entities.archives.find('a-1')).not.toBe(-1);
  });
});
