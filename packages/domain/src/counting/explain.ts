// "Why 12?": the counts at one instant plus every device and user behind them, each with the
// event that made it count, so an auditor can check a number against the log.
import type { Instant, TallyEvent } from '../events/types.js';
import { type Counts, countsOf, type SnapshotOptions } from './counts.js';
import {
  applyEntityEvent,
  createEntityState,
  type EntityState,
  isBillableDevice,
  isLicenseHolder,
  isLicenseInUse,
} from './state.js';
import { visibleEventsInOrder } from './visibility.js';

/** The event an explanation points at. */
export interface EventRef {
  eventId: string;
  occurredAt: Instant;
}

export interface CountedDevice {
  deviceId: string;
  userId: string;
  active: boolean;
  retainedArchiveIds: string[];
  /** The activation, reactivation or archive creation from which the device has been billable
   * without a break up to the instant. */
  countedBy: EventRef;
}

export interface CountedUser {
  userId: string;
  licenseInUse: boolean;
  activeDeviceIds: string[];
  retainedArchiveIds: string[];
  /** The event from which the user has held a license without a break up to the instant. */
  countedBy: EventRef;
  /** The archive creation from which the license has been in use without a break; null when
   * the user holds a license only through an active device (no archive yet). */
  licenseInUseBy: EventRef | null;
}

export interface CountsExplanation {
  counts: Counts;
  /** Sorted by deviceId. */
  billableDevices: CountedDevice[];
  /** Sorted by userId. */
  licenseHolders: CountedUser[];
}

interface Provenance {
  device: Map<string, EventRef>;
  holder: Map<string, EventRef>;
  inUse: Map<string, EventRef>;
}

export function explainCountsAt(
  events: Iterable<TallyEvent>,
  instant: Instant,
  options: SnapshotOptions = {},
): CountsExplanation {
  const state = createEntityState();
  const provenance: Provenance = { device: new Map(), holder: new Map(), inUse: new Map() };
  for (const event of visibleEventsInOrder(events, instant, options)) {
    applyTracingProvenance(state, event, provenance);
  }
  return {
    counts: countsOf(state, instant),
    billableDevices: billableDevicesOf(state, provenance),
    licenseHolders: licenseHoldersOf(state, provenance),
  };
}

/** The device an event is about, if any (archive events through the archive's device). */
function deviceIdOf(state: EntityState, event: TallyEvent): string | undefined {
  switch (event.type) {
    case 'DeviceActivated':
    case 'DeviceReactivated':
    case 'DeviceDeactivated':
      return event.data.deviceId;
    case 'ArchiveCreated':
      return state.archives.get(event.data.archiveId)?.deviceId ?? event.data.deviceId;
    case 'ArchivePurged':
      return state.archives.get(event.data.archiveId)?.deviceId;
    default:
      return undefined;
  }
}

/** Applies the event and remembers it wherever it turns a device or user from not counted to
 * counted (only the entities the event is about can change, so this stays O(1)). */
function applyTracingProvenance(state: EntityState, event: TallyEvent, provenance: Provenance): void {
  const deviceId = deviceIdOf(state, event);
  if (deviceId === undefined) return;
  const flagsOf = () => {
    const device = state.devices.get(deviceId);
    const user = device === undefined ? undefined : state.users.get(device.userId);
    return {
      userId: device?.userId,
      billable: device !== undefined && isBillableDevice(device),
      holder: user !== undefined && isLicenseHolder(user),
      inUse: user !== undefined && isLicenseInUse(user),
    };
  };
  const before = flagsOf();
  applyEntityEvent(state, event);
  const after = flagsOf();
  const ref: EventRef = { eventId: event.eventId, occurredAt: event.occurredAt };
  if (after.billable && !before.billable) provenance.device.set(deviceId, ref);
  if (after.userId === undefined) return;
  if (after.holder && !before.holder) provenance.holder.set(after.userId, ref);
  if (after.inUse && !before.inUse) provenance.inUse.set(after.userId, ref);
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function refOf(map: ReadonlyMap<string, EventRef>, id: string, what: string): EventRef {
  const ref = map.get(id);
  // Every transition into "counted" goes through applyTracingProvenance.
  if (ref === undefined) throw new Error(`no event recorded that made ${what} ${id} count`);
  return ref;
}

function billableDevicesOf(state: EntityState, provenance: Provenance): CountedDevice[] {
  const counted: CountedDevice[] = [];
  for (const [deviceId, device] of state.devices) {
    if (!isBillableDevice(device)) continue;
    counted.push({
      deviceId,
      userId: device.userId,
      active: device.active,
      retainedArchiveIds: [...device.retainedArchives].sort(byId),
      countedBy: refOf(provenance.device, deviceId, 'device'),
    });
  }
  return counted.sort((a, b) => byId(a.deviceId, b.deviceId));
}

function licenseHoldersOf(state: EntityState, provenance: Provenance): CountedUser[] {
  const activeDeviceIds = new Map<string, string[]>();
  const retainedArchiveIds = new Map<string, string[]>();
  const append = (map: Map<string, string[]>, key: string, values: Iterable<string>) => {
    const list = map.get(key) ?? [];
    list.push(...values);
    map.set(key, list);
  };
  for (const [deviceId, device] of state.devices) {
    if (device.active) append(activeDeviceIds, device.userId, [deviceId]);
    if (device.retainedArchives.size > 0) append(retainedArchiveIds, device.userId, device.retainedArchives);
  }
  const counted: CountedUser[] = [];
  for (const [userId, user] of state.users) {
    if (!isLicenseHolder(user)) continue;
    const inUse = isLicenseInUse(user);
    counted.push({
      userId,
      licenseInUse: inUse,
      activeDeviceIds: (activeDeviceIds.get(userId) ?? []).sort(byId),
      retainedArchiveIds: (retainedArchiveIds.get(userId) ?? []).sort(byId),
      countedBy: refOf(provenance.holder, userId, 'user'),
      licenseInUseBy: inUse ? refOf(provenance.inUse, userId, 'user') : null,
    });
  }
  return counted.sort((a, b) => byId(a.userId, b.userId));
}
