// One organization's devices, archives and users in typed arrays indexed by interned ids: the
// entity state of the domain's OrgState (counting/state.ts) and the consistency rules checkEvent
// holds entity events to (decide/consistency.ts), for the fast replay of file-scan.ts. A Map of
// records per entity costs ~100 bytes and a string hash per lookup; here an entity is a few
// array slots. Each step first checks the event as checkEvent would and answers false, leaving
// the state untouched, when checkEvent would refuse it (the caller then lets the domain's own
// checker find and word the error); otherwise it applies the event as applyEntityEvent would.
// Tests hold the two equal on generated logs, consistent or not.
import type { TallyEvent } from '@tally/domain';
import { grownTo, type IdAt, IdInterner, idAt } from './id-interner.js';

/** The four counts (docs/counting.md#what-is-counted), as they stand after the events applied so far. */
export interface EntityCounts {
  readonly activeDevices: number;
  readonly billableDevices: number;
  readonly licensesInUse: number;
  readonly licenseHolders: number;
}

const INITIAL = 1 << 12;
const DEVICE_INTS = 3;
const ARCHIVE_INTS = 2;
const USER_INTS = 2;

/** Two ids given as strings, as UTF-8 bytes side by side. */
const encoder = new TextEncoder();

function idsOf(first: string, second: string): [Uint8Array, IdAt, IdAt] {
  const firstBytes = encoder.encode(first);
  const bytes = new Uint8Array(firstBytes.length + encoder.encode(second).length);
  bytes.set(firstBytes);
  encoder.encodeInto(second, bytes.subarray(firstBytes.length));
  return [bytes, idAt(bytes, 0, firstBytes.length), idAt(bytes, firstBytes.length, bytes.length)];
}

export class FlatEntities implements EntityCounts {
  activeDevices = 0;
  billableDevices = 0;
  licensesInUse = 0;
  licenseHolders = 0;
  private readonly devices: IdInterner;
  private readonly archives: IdInterner;
  private readonly users: IdInterner;
  /** Per device: its user, 1 while active, its retained archives (an entity's numbers side by
   * side: one cache line per lookup). */
  private deviceData = new Int32Array(INITIAL * DEVICE_INTS);
  /** Per archive: its device, 1 while retained. */
  private archiveData = new Int32Array(INITIAL * ARCHIVE_INTS);
  /** Per user: active devices, retained archives. */
  private userData = new Int32Array(INITIAL * USER_INTS);

  /** `expectedIds` sizes each kind's id table up front. */
  constructor(expectedIds?: number) {
    this.devices = new IdInterner(expectedIds);
    this.archives = new IdInterner(expectedIds);
    this.users = new IdInterner(expectedIds);
  }

  // Each id is given as an IdAt of `bytes`.

  /** DeviceActivated: refused when the device exists (active, or deactivated: it comes back with
   * DeviceReactivated). */
  activate(bytes: Uint8Array, device: IdAt, user: IdAt): boolean {
    if (this.devices.find(bytes, device) >= 0) return false;
    const userNumber = this.users.intern(bytes, user);
    const deviceNumber = this.devices.intern(bytes, device);
    this.makeRoom();
    this.deviceData[deviceNumber * DEVICE_INTS] = userNumber;
    this.setDeviceActive(deviceNumber, 1);
    return true;
  }

  /** DeviceDeactivated (active = 0) or DeviceReactivated (active = 1): refused for a device never
   * activated, or one already in that state. */
  setActive(bytes: Uint8Array, device: IdAt, active: 0 | 1): boolean {
    const number = this.devices.find(bytes, device);
    if (number < 0 || this.deviceData[number * DEVICE_INTS + 1] === active) return false;
    this.setDeviceActive(number, active);
    return true;
  }

  /** ArchiveCreated: refused when the archive was ever created, or the device is unknown or
   * deactivated. */
  createArchive(bytes: Uint8Array, archive: IdAt, device: IdAt): boolean {
    if (this.archives.find(bytes, archive) >= 0) return false;
    const deviceNumber = this.devices.find(bytes, device);
    if (deviceNumber < 0 || this.deviceData[deviceNumber * DEVICE_INTS + 1] === 0) return false;
    const archiveNumber = this.archives.intern(bytes, archive);
    this.makeRoom();
    this.archiveData[archiveNumber * ARCHIVE_INTS] = deviceNumber;
    this.setArchiveRetained(archiveNumber, 1);
    return true;
  }

  /** ArchivePurged: refused for an archive never created or already purged. */
  purgeArchive(bytes: Uint8Array, archive: IdAt): boolean {
    const number = this.archives.find(bytes, archive);
    if (number < 0 || this.archiveData[number * ARCHIVE_INTS + 1] === 0) return false;
    this.setArchiveRetained(number, 0);
    return true;
  }

  /** UserDeactivated: refused for a user who never had a device (it changes no count). */
  hasUser(bytes: Uint8Array, user: IdAt): boolean {
    return this.users.find(bytes, user) >= 0;
  }

  /** The same steps for an event the codecs decoded (a line in another spelling); false for a
   * refused event and for one that is not about devices, archives or users. */
  applyEvent(event: TallyEvent): boolean {
    switch (event.type) {
      case 'DeviceActivated': {
        const [bytes, device, user] = idsOf(event.data.deviceId, event.data.userId);
        return this.activate(bytes, device, user);
      }
      case 'DeviceDeactivated':
      case 'DeviceReactivated': {
        const [bytes, device] = idsOf(event.data.deviceId, '');
        return this.setActive(bytes, device, event.type === 'DeviceReactivated' ? 1 : 0);
      }
      case 'ArchiveCreated': {
        const [bytes, archive, device] = idsOf(event.data.archiveId, event.data.deviceId);
        return this.createArchive(bytes, archive, device);
      }
      case 'ArchivePurged': {
        const [bytes, archive] = idsOf(event.data.archiveId, '');
        return this.purgeArchive(bytes, archive);
      }
      case 'UserDeactivated': {
        const [bytes, user] = idsOf(event.data.userId, '');
        return this.hasUser(bytes, user);
      }
      default:
        return false;
    }
  }

  /** Keeps every array as long as its interner. */
  private makeRoom(): void {
    if (this.devices.size * DEVICE_INTS > this.deviceData.length) {
      this.deviceData = grownTo(this.deviceData, this.deviceData.length * 2);
    }
    if (this.archives.size * ARCHIVE_INTS > this.archiveData.length) {
      this.archiveData = grownTo(this.archiveData, this.archiveData.length * 2);
    }
    if (this.users.size * USER_INTS > this.userData.length) {
      this.userData = grownTo(this.userData, this.userData.length * 2);
    }
  }

  // The two steps below are state.ts's setDeviceActive and setArchiveRetained: a device is
  // billable while active or holding a retained archive, a user's license is in use while one
  // of their archives is retained, and a license holder has an active device or retained archive.

  private setDeviceActive(device: number, active: 0 | 1): void {
    const devices = this.deviceData;
    const users = this.userData;
    const at = device * DEVICE_INTS;
    const userAt = (devices[at] as number) * USER_INTS;
    const wasBillable = isBillable(devices, at);
    const wasHolder = isHolder(users, userAt);
    const delta = active === 1 ? 1 : -1;
    devices[at + 1] = active;
    users[userAt] = (users[userAt] as number) + delta;
    this.activeDevices += delta;
    this.billableDevices += Number(isBillable(devices, at)) - Number(wasBillable);
    this.licenseHolders += Number(isHolder(users, userAt)) - Number(wasHolder);
  }

  private setArchiveRetained(archive: number, retained: 0 | 1): void {
    const devices = this.deviceData;
    const users = this.userData;
    const archiveAt = archive * ARCHIVE_INTS;
    const at = (this.archiveData[archiveAt] as number) * DEVICE_INTS;
    const userAt = (devices[at] as number) * USER_INTS;
    const wasBillable = isBillable(devices, at);
    const wasHolder = isHolder(users, userAt);
    const wasInUse = (users[userAt + 1] as number) > 0;
    const delta = retained === 1 ? 1 : -1;
    this.archiveData[archiveAt + 1] = retained;
    devices[at + 2] = (devices[at + 2] as number) + delta;
    users[userAt + 1] = (users[userAt + 1] as number) + delta;
    this.billableDevices += Number(isBillable(devices, at)) - Number(wasBillable);
    this.licenseHolders += Number(isHolder(users, userAt)) - Number(wasHolder);
    this.licensesInUse += Number((users[userAt + 1] as number) > 0) - Number(wasInUse);
  }
}

/** The device at `at` is active or holds a retained archive. */
const isBillable = (devices: Int32Array, at: number): boolean =>
  devices[at + 1] === 1 || (devices[at + 2] as number) > 0;

/** The user at `at` has an active device or a retained archive. */
const isHolder = (users: Int32Array, at: number): boolean =>
  (users[at] as number) > 0 || (users[at + 1] as number) > 0;
