// One organization's devices, archives and users: the one place that says whether a device,
// archive or user event fits (`check`), what it changes (`apply`), and what is counted
// (docs/counting.md). The decider, the log checker, every count and every reader use it.
//
// Events are judged where they land in occurredAt order, not in stream order alone, so a
// backdated event (recorded late) is refused when it breaks its entity's timeline there or at a
// later event of that entity (docs/counting.md, "Consistency in time"). Because every accepted
// event keeps each entity's timeline valid, a device's own status changes always arrive in
// occurredAt order (an insertion into an alternating on/off sequence can only be at its end);
// only relations between entities (an archive created in the past on a device deactivated since)
// can land behind later events. The timeline therefore keeps:
// - the state after every event (the "final" state) and its four counters, settled at the
//   first read after events (`settle`), O(1) to read again;
// - each device's status changes with their occurredAt and recordedAt, each archive's creation
//   and purge: enough to answer "what was true at t, as known at k" for any t and k (see
//   counts-sweep.ts), in columns of numbers (32 bytes a status change) that grow in blocks,
//   never copied (number-column.ts).
import { occurredAtMs } from '../counting/parse-instant.js';
import type { Instant, TallyEvent } from '../events/types.js';
import { epochMsToInstant } from '../time/instant.js';
import { IdInterner } from './interner.js';
import { NumberColumn } from './number-column.js';
import {
  archiveAlreadyExists,
  archiveAlreadyPurged,
  archiveNotCreatedAt,
  deviceActiveAt,
  deviceAlreadyActive,
  deviceAlreadyExists,
  deviceNotActive,
  deviceNotActiveAt,
  type EntityRefusal,
  timelineConflict,
  unknownArchive,
  unknownDevice,
  unknownUser,
  userNotKnownAt,
} from './refusals.js';

/** The events about devices, archives and users (the others leave the timeline as it is). */
export type EntityEvent = Extract<
  TallyEvent,
  {
    type:
      | 'DeviceActivated'
      | 'DeviceReactivated'
      | 'DeviceDeactivated'
      | 'ArchiveCreated'
      | 'ArchivePurged'
      | 'UserDeactivated';
  }
>;

export function isEntityEvent(event: TallyEvent): event is EntityEvent {
  switch (event.type) {
    case 'DeviceActivated':
    case 'DeviceReactivated':
    case 'DeviceDeactivated':
    case 'ArchiveCreated':
    case 'ArchivePurged':
    case 'UserDeactivated':
      return true;
    default:
      return false;
  }
}

const NONE = -1;

export interface TimelineOptions {
  /** Keep the eventId of every status change and archive creation, for explanations. */
  readonly traceEvents?: boolean;
}

export class EntityTimeline {
  /** With `traceEvents`: the eventId of each status change and of each archive's creation. */
  readonly changeEventIds: string[] | undefined;
  readonly creationEventIds: string[] | undefined;

  constructor(options: TimelineOptions = {}) {
    this.changeEventIds = options.traceEvents === true ? [] : undefined;
    this.creationEventIds = options.traceEvents === true ? [] : undefined;
  }

  readonly devices = new IdInterner();
  readonly archives = new IdInterner();
  readonly users = new IdInterner();

  /** The latest occurredAt applied (epoch ms): at or after it, the state after every event is
   * the state at that instant, so an in-order command reads the counters, not the history. */
  latestMs = Number.NEGATIVE_INFINITY;
  /** The latest recordedAt applied (epoch ms): as known at or after it, every event is known. */
  latestRecordedMs = Number.NEGATIVE_INFINITY;

  // The four counts of docs/counting.md after every event applied so far, and per user the
  // active devices and retained archives: settled lazily (see `settle`), so read them here.
  get activeDevices(): number {
    return this.settle().#activeDevices;
  }
  set activeDevices(value: number) {
    this.#activeDevices = value;
  }
  get billableDevices(): number {
    return this.settle().#billableDevices;
  }
  set billableDevices(value: number) {
    this.#billableDevices = value;
  }
  get licensesInUse(): number {
    return this.settle().#licensesInUse;
  }
  set licensesInUse(value: number) {
    this.#licensesInUse = value;
  }
  get licenseHolders(): number {
    return this.settle().#licenseHolders;
  }
  set licenseHolders(value: number) {
    this.#licenseHolders = value;
  }
  get userActive(): NumberColumn {
    return this.settle().#userActive;
  }
  set userActive(column: NumberColumn) {
    this.#userActive = column;
  }
  get userRetained(): NumberColumn {
    return this.settle().#userRetained;
  }
  set userRetained(column: NumberColumn) {
    this.#userRetained = column;
  }

  // Per device: owner, final status, retained archives now, latest archive creation on it, and
  // its latest status change in the change list (whose instant is the device's latest).
  deviceOwner = new NumberColumn();
  deviceActive = new NumberColumn();
  deviceRetained = new NumberColumn();
  deviceLastArchiveMs = new NumberColumn();
  deviceLastChange = new NumberColumn();

  // Status changes, linked backwards per device.
  changeCount = 0;
  changeMs = new NumberColumn();
  changeRecordedMs = new NumberColumn();
  changeOn = new NumberColumn();
  changePrevious = new NumberColumn();

  // Per archive: its device, creation, purge (NaN while retained).
  archiveDevice = new NumberColumn();
  archiveCreatedMs = new NumberColumn();
  archiveCreatedRecordedMs = new NumberColumn();
  archivePurgedMs = new NumberColumn();
  archivePurgedRecordedMs = new NumberColumn();

  // Per user: the first activation of any device.
  userFirstMs = new NumberColumn();

  // What the counters and the per-user counts are settled to: `apply` changes only a device's
  // own status and retained archives and puts the device on the pending list; the first read
  // brings the counts up to date for the pending devices (each once, however many events it had).
  // The counts are a function of the devices' states, so settling late gives what settling at
  // every event gave, at a fraction of its cost (docs/performance.md). Not in a snapshot: a
  // snapshot holds the settled counts, and a timeline read back is settled.
  #activeDevices = 0;
  #billableDevices = 0;
  #licensesInUse = 0;
  #licenseHolders = 0;
  #userActive = new NumberColumn();
  #userRetained = new NumberColumn();
  #settledActive = new NumberColumn();
  #settledRetained = new NumberColumn();
  #isPending = new NumberColumn();
  #pending: number[] = [];

  /** Why `event`, occurring at `ms` (epoch ms of its occurredAt), does not fit after every event
   * applied so far; undefined when it fits. Reads only. */
  check(event: EntityEvent, ms: number): EntityRefusal | undefined {
    this.#checkedEvent = event;
    this.#checkedMs = ms;
    switch (event.type) {
      case 'DeviceActivated': {
        const device = this.devices.find(event.data.deviceId);
        if (device === NONE) return undefined;
        // A device is activated once; it comes back with DeviceReactivated.
        return this.deviceActive.get(device) === 1
          ? deviceAlreadyActive(event.data.deviceId)
          : deviceAlreadyExists(event.data.deviceId, this.users.idOf(this.deviceOwner.get(device)));
      }
      case 'DeviceDeactivated':
        return this.checkStatusChange(event, event.data.deviceId, ms, false);
      case 'DeviceReactivated':
        return this.checkStatusChange(event, event.data.deviceId, ms, true);
      case 'ArchiveCreated': {
        const { archiveId, deviceId } = event.data;
        if (this.archives.find(archiveId) !== NONE) return archiveAlreadyExists(archiveId);
        const device = this.devices.find(deviceId);
        if (device === NONE) return unknownDevice(deviceId);
        this.remember(event, device);
        if (ms >= this.lastChangeMs(device)) {
          return this.deviceActive.get(device) === 1
            ? undefined
            : deviceNotActive(deviceId, 'deactivated and cannot create an archive');
        }
        const change = this.changeAtOrBefore(device, ms);
        if (change !== NONE && this.changeOn.get(change) === 1) return undefined;
        return this.notActiveAt(deviceId, device, change, ms);
      }
      case 'ArchivePurged': {
        const { archiveId } = event.data;
        const archive = this.archives.find(archiveId);
        if (archive === NONE) return unknownArchive(archiveId);
        this.remember(event, archive);
        if (!Number.isNaN(this.archivePurgedMs.get(archive))) return archiveAlreadyPurged(archiveId);
        const createdMs = this.archiveCreatedMs.get(archive);
        return ms >= createdMs ? undefined : archiveNotCreatedAt(archiveId, instant(ms), instant(createdMs));
      }
      case 'UserDeactivated': {
        const { userId } = event.data;
        const user = this.users.find(userId);
        if (user === NONE) return unknownUser(userId);
        const firstMs = this.userFirstMs.get(user);
        return ms >= firstMs ? undefined : userNotKnownAt(userId, instant(ms), instant(firstMs));
      }
    }
  }

  /** Applies an event `check` accepted, at `ms`, recorded at `recordedMs`. */
  apply(event: EntityEvent, ms: number, recordedMs: number): void {
    if (ms > this.latestMs) this.latestMs = ms;
    if (recordedMs > this.latestRecordedMs) this.latestRecordedMs = recordedMs;
    switch (event.type) {
      case 'DeviceActivated': {
        const device = this.addDevice(event.data.deviceId, event.data.userId, ms);
        this.addChange(device, ms, recordedMs, 1);
        this.changeEventIds?.push(event.eventId);
        this.deviceActive.set(device, 1);
        this.touch(device);
        return;
      }
      case 'DeviceDeactivated':
      case 'DeviceReactivated': {
        const device = this.knownDevice(event, event.data.deviceId);
        const on = event.type === 'DeviceReactivated' ? 1 : 0;
        this.addChange(device, ms, recordedMs, on);
        this.changeEventIds?.push(event.eventId);
        this.deviceActive.set(device, on);
        this.touch(device);
        return;
      }
      case 'ArchiveCreated': {
        const device = this.knownDevice(event, event.data.deviceId);
        this.addArchive(event.data.archiveId, device, ms, recordedMs);
        this.creationEventIds?.push(event.eventId);
        if (ms > this.deviceLastArchiveMs.get(device)) this.deviceLastArchiveMs.set(device, ms);
        this.deviceRetained.set(device, this.deviceRetained.get(device) + 1);
        this.touch(device);
        return;
      }
      case 'ArchivePurged': {
        const archive =
          this.#lastChecked === event ? this.#lastNumber : this.archives.find(event.data.archiveId);
        if (archive === NONE) throw new Error(`apply: archive ${event.data.archiveId} was never created`);
        this.archivePurgedMs.set(archive, ms);
        this.archivePurgedRecordedMs.set(archive, recordedMs);
        const device = this.archiveDevice.get(archive);
        this.deviceRetained.set(device, this.deviceRetained.get(device) - 1);
        this.touch(device);
        return;
      }
      case 'UserDeactivated':
        // Changes no count by itself: the DeviceDeactivated and ArchivePurged events beside it do.
        return;
    }
  }

  // Reading the state after every event, for the decider.

  /** The device numbers of a user's devices, in the order they were activated. */
  devicesOf(user: number): number[] {
    const owned: number[] = [];
    for (let device = 0; device < this.devices.size; device++) {
      if (this.deviceOwner.get(device) === user) owned.push(device);
    }
    return owned;
  }

  /** Whether `device` is active at `ms` (its latest status change at or before it is on). */
  isActiveAt(device: number, ms: number): boolean {
    const change = this.changeAtOrBefore(device, ms);
    return change !== NONE && this.changeOn.get(change) === 1;
  }

  /** The archives of `device` created at or before `ms` and not purged by then. */
  retainedArchivesAt(device: number, ms: number): number[] {
    const retained: number[] = [];
    for (let archive = 0; archive < this.archives.size; archive++) {
      if (
        this.archiveDevice.get(archive) === device &&
        this.archiveCreatedMs.get(archive) <= ms &&
        !(this.archivePurgedMs.get(archive) <= ms)
      ) {
        retained.push(archive);
      }
    }
    return retained;
  }

  /** The instant of the latest status change of `device` (every device has one: its activation). */
  lastChangeMs(device: number): number {
    return this.changeMs.get(this.deviceLastChange.get(device));
  }

  /** The latest status change of `device` at or before `ms` (ties included), or NONE. */
  changeAtOrBefore(device: number, ms: number): number {
    let change = this.deviceLastChange.get(device);
    while (change !== NONE && this.changeMs.get(change) > ms) change = this.changePrevious.get(change);
    return change;
  }

  /** A deep copy: the decider's pure `evolve` works on one. */
  clone(): EntityTimeline {
    const copy = new EntityTimeline({ traceEvents: this.changeEventIds !== undefined });
    copyInto(this, copy);
    // A loop, not push(...ids): a large org has more ids than a call can take as arguments.
    for (const id of this.changeEventIds ?? []) copy.changeEventIds?.push(id);
    for (const id of this.creationEventIds ?? []) copy.creationEventIds?.push(id);
    return copy;
  }

  private checkStatusChange(
    event: EntityEvent,
    deviceId: string,
    ms: number,
    on: boolean,
  ): EntityRefusal | undefined {
    const device = this.devices.find(deviceId);
    if (device === NONE) return unknownDevice(deviceId);
    this.remember(event, device);
    const lastMs = this.lastChangeMs(device);
    if (ms >= lastMs) {
      if ((this.deviceActive.get(device) === 1) === on) {
        return on ? deviceAlreadyActive(deviceId) : deviceNotActive(deviceId, 'already deactivated');
      }
      const lastArchiveMs = this.deviceLastArchiveMs.get(device);
      // A deactivation before an archive created on the device would leave that archive on a
      // device that is not active when it is created.
      if (!on && lastArchiveMs > ms) {
        return timelineConflict(
          'data.deviceId',
          `device ${deviceId}`,
          instant(ms),
          'an archive created on it',
          instant(lastArchiveMs),
        );
      }
      return undefined;
    }
    // Backdated behind the device's own latest status change: it cannot fit (the change there
    // would repeat the status it finds), but say which way it does not.
    const change = this.changeAtOrBefore(device, ms);
    const activeThen = change !== NONE && this.changeOn.get(change) === 1;
    if (on && activeThen) return deviceActiveAt(deviceId, instant(ms), instant(this.changeMs.get(change)));
    if (!on && !activeThen) return this.notActiveAt(deviceId, device, change, ms);
    const next = this.changeAfter(device, change);
    return timelineConflict(
      'data.deviceId',
      `device ${deviceId}`,
      instant(ms),
      this.changeOn.get(next) === 1 ? 'its reactivation' : 'its deactivation',
      instant(this.changeMs.get(next)),
    );
  }

  private notActiveAt(deviceId: string, device: number, change: number, ms: number): EntityRefusal {
    return change === NONE
      ? deviceNotActiveAt(
          deviceId,
          instant(ms),
          instant(this.changeMs.get(this.changeAfter(device, NONE))),
          'first activated at',
        )
      : deviceNotActiveAt(deviceId, instant(ms), instant(this.changeMs.get(change)), 'deactivated at');
  }

  /** The status change of `device` that follows `change` (NONE = before the first). */
  private changeAfter(device: number, change: number): number {
    let next = this.deviceLastChange.get(device);
    for (;;) {
      const previous = this.changePrevious.get(next);
      if (previous === change) return next;
      next = previous;
    }
  }

  // check looks the event's device (or purged archive) up; apply, which nearly always follows it
  // with the same event, reuses the number instead of a second Map lookup.
  #lastChecked: EntityEvent | undefined;
  #lastNumber = NONE;

  // The same for the instant: a caller that checked `event` and applies it without keeping the
  // epoch ms (the log checker, through applyCheckedOrgEvent) gets them back, not parsed again.
  #checkedEvent: EntityEvent | undefined;
  #checkedMs = 0;

  /** Epoch ms of `event`'s occurredAt: the instant it was last checked at, else parsed. */
  occurredMsOf(event: EntityEvent): number {
    return this.#checkedEvent === event ? this.#checkedMs : occurredAtMs(event);
  }

  private remember(event: EntityEvent, number: number): void {
    this.#lastChecked = event;
    this.#lastNumber = number;
  }

  private knownDevice(event: EntityEvent, deviceId: string): number {
    const device = this.#lastChecked === event ? this.#lastNumber : this.devices.find(deviceId);
    if (device === NONE) throw new Error(`apply: device ${deviceId} was never activated`);
    return device;
  }

  private addDevice(deviceId: string, userId: string, ms: number): number {
    const device = this.devices.add(deviceId);
    let user = this.users.find(userId);
    if (user === NONE) {
      user = this.users.add(userId);
      this.#userActive.push(0);
      this.#userRetained.push(0);
      this.userFirstMs.push(ms);
    } else if (ms < this.userFirstMs.get(user)) {
      this.userFirstMs.set(user, ms);
    }
    this.deviceOwner.push(user);
    this.deviceActive.push(0);
    this.deviceRetained.push(0);
    this.deviceLastArchiveMs.push(Number.NEGATIVE_INFINITY);
    this.deviceLastChange.push(NONE);
    this.#settledActive.push(0);
    this.#settledRetained.push(0);
    this.#isPending.push(0);
    return device;
  }

  private addChange(device: number, ms: number, recordedMs: number, on: 0 | 1): void {
    const change = this.changeCount++;
    this.changeMs.push(ms);
    this.changeRecordedMs.push(recordedMs);
    this.changeOn.push(on);
    this.changePrevious.push(this.deviceLastChange.get(device));
    this.deviceLastChange.set(device, change);
  }

  private addArchive(archiveId: string, device: number, ms: number, recordedMs: number): number {
    const archive = this.archives.add(archiveId);
    this.archiveDevice.push(device);
    this.archiveCreatedMs.push(ms);
    this.archiveCreatedRecordedMs.push(recordedMs);
    this.archivePurgedMs.push(Number.NaN);
    this.archivePurgedRecordedMs.push(Number.NaN);
    return archive;
  }

  private touch(device: number): void {
    if (this.#isPending.get(device) === 1) return;
    this.#isPending.set(device, 1);
    this.#pending.push(device);
  }

  /** Brings the counters and the per-user counts up to date with the pending devices. */
  private settle(): this {
    const pending = this.#pending;
    if (pending.length === 0) return this;
    for (let i = 0; i < pending.length; i++) {
      const device = pending[i] as number;
      this.#isPending.set(device, 0);
      this.settleActive(device, this.deviceActive.get(device));
      this.settleRetained(device, this.deviceRetained.get(device));
    }
    pending.length = 0;
    return this;
  }

  /** Takes the devices' states as settled: for a timeline whose counts were set with them (a
   * snapshot read back, a copy), never after `apply`. */
  markSettled(): void {
    const devices = this.devices.size;
    this.#settledActive = this.deviceActive.clone();
    this.#settledRetained = this.deviceRetained.clone();
    this.#isPending = NumberColumn.filled(devices, 0);
    this.#pending = [];
  }

  // The counters move when a device's or a user's number of active devices or retained
  // archives crosses zero: billable = active or holding a retained archive; a license is in use
  // while the user has a retained archive; a holder has an active device or a retained archive.

  private settleActive(device: number, active: number): void {
    if (this.#settledActive.get(device) === active) return;
    const user = this.deviceOwner.get(device);
    const delta = active === 1 ? 1 : -1;
    const userActive = this.#userActive.get(user);
    this.#settledActive.set(device, active);
    this.#userActive.set(user, userActive + delta);
    this.#activeDevices += delta;
    if (this.#settledRetained.get(device) === 0) this.#billableDevices += delta;
    if (this.#userRetained.get(user) === 0 && (active === 1 ? userActive === 0 : userActive === 1)) {
      this.#licenseHolders += delta;
    }
  }

  private settleRetained(device: number, retained: number): void {
    const was = this.#settledRetained.get(device);
    if (was === retained) return;
    const user = this.deviceOwner.get(device);
    const userWas = this.#userRetained.get(user);
    const userNow = userWas + retained - was;
    this.#settledRetained.set(device, retained);
    this.#userRetained.set(user, userNow);
    if (this.#settledActive.get(device) === 0 && (was === 0) !== (retained === 0)) {
      this.#billableDevices += retained === 0 ? -1 : 1;
    }
    if ((userWas === 0) !== (userNow === 0)) {
      const delta = userNow === 0 ? -1 : 1;
      this.#licensesInUse += delta;
      if (this.#userActive.get(user) === 0) this.#licenseHolders += delta;
    }
  }
}

const instant = (ms: number): Instant => epochMsToInstant(ms);

function copyInto(from: EntityTimeline, to: EntityTimeline): void {
  to.devices.assign(from.devices);
  to.archives.assign(from.archives);
  to.users.assign(from.users);
  to.activeDevices = from.activeDevices;
  to.billableDevices = from.billableDevices;
  to.licensesInUse = from.licensesInUse;
  to.licenseHolders = from.licenseHolders;
  to.userActive = from.userActive.clone();
  to.userRetained = from.userRetained.clone();
  to.changeCount = from.changeCount;
  to.latestMs = from.latestMs;
  to.latestRecordedMs = from.latestRecordedMs;
  const target = to as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(from)) {
    // The per-entity and per-change columns.
    if (value instanceof NumberColumn) target[key] = value.clone();
  }
  to.markSettled();
}
