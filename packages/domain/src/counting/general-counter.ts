// The general snapshot machinery: correct for any order of events, backdated ones included.
// `snapshot-counter.ts` runs a faster fold while events come in occurredAt order and hands its
// state over to this one at the first backdated event.
//
// Why this works: in `applyEntityEvent` every effect is a "set" (a device is set active or
// inactive, an archive set retained or not), so an entity's value at instant t is the value set
// by its LAST event at or before t in (occurredAt, stream index) order, once the entity is known.
// The sorted snapshot instants cut time into buckets (bucket j = (s[j-1], s[j]]); for each entity
// we keep, per bucket it has events in, only the last of them. A backdated event simply competes
// for the last place in its bucket. Events themselves are never kept.
//
// Memory: per entity, one slot per bucket with events, so
// O(entities x min(events per entity, snapshots + 1)); never more than the events.
// Time: O(log snapshots) per event, plus a final pass over the slots with small per-entity sorts.
import type { TallyEvent } from '../events/types.js';
import type { Counts } from './counts.js';

/** The last set seen in one bucket for one entity: `on` = active / retained. */
export interface Slot {
  bucket: number;
  ms: number;
  seq: number;
  on: boolean;
}

/** The first event (in occurredAt order) that makes an entity known, and where it falls. */
export interface FirstEvent {
  bucket: number;
  ms: number;
  seq: number;
}

export interface DeviceTrack {
  firstActivation: (FirstEvent & { userId: string }) | undefined;
  slots: Slot[];
}

export interface ArchiveCreation extends FirstEvent {
  deviceId: string;
}

export interface ArchiveTrack {
  /** Creations that may still turn out to be the one that makes the archive known: a creation
   * counts only once its device is known, and a backdated activation can make that earlier. */
  creations: ArchiveCreation[];
  slots: Slot[];
}

/** What the general machinery keeps: one track per device and per archive id seen. */
export interface GeneralTracks {
  readonly devices: Map<string, DeviceTrack>;
  readonly archives: Map<string, ArchiveTrack>;
}

function deviceTrack(tracks: GeneralTracks, deviceId: string): DeviceTrack {
  let track = tracks.devices.get(deviceId);
  if (track === undefined) {
    track = { firstActivation: undefined, slots: [] };
    tracks.devices.set(deviceId, track);
  }
  return track;
}

function archiveTrack(tracks: GeneralTracks, archiveId: string): ArchiveTrack {
  let track = tracks.archives.get(archiveId);
  if (track === undefined) {
    track = { creations: [], slots: [] };
    tracks.archives.set(archiveId, track);
  }
  return track;
}

/** Records one entity event that passed the filters, at its bucket and stream index. */
export function recordGeneral(
  tracks: GeneralTracks,
  event: EntityEvent,
  bucket: number,
  ms: number,
  index: number,
): void {
  switch (event.type) {
    case 'DeviceActivated': {
      const track = deviceTrack(tracks, event.data.deviceId);
      const first = track.firstActivation;
      if (first === undefined || isEarlier(ms, index, first)) {
        track.firstActivation = { bucket, ms, seq: index, userId: event.data.userId };
      }
      recordSlot(track.slots, bucket, ms, index, true);
      return;
    }
    case 'DeviceReactivated':
      recordSlot(deviceTrack(tracks, event.data.deviceId).slots, bucket, ms, index, true);
      return;
    case 'DeviceDeactivated':
      recordSlot(deviceTrack(tracks, event.data.deviceId).slots, bucket, ms, index, false);
      return;
    case 'ArchiveCreated': {
      const track = archiveTrack(tracks, event.data.archiveId);
      noteCreation(
        track.creations,
        { bucket, ms, seq: index, deviceId: event.data.deviceId },
        tracks.devices,
      );
      recordSlot(track.slots, bucket, ms, index, true);
      return;
    }
    case 'ArchivePurged':
      recordSlot(archiveTrack(tracks, event.data.archiveId).slots, bucket, ms, index, false);
      return;
  }
}

export type EntityEvent = Extract<
  TallyEvent,
  { type: 'DeviceActivated' | 'DeviceReactivated' | 'DeviceDeactivated' | 'ArchiveCreated' | 'ArchivePurged' }
>;

export function isEntityEvent(event: TallyEvent): event is EntityEvent {
  switch (event.type) {
    case 'DeviceActivated':
    case 'DeviceReactivated':
    case 'DeviceDeactivated':
    case 'ArchiveCreated':
    case 'ArchivePurged':
      return true;
    default:
      return false;
  }
}

function isEarlier(ms: number, seq: number, than: { ms: number; seq: number }): boolean {
  return ms < than.ms || (ms === than.ms && seq < than.seq);
}

/** Keeps, per bucket, only the set that comes last in (occurredAt, stream index) order. */
function recordSlot(slots: Slot[], bucket: number, ms: number, seq: number, on: boolean): void {
  let i = slots.length - 1;
  while (i >= 0 && (slots[i] as Slot).bucket > bucket) i--;
  const slot = slots[i];
  if (slot !== undefined && slot.bucket === bucket) {
    if (isEarlier(slot.ms, slot.seq, { ms, seq })) {
      slot.ms = ms;
      slot.seq = seq;
      slot.on = on;
    }
    return;
  }
  slots.splice(i + 1, 0, { bucket, ms, seq, on });
}

function isEffective(creation: ArchiveCreation, devices: ReadonlyMap<string, DeviceTrack>): boolean {
  const first = devices.get(creation.deviceId)?.firstActivation;
  return first !== undefined && isEarlier(first.ms, first.seq, creation);
}

/** Keeps the creations that can still be the first effective one; drops those after a creation
 * already known to be effective (activations only ever move earlier, so it stays effective). */
function noteCreation(
  creations: ArchiveCreation[],
  creation: ArchiveCreation,
  devices: ReadonlyMap<string, DeviceTrack>,
): void {
  const effective = creations.find((candidate) => isEffective(candidate, devices));
  if (effective !== undefined && isEarlier(effective.ms, effective.seq, creation)) return;
  if (isEffective(creation, devices)) {
    const kept = creations.filter((candidate) => isEarlier(candidate.ms, candidate.seq, creation));
    creations.length = 0;
    creations.push(...kept);
  }
  creations.push(creation);
}

function firstEffectiveCreation(
  creations: readonly ArchiveCreation[],
  devices: ReadonlyMap<string, DeviceTrack>,
): ArchiveCreation | undefined {
  let best: ArchiveCreation | undefined;
  for (const creation of creations) {
    if (
      isEffective(creation, devices) &&
      (best === undefined || isEarlier(creation.ms, creation.seq, best))
    ) {
      best = creation;
    }
  }
  return best;
}

/** The buckets where an entity's value flips, starting from off: [2, 5, 7] = on in buckets 2..4
 * and from 7 on. `knownFrom` is the bucket of the event that makes the entity known. */
function togglesOf(slots: readonly Slot[], knownFrom: number): number[] {
  const toggles: number[] = [];
  let i = 0;
  let valueAtKnown = false;
  while (i < slots.length && (slots[i] as Slot).bucket <= knownFrom) {
    valueAtKnown = (slots[i] as Slot).on;
    i++;
  }
  let value = valueAtKnown;
  if (value) toggles.push(knownFrom);
  for (; i < slots.length; i++) {
    const slot = slots[i] as Slot;
    if (slot.on !== value) {
      toggles.push(slot.bucket);
      value = slot.on;
    }
  }
  return toggles;
}

/** Toggles of "any of these is on". */
function unionToggles(lists: readonly (readonly number[])[]): readonly number[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const changes: [number, number][] = [];
  for (const list of nonEmpty) {
    list.forEach((bucket, k) => {
      changes.push([bucket, k % 2 === 0 ? 1 : -1]);
    });
  }
  changes.sort((a, b) => a[0] - b[0]);
  const toggles: number[] = [];
  let onCount = 0;
  let on = false;
  for (let i = 0; i < changes.length; ) {
    const bucket = (changes[i] as [number, number])[0];
    while (i < changes.length && (changes[i] as [number, number])[0] === bucket) {
      onCount += (changes[i] as [number, number])[1];
      i++;
    }
    if (onCount > 0 !== on) {
      on = !on;
      toggles.push(bucket);
    }
  }
  return toggles;
}

function addToggles(diff: number[], toggles: readonly number[]): void {
  toggles.forEach((bucket, k) => {
    diff[bucket] = (diff[bucket] as number) + (k % 2 === 0 ? 1 : -1);
  });
}

interface UserParts {
  active: (readonly number[])[];
  retained: (readonly number[])[];
}

export function countPerBoundary(
  boundaryCount: number,
  devices: ReadonlyMap<string, DeviceTrack>,
  archives: ReadonlyMap<string, ArchiveTrack>,
): Omit<Counts, 'at'>[] {
  const zeros = () => new Array<number>(boundaryCount + 1).fill(0);
  const active = zeros();
  const billable = zeros();
  const inUse = zeros();
  const holders = zeros();

  const retainedByDevice = new Map<string, (readonly number[])[]>();
  for (const track of archives.values()) {
    const creation = firstEffectiveCreation(track.creations, devices);
    if (creation === undefined) continue;
    const toggles = togglesOf(track.slots, creation.bucket);
    if (toggles.length === 0) continue;
    const list = retainedByDevice.get(creation.deviceId);
    if (list === undefined) retainedByDevice.set(creation.deviceId, [toggles]);
    else list.push(toggles);
  }

  const users = new Map<string, UserParts>();
  for (const [deviceId, track] of devices) {
    const first = track.firstActivation;
    if (first === undefined) continue;
    const activeToggles = togglesOf(track.slots, first.bucket);
    const retained = retainedByDevice.get(deviceId) ?? [];
    addToggles(active, activeToggles);
    addToggles(billable, unionToggles([activeToggles, ...retained]));
    let parts = users.get(first.userId);
    if (parts === undefined) {
      parts = { active: [], retained: [] };
      users.set(first.userId, parts);
    }
    parts.active.push(activeToggles);
    parts.retained.push(...retained);
  }

  for (const parts of users.values()) {
    const inUseToggles = unionToggles(parts.retained);
    addToggles(inUse, inUseToggles);
    addToggles(holders, unionToggles([...parts.active, inUseToggles]));
  }

  const counts: Omit<Counts, 'at'>[] = [];
  const running = { activeDevices: 0, billableDevices: 0, licensesInUse: 0, licenseHolders: 0 };
  for (let bucket = 0; bucket < boundaryCount; bucket++) {
    running.activeDevices += active[bucket] as number;
    running.billableDevices += billable[bucket] as number;
    running.licensesInUse += inUse[bucket] as number;
    running.licenseHolders += holders[bucket] as number;
    counts.push({ ...running });
  }
  return counts;
}
