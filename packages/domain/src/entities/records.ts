// The state after every event of a timeline as plain records keyed by id, for code that reads
// entities by name (test kits, tools, explanations). A copy made on demand: O(entities) a call,
// so read it once per decision, never once per event.
import type { EntityTimeline } from './timeline.js';

export interface DeviceRecord {
  readonly userId: string;
  readonly active: boolean;
  readonly retainedArchives: ReadonlySet<string>;
}
export interface ArchiveRecord {
  readonly deviceId: string;
  readonly retained: boolean;
}
export interface UserRecord {
  readonly activeDevices: number;
  readonly retainedArchives: number;
}
export interface EntityRecords {
  readonly devices: ReadonlyMap<string, DeviceRecord>;
  readonly archives: ReadonlyMap<string, ArchiveRecord>;
  readonly users: ReadonlyMap<string, UserRecord>;
}

export function entityRecords(timeline: EntityTimeline): EntityRecords {
  const retainedByDevice = new Map<number, Set<string>>();
  const archives = new Map<string, ArchiveRecord>();
  for (let archive = 0; archive < timeline.archives.size; archive++) {
    const device = timeline.archiveDevice.get(archive);
    const retained = Number.isNaN(timeline.archivePurgedMs.get(archive));
    const archiveId = timeline.archives.idOf(archive);
    archives.set(archiveId, { deviceId: timeline.devices.idOf(device), retained });
    if (retained) {
      const set = retainedByDevice.get(device) ?? new Set<string>();
      set.add(archiveId);
      retainedByDevice.set(device, set);
    }
  }
  const devices = new Map<string, DeviceRecord>();
  for (let device = 0; device < timeline.devices.size; device++) {
    devices.set(timeline.devices.idOf(device), {
      userId: timeline.users.idOf(timeline.deviceOwner.get(device)),
      active: timeline.deviceActive.get(device) === 1,
      retainedArchives: retainedByDevice.get(device) ?? new Set(),
    });
  }
  const users = new Map<string, UserRecord>();
  for (let user = 0; user < timeline.users.size; user++) {
    users.set(timeline.users.idOf(user), {
      activeDevices: timeline.userActive.get(user),
      retainedArchives: timeline.userRetained.get(user),
    });
  }
  return { devices, archives, users };
}
