import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { event, historyArbitrary, minute, naiveCounts } from './counting.spec-helper.js';
import { countsOf } from './counts.js';
import { replayEntities } from './fold.js';
import { applyEntityEvent, createEntityState, type EntityState } from './state.js';

/** Counts by scanning the records, to check the incremental counters against. */
function recount(state: EntityState) {
  const devices = [...state.devices.values()];
  const users = [...state.users.values()];
  return {
    activeDevices: devices.filter((d) => d.active).length,
    billableDevices: devices.filter((d) => d.active || d.retainedArchives.size > 0).length,
    licensesInUse: users.filter((u) => u.retainedArchives > 0).length,
    licenseHolders: users.filter((u) => u.activeDevices > 0 || u.retainedArchives > 0).length,
  };
}

const countersOf = (state: EntityState) => {
  const { at: _at, ...counters } = countsOf(state, minute(0));
  return counters;
};

describe('applyEntityEvent', () => {
  it('follows a device from activation through cold storage to purge', () => {
    const state = createEntityState();
    applyEntityEvent(state, event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, minute(1)));
    expect(countersOf(state)).toEqual({
      activeDevices: 1,
      billableDevices: 1,
      licensesInUse: 0,
      licenseHolders: 1,
    });
    applyEntityEvent(state, event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, minute(2)));
    expect(countersOf(state)).toEqual({
      activeDevices: 1,
      billableDevices: 1,
      licensesInUse: 1,
      licenseHolders: 1,
    });
    applyEntityEvent(state, event('DeviceDeactivated', { deviceId: 'd-1' }, minute(3)));
    expect(countersOf(state)).toEqual({
      activeDevices: 0,
      billableDevices: 1,
      licensesInUse: 1,
      licenseHolders: 1,
    });
    applyEntityEvent(
      state,
      event('ArchivePurged', { archiveId: 'a-1', reason: 'cold-storage-purge' }, minute(4)),
    );
    expect(countersOf(state)).toEqual({
      activeDevices: 0,
      billableDevices: 0,
      licensesInUse: 0,
      licenseHolders: 0,
    });
    expect(state.devices.get('d-1')).toEqual({ userId: 'u-1', active: false, retainedArchives: new Set() });
    expect(state.archives.get('a-1')).toEqual({ deviceId: 'd-1', retained: false });
  });

  it('counts a user once however many devices and archives they have', () => {
    const state = createEntityState();
    for (const deviceId of ['d-1', 'd-2']) {
      applyEntityEvent(state, event('DeviceActivated', { deviceId, userId: 'u-1' }, minute(1)));
      applyEntityEvent(state, event('ArchiveCreated', { archiveId: `a-${deviceId}`, deviceId }, minute(2)));
    }
    expect(countersOf(state)).toEqual({
      activeDevices: 2,
      billableDevices: 2,
      licensesInUse: 1,
      licenseHolders: 1,
    });
    expect(state.users.get('u-1')).toEqual({ activeDevices: 2, retainedArchives: 2 });
  });

  it('changes no count on UserDeactivated alone: the events beside it do', () => {
    const state = createEntityState();
    applyEntityEvent(state, event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, minute(1)));
    applyEntityEvent(state, event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, minute(1)));
    const before = countersOf(state);
    applyEntityEvent(state, event('UserDeactivated', { userId: 'u-1', reason: 'canceled' }, minute(2)));
    expect(countersOf(state)).toEqual(before);
    expect(before.licenseHolders).toBe(1);
  });

  it('ignores inconsistent events instead of corrupting the counts', () => {
    const state = createEntityState();
    applyEntityEvent(state, event('DeviceDeactivated', { deviceId: 'd-x' }, minute(1)));
    applyEntityEvent(state, event('DeviceReactivated', { deviceId: 'd-x' }, minute(1)));
    applyEntityEvent(
      state,
      event('ArchivePurged', { archiveId: 'a-x', reason: 'retention-expired' }, minute(1)),
    );
    applyEntityEvent(state, event('ArchiveCreated', { archiveId: 'a-x', deviceId: 'd-x' }, minute(1)));
    expect(state.devices.size + state.archives.size + state.users.size).toBe(0);
    applyEntityEvent(state, event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, minute(2)));
    applyEntityEvent(state, event('DeviceActivated', { deviceId: 'd-1', userId: 'u-2' }, minute(3)));
    applyEntityEvent(state, event('DeviceReactivated', { deviceId: 'd-1' }, minute(3)));
    expect(countersOf(state)).toEqual({
      activeDevices: 1,
      billableDevices: 1,
      licensesInUse: 0,
      licenseHolders: 1,
    });
    // A known device keeps its first owner.
    expect(state.devices.get('d-1')?.userId).toBe('u-1');
    expect(state.users.has('u-2')).toBe(false);
  });

  test.prop([historyArbitrary({ sloppy: true })], { numRuns: 80 })(
    'keeps its O(1) counters equal to a recount of the records, never negative',
    (events) => {
      const state = createEntityState();
      for (const e of events) {
        applyEntityEvent(state, e);
        const counters = countersOf(state);
        expect(counters).toEqual(recount(state));
        expect(Math.min(...Object.values(counters))).toBeGreaterThanOrEqual(0);
        expect(counters.licensesInUse).toBeLessThanOrEqual(counters.licenseHolders);
        expect(counters.billableDevices).toBeGreaterThanOrEqual(counters.activeDevices);
      }
    },
  );

  test.prop([historyArbitrary({ sloppy: true })], { numRuns: 150 })(
    'agrees with the naive set-based replay of the same events in the same order',
    (events) => {
      const { at: _at, ...expected } = naiveCounts(events, minute(0));
      expect(countersOf(replayEntities(events))).toEqual(expected);
    },
  );

  it('ignores events that are not about devices, archives or users', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (cap) => {
        const state = createEntityState();
        applyEntityEvent(state, event('LicenseCapSet', { cap }, minute(1)));
        expect(state).toEqual(createEntityState());
      }),
      { numRuns: 20 },
    );
  });
});
