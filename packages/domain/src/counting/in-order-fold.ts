// The fast path of every snapshot pass: while events come in occurredAt order, the counts at a
// snapshot instant are just the live counts when the first event after it arrives. So this fold
// keeps the entity state of `state.ts` (same rules, same four counters) in flat arrays of small
// integers, one record of a few numbers per entity (ids interned once, in one Map lookup per
// event), and copies the counters at each boundary it passes. Nothing is allocated per event.
//
// With a `HandOverRecorder` it also records what the general machinery would need if a
// backdated event came (the streaming counter, which cannot read its events twice); without one
// it records nothing, and its caller re-reads the events at the first backdated one.
import type { EntityEvent } from './general-counter.js';
import type { FoldIds, HandOverRecorder } from './hand-over-recorder.js';

export interface BoundaryCounts {
  activeDevices: number;
  billableDevices: number;
  licensesInUse: number;
  licenseHolders: number;
}

// Record layouts. Device: owner user (-1 = never activated, so not known), active (0/1), number
// of retained archives. Archive: device (-1 = no creation on a known device yet), retained (0/1).
// User: active devices, retained archives.
const DEVICE_FIELDS = 3;
const OWNER = 0;
const ACTIVE = 1;
const RETAINED = 2;
const ARCHIVE_FIELDS = 2;
const ON_DEVICE = 0;
const IS_RETAINED = 1;
const USER_FIELDS = 2;
const ACTIVE_DEVICES = 0;
const RETAINED_ARCHIVES = 1;

export class InOrderFold implements FoldIds {
  private readonly deviceIndex = new Map<string, number>();
  private readonly archiveIndex = new Map<string, number>();
  private readonly userIndex = new Map<string, number>();
  // Index -> id, kept only for a recorder's hand-over.
  readonly deviceIds: string[] = [];
  readonly archiveIds: string[] = [];
  readonly userIds: string[] = [];
  private readonly devices: number[] = [];
  private readonly archives: number[] = [];
  private readonly users: number[] = [];
  // The four counters now, and at each boundary already passed.
  private activeDevices = 0;
  private billableDevices = 0;
  private licensesInUse = 0;
  private licenseHolders = 0;
  private readonly passed: BoundaryCounts[] = [];

  constructor(private readonly recorder?: HandOverRecorder) {}

  /** Applies one entity event that passed the filters; `bucket` never decreases between calls.
   * `seq` (the stream index) is only used by the recorder. */
  apply(event: EntityEvent, bucket: number, ms: number, seq: number): void {
    if (bucket > this.passed.length) this.passBoundaries(bucket);
    const recorder = this.recorder;
    switch (event.type) {
      case 'DeviceActivated': {
        const device = this.deviceOrNew(event.data.deviceId);
        const at = device * DEVICE_FIELDS;
        if (recorder !== undefined) recorder.deviceSlots.record(device, bucket, ms, seq, true);
        if (this.devices[at + OWNER] === -1) {
          this.devices[at + OWNER] = this.userOrNew(event.data.userId);
          if (recorder !== undefined) recorder.firstActivation(device, bucket, ms, seq);
        }
        this.setActive(device, 1);
        return;
      }
      case 'DeviceReactivated':
      case 'DeviceDeactivated': {
        const on = event.type === 'DeviceReactivated';
        let device = this.deviceIndex.get(event.data.deviceId);
        if (recorder !== undefined) {
          if (device === undefined) device = this.addDevice(event.data.deviceId);
          recorder.deviceSlots.record(device, bucket, ms, seq, on);
        }
        // An unknown device (never activated) is ignored, as in state.ts.
        if (device !== undefined && this.devices[device * DEVICE_FIELDS + OWNER] !== -1) {
          this.setActive(device, on ? 1 : 0);
        }
        return;
      }
      case 'ArchiveCreated': {
        let archive = this.archiveIndex.get(event.data.archiveId);
        if (archive === undefined) archive = this.addArchive(event.data.archiveId);
        if (recorder !== undefined) recorder.archiveSlots.record(archive, bucket, ms, seq, true);
        const at = archive * ARCHIVE_FIELDS;
        if (this.archives[at + ON_DEVICE] === -1) {
          const device = this.deviceIndex.get(event.data.deviceId);
          if (device === undefined || this.devices[device * DEVICE_FIELDS + OWNER] === -1) {
            // Ignored by state.ts; a backdated activation could still make it count.
            if (recorder !== undefined) {
              recorder.earlyCreation(archive, { bucket, ms, seq, deviceId: event.data.deviceId });
            }
            return;
          }
          this.archives[at + ON_DEVICE] = device;
          if (recorder !== undefined) recorder.creation(archive, bucket, ms, seq);
        }
        this.setRetained(archive, 1);
        return;
      }
      case 'ArchivePurged': {
        let archive = this.archiveIndex.get(event.data.archiveId);
        if (recorder !== undefined) {
          if (archive === undefined) archive = this.addArchive(event.data.archiveId);
          recorder.archiveSlots.record(archive, bucket, ms, seq, false);
        }
        if (archive !== undefined && this.archives[archive * ARCHIVE_FIELDS + ON_DEVICE] !== -1) {
          this.setRetained(archive, 0);
        }
        return;
      }
    }
  }

  /** The counts at each of `boundaryCount` boundaries, given every event applied so far. */
  countsPerBoundary(boundaryCount: number): BoundaryCounts[] {
    const counts = this.passed.slice(0, boundaryCount);
    while (counts.length < boundaryCount) counts.push(this.current());
    return counts;
  }

  ownerOf(device: number): number {
    return this.devices[device * DEVICE_FIELDS + OWNER] as number;
  }

  deviceOf(archive: number): number {
    return this.archives[archive * ARCHIVE_FIELDS + ON_DEVICE] as number;
  }

  private passBoundaries(bucket: number): void {
    while (this.passed.length < bucket) this.passed.push(this.current());
  }

  private current(): BoundaryCounts {
    return {
      activeDevices: this.activeDevices,
      billableDevices: this.billableDevices,
      licensesInUse: this.licensesInUse,
      licenseHolders: this.licenseHolders,
    };
  }

  private deviceOrNew(deviceId: string): number {
    const device = this.deviceIndex.get(deviceId);
    return device === undefined ? this.addDevice(deviceId) : device;
  }

  private addDevice(deviceId: string): number {
    const device = this.deviceIndex.size;
    this.deviceIndex.set(deviceId, device);
    this.devices.push(-1, 0, 0);
    if (this.recorder !== undefined) {
      this.deviceIds.push(deviceId);
      this.recorder.addDevice();
    }
    return device;
  }

  private addArchive(archiveId: string): number {
    const archive = this.archiveIndex.size;
    this.archiveIndex.set(archiveId, archive);
    this.archives.push(-1, 0);
    if (this.recorder !== undefined) {
      this.archiveIds.push(archiveId);
      this.recorder.addArchive();
    }
    return archive;
  }

  private userOrNew(userId: string): number {
    let user = this.userIndex.get(userId);
    if (user === undefined) {
      user = this.userIndex.size;
      this.userIndex.set(userId, user);
      if (this.recorder !== undefined) this.userIds.push(userId);
      this.users.push(0, 0);
    }
    return user;
  }

  // The same transitions as state.ts's setDeviceActive and setArchiveRetained, on the records.
  private setActive(device: number, active: 0 | 1): void {
    const devices = this.devices;
    const at = device * DEVICE_FIELDS;
    if (devices[at + ACTIVE] === active) return;
    const users = this.users;
    const userAt = (devices[at + OWNER] as number) * USER_FIELDS;
    const delta = active === 1 ? 1 : -1;
    const userActive = users[userAt + ACTIVE_DEVICES] as number;
    devices[at + ACTIVE] = active;
    users[userAt + ACTIVE_DEVICES] = userActive + delta;
    this.activeDevices += delta;
    if (devices[at + RETAINED] === 0) this.billableDevices += delta;
    // Holder = active devices or retained archives: it flips when the user's active count
    // crosses zero while it holds no retained archive.
    if (users[userAt + RETAINED_ARCHIVES] === 0 && (active === 1 ? userActive === 0 : userActive === 1)) {
      this.licenseHolders += delta;
    }
  }

  private setRetained(archive: number, retained: 0 | 1): void {
    const archives = this.archives;
    const at = archive * ARCHIVE_FIELDS;
    if (archives[at + IS_RETAINED] === retained) return;
    const devices = this.devices;
    const users = this.users;
    const deviceAt = (archives[at + ON_DEVICE] as number) * DEVICE_FIELDS;
    const userAt = (devices[deviceAt + OWNER] as number) * USER_FIELDS;
    const delta = retained === 1 ? 1 : -1;
    const deviceRetained = devices[deviceAt + RETAINED] as number;
    const userRetained = users[userAt + RETAINED_ARCHIVES] as number;
    archives[at + IS_RETAINED] = retained;
    devices[deviceAt + RETAINED] = deviceRetained + delta;
    users[userAt + RETAINED_ARCHIVES] = userRetained + delta;
    // Each count flips when its number of retained archives crosses zero.
    const crossesZero = retained === 1 ? userRetained === 0 : userRetained === 1;
    if (devices[deviceAt + ACTIVE] === 0 && (retained === 1 ? deviceRetained === 0 : deviceRetained === 1)) {
      this.billableDevices += delta;
    }
    if (crossesZero) {
      this.licensesInUse += delta;
      if (users[userAt + ACTIVE_DEVICES] === 0) this.licenseHolders += delta;
    }
  }
}
