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
  /** What makes it billable now: while active, the activation or reactivation that made it
   * active; otherwise (cold storage) the creation of its earliest retained archive. */
  countedBy: EventRef;
}

export interface CountedUser {
  userId: string;
  licenseInUse: boolean;
  activeDeviceIds: string[];
  retainedArchiveIds: string[];
  /** What makes the user a license holder now: the creation of the user's earliest retained
   * archive, or without one the activation of the user's earliest active device. */
  countedBy: EventRef;
  /** The creation of the user's earliest retained archive; null when the user holds a license
   * only through an active device (no backup yet). */
  licenseInUseBy: EventRef | null;
}

export interface CountsExplanation {
  counts: Counts;
  /** Sorted by deviceId. */
  billableDevices: CountedDevice[];
  /** Sorted by userId. */
  licenseHolders: CountedUser[];
}

/** The event that last switched each device on / each archive to retained, with the order it
 * was applied in, so "earliest" is well defined even among events at the same instant. */
interface Provenance {
  activatedBy: Map<string, Credit>;
  createdBy: Map<string, Credit>;
}
interface Credit {
  ref: EventRef;
  order: number;
}

export function explainCountsAt(
  events: Iterable<TallyEvent>,
  instant: Instant,
  options: SnapshotOptions = {},
): CountsExplanation {
  const state = createEntityState();
  const provenance: Provenance = { activatedBy: new Map(), createdBy: new Map() };
  visibleEventsInOrder(events, instant, options).forEach((event, order) => {
    applyTracingProvenance(
      state,
      event,
      { ref: { eventId: event.eventId, occurredAt: event.occurredAt }, order },
      provenance,
    );
  });
  return {
    counts: countsOf(state, instant),
    billableDevices: billableDevicesOf(state, provenance),
    licenseHolders: licenseHoldersOf(state, provenance),
  };
}

/** Applies the event and credits it wherever it switches a device on or an archive to retained. */
function applyTracingProvenance(
  state: EntityState,
  event: TallyEvent,
  credit: Credit,
  provenance: Provenance,
): void {
  switch (event.type) {
    case 'DeviceActivated':
    case 'DeviceReactivated': {
      const wasActive = state.devices.get(event.data.deviceId)?.active === true;
      applyEntityEvent(state, event);
      if (!wasActive && state.devices.get(event.data.deviceId)?.active === true) {
        provenance.activatedBy.set(event.data.deviceId, credit);
      }
      return;
    }
    case 'ArchiveCreated': {
      const wasRetained = state.archives.get(event.data.archiveId)?.retained === true;
      applyEntityEvent(state, event);
      if (!wasRetained && state.archives.get(event.data.archiveId)?.retained === true) {
        provenance.createdBy.set(event.data.archiveId, credit);
      }
      return;
    }
    default:
      applyEntityEvent(state, event);
  }
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function creditOf(map: ReadonlyMap<string, Credit>, id: string): Credit {
  const credit = map.get(id);
  // Every switch on goes through applyTracingProvenance.
  if (credit === undefined) throw new Error(`no event recorded that made ${id} count`);
  return credit;
}

/** The earliest-applied credit among these ids (undefined when there are none). */
function earliest(map: ReadonlyMap<string, Credit>, ids: Iterable<string>): EventRef | undefined {
  let best: Credit | undefined;
  for (const id of ids) {
    const credit = creditOf(map, id);
    if (best === undefined || credit.order < best.order) best = credit;
  }
  return best?.ref;
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
      countedBy: (device.active
        ? creditOf(provenance.activatedBy, deviceId).ref
        : earliest(provenance.createdBy, device.retainedArchives)) as EventRef,
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
    const devices = (activeDeviceIds.get(userId) ?? []).sort(byId);
    const archives = (retainedArchiveIds.get(userId) ?? []).sort(byId);
    const licenseInUseBy = earliest(provenance.createdBy, archives) ?? null;
    counted.push({
      userId,
      licenseInUse: isLicenseInUse(user),
      activeDeviceIds: devices,
      retainedArchiveIds: archives,
      countedBy: (licenseInUseBy ?? earliest(provenance.activatedBy, devices)) as EventRef,
      licenseInUseBy,
    });
  }
  return counted.sort((a, b) => byId(a.userId, b.userId));
}
