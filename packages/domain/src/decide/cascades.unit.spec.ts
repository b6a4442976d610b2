import { describe, expect, it } from 'vitest';
import { entityRecords } from '../entities/records.js';
import type { Plan } from '../events/types.js';
import type { Command } from './commands.js';
import { decide } from './decide.js';
import {
  AT,
  activate,
  deactivate,
  deactivateUser,
  given,
  PER_DEVICE_MONTHLY,
  PER_USER,
  purge,
  recordArchive,
  register,
  start,
} from './decide.spec-helper.js';

// u-1 has devices d-2 (active, archives a-3 and a-1), d-10 (active, no archive), d-1
// (deactivated, archive a-2 in cold storage when the org keeps one); u-2 has d-3 with a-4.
function orgWithUsers(coldStorage: boolean, plan: Plan = PER_USER): Command[] {
  return [
    register({ coldStorage }),
    start(plan),
    activate('d-2', 'u-1'),
    activate('d-1', 'u-1'),
    activate('d-10', 'u-1'),
    activate('d-3', 'u-2'),
    recordArchive('a-3', 'd-2'),
    recordArchive('a-2', 'd-1'),
    recordArchive('a-1', 'd-2'),
    recordArchive('a-4', 'd-3'),
    deactivate('d-1'),
  ];
}

function events(setup: Command[], command: Command) {
  const decision = decide(command, given(setup).state);
  if (decision._tag === 'Left') throw new Error(`unexpected rejection: ${decision.left.message}`);
  return decision.right;
}

const at = { orgId: 'acme', occurredAt: AT };

describe('DeactivateUser cascades', () => {
  it.each(['canceled', 'ineligible'] as const)(
    'reason %s: the user, each active device, then each retained archive with that reason, sorted by id',
    (reason) => {
      expect(events(orgWithUsers(true), deactivateUser('u-1', reason))).toEqual([
        { type: 'UserDeactivated', ...at, data: { userId: 'u-1', reason } },
        { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-10' } },
        { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-2' } },
        { type: 'ArchivePurged', ...at, data: { archiveId: 'a-1', reason } },
        { type: 'ArchivePurged', ...at, data: { archiveId: 'a-2', reason } },
        { type: 'ArchivePurged', ...at, data: { archiveId: 'a-3', reason } },
      ]);
    },
  );

  it('reason admin with cold storage: the user and each active device; the archives stay retained', () => {
    expect(events(orgWithUsers(true), deactivateUser('u-1', 'admin'))).toEqual([
      { type: 'UserDeactivated', ...at, data: { userId: 'u-1', reason: 'admin' } },
      { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-10' } },
      { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-2' } },
    ]);
  });

  it('reason admin without cold storage: the deactivated devices lose their archives as any deactivation does', () => {
    expect(events(orgWithUsers(false), deactivateUser('u-1', 'admin'))).toEqual([
      { type: 'UserDeactivated', ...at, data: { userId: 'u-1', reason: 'admin' } },
      { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-10' } },
      { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-2' } },
      { type: 'ArchivePurged', ...at, data: { archiveId: 'a-1', reason: 'deactivation' } },
      { type: 'ArchivePurged', ...at, data: { archiveId: 'a-3', reason: 'deactivation' } },
    ]);
  });

  it('frees the license at that instant: after the cascade the user holds nothing', () => {
    const { state, log } = given([...orgWithUsers(true), deactivateUser('u-1', 'canceled')]);
    expect(entityRecords(state.entities).users.get('u-1')).toEqual({ activeDevices: 0, retainedArchives: 0 });
    expect(state.entities.licensesInUse).toBe(1);
    expect(state.entities.licenseHolders).toBe(1);
    expect(state.entities.billableDevices).toBe(1);
    // Every effect is its own event, all at the command's instant.
    expect(log.slice(-6).every((event) => event.occurredAt === AT)).toBe(true);
  });

  it('a canceled user that was deactivated by an admin loses its cold-storage archives', () => {
    expect(
      events([...orgWithUsers(true), deactivateUser('u-1', 'admin')], deactivateUser('u-1', 'canceled')),
    ).toEqual([
      { type: 'UserDeactivated', ...at, data: { userId: 'u-1', reason: 'canceled' } },
      { type: 'ArchivePurged', ...at, data: { archiveId: 'a-1', reason: 'canceled' } },
      { type: 'ArchivePurged', ...at, data: { archiveId: 'a-2', reason: 'canceled' } },
      { type: 'ArchivePurged', ...at, data: { archiveId: 'a-3', reason: 'canceled' } },
    ]);
  });

  it('a user with no devices or archives left is deactivated alone', () => {
    const setup = [register(), start(PER_USER), activate('d-1', 'u-1'), deactivate('d-1')];
    expect(events(setup, deactivateUser('u-1', 'admin'))).toEqual([
      { type: 'UserDeactivated', ...at, data: { userId: 'u-1', reason: 'admin' } },
    ]);
  });

  it('a deactivated user who activates a device again can be deactivated again', () => {
    const setup = [
      register(),
      start(PER_USER),
      activate('d-1', 'u-1'),
      deactivateUser('u-1', 'admin'),
      activate('d-2', 'u-1'),
    ];
    expect(events(setup, deactivateUser('u-1', 'admin'))).toEqual([
      { type: 'UserDeactivated', ...at, data: { userId: 'u-1', reason: 'admin' } },
      { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-2' } },
    ]);
  });
});

describe('DeactivateDevice cascades', () => {
  it('without cold storage: the device, then each of its retained archives (reason deactivation), sorted', () => {
    expect(events(orgWithUsers(false, PER_DEVICE_MONTHLY), deactivate('d-2'))).toEqual([
      { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-2' } },
      { type: 'ArchivePurged', ...at, data: { archiveId: 'a-1', reason: 'deactivation' } },
      { type: 'ArchivePurged', ...at, data: { archiveId: 'a-3', reason: 'deactivation' } },
    ]);
  });

  it('without cold storage: archives purged earlier are not purged again', () => {
    expect(events([...orgWithUsers(false), purge('a-3', 'retention-expired')], deactivate('d-2'))).toEqual([
      { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-2' } },
      { type: 'ArchivePurged', ...at, data: { archiveId: 'a-1', reason: 'deactivation' } },
    ]);
  });

  it('with cold storage: only the device; its archives stay retained and billable', () => {
    expect(events(orgWithUsers(true, PER_DEVICE_MONTHLY), deactivate('d-2'))).toEqual([
      { type: 'DeviceDeactivated', ...at, data: { deviceId: 'd-2' } },
    ]);
    const { state } = given([...orgWithUsers(true, PER_DEVICE_MONTHLY), deactivate('d-2')]);
    expect(entityRecords(state.entities).devices.get('d-2')?.retainedArchives).toEqual(
      new Set(['a-1', 'a-3']),
    );
    // d-2 and d-1 in cold storage, d-10 and d-3 active.
    expect(state.entities.billableDevices).toBe(4);
  });
});

describe('a cascade larger than a call can take as arguments', () => {
  it('purges each of 150,000 archives of a canceled user', () => {
    const archives = 150_000;
    const setup = [register({ coldStorage: true }), start(PER_USER), activate('d-1', 'u-1')];
    for (let i = 0; i < archives; i++) setup.push(recordArchive(`a-${i}`, 'd-1'));
    const cascade = events(setup, deactivateUser('u-1', 'canceled'));
    expect(cascade.length).toBe(2 + archives);
    expect(cascade.filter((event) => event.type === 'ArchivePurged').length).toBe(archives);
  });
});
