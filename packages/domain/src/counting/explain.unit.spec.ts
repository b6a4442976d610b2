import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { TallyEvent } from '../events/types.js';
import {
  asKnownAtArbitrary,
  event,
  historyArbitrary,
  instantsArbitrary,
  minute,
  naiveVisible,
} from './counting.spec-helper.js';
import { countAt } from './counts-at.js';
import { explainCountsAt } from './explain.js';

describe('explainCountsAt', () => {
  it('says who was counted and by which event', () => {
    const events = [
      event('DeviceActivated', { deviceId: 'd-2', userId: 'u-1' }, '2026-02-01T09:00:00Z'),
      event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, '2026-02-02T09:00:00Z'),
      event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, '2026-02-02T10:00:00Z'),
      event('DeviceDeactivated', { deviceId: 'd-1' }, '2026-02-10T09:00:00Z'),
      event('DeviceActivated', { deviceId: 'd-3', userId: 'u-2' }, '2026-02-03T09:00:00Z'),
      event('DeviceDeactivated', { deviceId: 'd-3' }, '2026-02-04T09:00:00Z'),
      event('DeviceReactivated', { deviceId: 'd-3' }, '2026-02-05T09:00:00Z'),
    ];
    const [a2, , archive, , a3, , r3] = events as [TallyEvent, ...TallyEvent[]];
    const ref = (e: TallyEvent | undefined) => ({ eventId: e?.eventId, occurredAt: e?.occurredAt });
    expect(explainCountsAt(events, '2026-03-01T00:00:00Z')).toEqual({
      counts: {
        at: '2026-03-01T00:00:00Z',
        activeDevices: 2,
        billableDevices: 3,
        licensesInUse: 1,
        licenseHolders: 2,
      },
      billableDevices: [
        {
          deviceId: 'd-1',
          userId: 'u-1',
          active: false,
          retainedArchiveIds: ['a-1'],
          countedBy: ref(archive),
        },
        { deviceId: 'd-2', userId: 'u-1', active: true, retainedArchiveIds: [], countedBy: ref(a2) },
        { deviceId: 'd-3', userId: 'u-2', active: true, retainedArchiveIds: [], countedBy: ref(r3) },
      ],
      licenseHolders: [
        {
          userId: 'u-1',
          licenseInUse: true,
          activeDeviceIds: ['d-2'],
          retainedArchiveIds: ['a-1'],
          countedBy: ref(archive),
          licenseInUseBy: ref(archive),
        },
        {
          userId: 'u-2',
          licenseInUse: false,
          activeDeviceIds: ['d-3'],
          retainedArchiveIds: [],
          countedBy: ref(r3),
          licenseInUseBy: null,
        },
      ],
    });
    expect(a3?.type).toBe('DeviceActivated');
  });

  it('credits a deactivated device in cold storage to its earliest retained archive', () => {
    const events = [
      event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, minute(1)),
      event('ArchiveCreated', { archiveId: 'a-1', deviceId: 'd-1' }, minute(2)),
      event('DeviceDeactivated', { deviceId: 'd-1' }, minute(3)),
      // Backdated: created at the same instant as a-1 (before the deactivation), recorded later.
      event('ArchiveCreated', { archiveId: 'a-2', deviceId: 'd-1' }, minute(2), minute(4)),
    ];
    const explained = explainCountsAt(events, minute(5));
    expect(explained.billableDevices.map((d) => [d.deviceId, d.countedBy.eventId])).toEqual([
      ['d-1', events[1]?.eventId],
    ]);
    expect(explained.billableDevices[0]?.retainedArchiveIds).toEqual(['a-1', 'a-2']);
  });

  test.prop([historyArbitrary(), instantsArbitrary, asKnownAtArbitrary], { numRuns: 150 })(
    'lists exactly the counted entities, sorted, each credited to a visible event about it',
    (events, instants, asKnownAt) => {
      const at = instants[0] as string;
      const options = asKnownAt === undefined ? {} : { asKnownAt };
      const explained = explainCountsAt(events, at, options);
      const { counts, billableDevices, licenseHolders } = explained;
      expect(counts).toEqual(countAt(events, at, options));
      expect(billableDevices).toHaveLength(counts.billableDevices);
      expect(billableDevices.filter((d) => d.active)).toHaveLength(counts.activeDevices);
      expect(licenseHolders).toHaveLength(counts.licenseHolders);
      expect(licenseHolders.filter((u) => u.licenseInUse)).toHaveLength(counts.licensesInUse);
      const deviceIds = billableDevices.map((d) => d.deviceId);
      expect(deviceIds).toEqual([...deviceIds].sort());
      const userIds = licenseHolders.map((u) => u.userId);
      expect(userIds).toEqual([...userIds].sort());

      const visible = new Map(naiveVisible(events, at, asKnownAt).map((e) => [e.eventId, e]));
      /** The visible event credited, checked to be an activation of one of `deviceIds` or the
       * creation of one of `archiveIds`, with the occurredAt it claims. */
      const creditedEvent = (ref: { eventId: string; occurredAt: string }) => {
        const credited = visible.get(ref.eventId);
        expect(credited?.occurredAt).toBe(ref.occurredAt);
        return credited;
      };
      const isActivationOf = (e: TallyEvent | undefined, deviceIds: readonly string[]) =>
        (e?.type === 'DeviceActivated' || e?.type === 'DeviceReactivated') &&
        deviceIds.includes(e.data.deviceId);
      const isCreationOf = (e: TallyEvent | undefined, archiveIds: readonly string[]) =>
        e?.type === 'ArchiveCreated' && archiveIds.includes(e.data.archiveId);
      for (const device of billableDevices) {
        const credited = creditedEvent(device.countedBy);
        if (device.active) expect(isActivationOf(credited, [device.deviceId])).toBe(true);
        else expect(isCreationOf(credited, device.retainedArchiveIds)).toBe(true);
      }
      for (const user of licenseHolders) {
        const credited = creditedEvent(user.countedBy);
        if (user.licenseInUse) {
          expect(isCreationOf(credited, user.retainedArchiveIds)).toBe(true);
          expect(user.licenseInUseBy).toEqual(user.countedBy);
        } else {
          expect(isActivationOf(credited, user.activeDeviceIds)).toBe(true);
          expect(user.licenseInUseBy).toBeNull();
        }
      }
    },
  );
});
