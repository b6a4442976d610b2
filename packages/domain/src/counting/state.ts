// The mutable entity state behind every count of docs/counting.md#what-is-counted, and its O(1) step.
//
// Lenient by design: an event that does not fit the state (deactivating an unknown device,
// purging a purged archive, ...) is ignored here. Refusing inconsistent commands is the
// deciders' job; a fold must still give an answer for whatever subset of a log is visible at a
// snapshot (as-known-at can hide the event an otherwise valid one depends on).
//
// Every effect is a "set": activate sets a known device active, deactivate sets it inactive,
// create sets an archive retained, purge sets it not retained. An entity's owner (a device's
// user, an archive's device) is fixed by the event that first made it known. The snapshot
// machinery (snapshot-counter.ts) relies on exactly these rules.
import type { TallyEvent } from '../events/types.js';

export interface DeviceRecord {
  userId: string;
  active: boolean;
  retainedArchives: Set<string>;
}
export interface ArchiveRecord {
  deviceId: string;
  retained: boolean;
}
export interface UserRecord {
  activeDevices: number;
  retainedArchives: number;
}
export interface EntityState {
  devices: Map<string, DeviceRecord>;
  archives: Map<string, ArchiveRecord>;
  users: Map<string, UserRecord>;
  activeDevices: number;
  billableDevices: number;
  licensesInUse: number;
  licenseHolders: number;
}

export function createEntityState(): EntityState {
  return {
    devices: new Map(),
    archives: new Map(),
    users: new Map(),
    activeDevices: 0,
    billableDevices: 0,
    licensesInUse: 0,
    licenseHolders: 0,
  };
}

/** A device is billable while it is active or holds a retained archive (cold storage). */
export function isBillableDevice(device: DeviceRecord): boolean {
  return device.active || device.retainedArchives.size > 0;
}
/** A user's license is in use while at least one of the user's archives is retained. */
export function isLicenseInUse(user: UserRecord): boolean {
  return user.retainedArchives > 0;
}
/** A license holder has an active device or a retained archive (docs/counting.md#license-holders). */
export function isLicenseHolder(user: UserRecord): boolean {
  return user.activeDevices > 0 || user.retainedArchives > 0;
}

/** Mutates state; O(1); ignores event types that are not about devices, archives or users. */
export function applyEntityEvent(state: EntityState, event: TallyEvent): void {
  switch (event.type) {
    case 'DeviceActivated': {
      const device = state.devices.get(event.data.deviceId);
      if (device === undefined) {
        const fresh: DeviceRecord = { userId: event.data.userId, active: false, retainedArchives: new Set() };
        state.devices.set(event.data.deviceId, fresh);
        if (!state.users.has(event.data.userId)) {
          state.users.set(event.data.userId, { activeDevices: 0, retainedArchives: 0 });
        }
        setDeviceActive(state, fresh, true);
      } else {
        // A known device keeps its first owner: activating it again is a reactivation.
        setDeviceActive(state, device, true);
      }
      return;
    }
    case 'DeviceReactivated': {
      const device = state.devices.get(event.data.deviceId);
      if (device !== undefined) setDeviceActive(state, device, true);
      return;
    }
    case 'DeviceDeactivated': {
      const device = state.devices.get(event.data.deviceId);
      if (device !== undefined) setDeviceActive(state, device, false);
      return;
    }
    case 'ArchiveCreated': {
      const archive = state.archives.get(event.data.archiveId);
      if (archive !== undefined) {
        // Created again after a purge: retained again, on the device that first owned it.
        setArchiveRetained(state, event.data.archiveId, archive, true);
        return;
      }
      // An archive of an unknown device has no user to charge: ignored.
      if (!state.devices.has(event.data.deviceId)) return;
      const fresh: ArchiveRecord = { deviceId: event.data.deviceId, retained: false };
      state.archives.set(event.data.archiveId, fresh);
      setArchiveRetained(state, event.data.archiveId, fresh, true);
      return;
    }
    case 'ArchivePurged': {
      const archive = state.archives.get(event.data.archiveId);
      if (archive !== undefined) setArchiveRetained(state, event.data.archiveId, archive, false);
      return;
    }
    default:
      // UserDeactivated changes no count by itself: the DeviceDeactivated and ArchivePurged
      // events beside it in the log do. Org, subscription and invoice events count nothing.
      return;
  }
}

function setDeviceActive(state: EntityState, device: DeviceRecord, active: boolean): void {
  if (device.active === active) return;
  const user = userOf(state, device.userId);
  const wasBillable = isBillableDevice(device);
  const wasHolder = isLicenseHolder(user);
  const delta = active ? 1 : -1;
  device.active = active;
  user.activeDevices += delta;
  state.activeDevices += delta;
  state.billableDevices += Number(isBillableDevice(device)) - Number(wasBillable);
  state.licenseHolders += Number(isLicenseHolder(user)) - Number(wasHolder);
}

function setArchiveRetained(
  state: EntityState,
  archiveId: string,
  archive: ArchiveRecord,
  retained: boolean,
): void {
  if (archive.retained === retained) return;
  const device = state.devices.get(archive.deviceId);
  // Archives are only ever created on known devices and devices are never removed.
  if (device === undefined)
    throw new Error(`archive ${archiveId} refers to unknown device ${archive.deviceId}`);
  const user = userOf(state, device.userId);
  const wasBillable = isBillableDevice(device);
  const wasHolder = isLicenseHolder(user);
  const wasInUse = isLicenseInUse(user);
  archive.retained = retained;
  if (retained) device.retainedArchives.add(archiveId);
  else device.retainedArchives.delete(archiveId);
  user.retainedArchives += retained ? 1 : -1;
  state.billableDevices += Number(isBillableDevice(device)) - Number(wasBillable);
  state.licenseHolders += Number(isLicenseHolder(user)) - Number(wasHolder);
  state.licensesInUse += Number(isLicenseInUse(user)) - Number(wasInUse);
}

function userOf(state: EntityState, userId: string): UserRecord {
  const user = state.users.get(userId);
  // Users are created with their first device and never removed.
  if (user === undefined) throw new Error(`device refers to unknown user ${userId}`);
  return user;
}
