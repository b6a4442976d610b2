// The fast path of the snapshot counter: while events come in occurredAt order, the counts at a
// snapshot instant are just the live counts when the first event after it arrives. So this fold
// keeps the entity state of `state.ts` (same rules, same four counters) in flat arrays indexed by
// small integers (ids interned once), and copies the counters at each boundary it passes.
//
// It also records, per entity, the last event in each bucket (the general machinery's "slots"),
// in flat arrays: if a backdated event arrives, `handOver` rebuilds the general tracks from them
// and the general machinery takes over, exactly as if it had seen every event itself.
import type { ArchiveCreation, DeviceTrack, EntityEvent, GeneralTracks, Slot } from './general-counter.js';

type BoundaryCounts = {
  activeDevices: number;
  billableDevices: number;
  licensesInUse: number;
  licenseHolders: number;
};

/** One interned id space: string id -> small integer, and back. */
class Ids {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  find(id: string): number | undefined {
    return this.index.get(id);
  }
  intern(id: string): number {
    let found = this.index.get(id);
    if (found === undefined) {
      found = this.ids.length;
      this.index.set(id, found);
      this.ids.push(id);
    }
    return found;
  }
}

/** Per-entity lists of slots in shared flat arrays (a linked list per entity, appended in order). */
class SlotLists {
  private readonly bucket: number[] = [];
  private readonly ms: number[] = [];
  private readonly seq: number[] = [];
  private readonly on: boolean[] = [];
  private readonly next: number[] = [];
  private readonly head: number[] = [];
  private readonly tail: number[] = [];

  addEntity(): void {
    this.head.push(-1);
    this.tail.push(-1);
  }

  /** In order, the new event is the last of its bucket so far: overwrite or append. */
  record(entity: number, bucket: number, ms: number, seq: number, on: boolean): void {
    const last = this.tail[entity] as number;
    if (last !== -1 && this.bucket[last] === bucket) {
      this.ms[last] = ms;
      this.seq[last] = seq;
      this.on[last] = on;
      return;
    }
    const slot = this.bucket.length;
    this.bucket.push(bucket);
    this.ms.push(ms);
    this.seq.push(seq);
    this.on.push(on);
    this.next.push(-1);
    if (last === -1) this.head[entity] = slot;
    else this.next[last] = slot;
    this.tail[entity] = slot;
  }

  slotsOf(entity: number): Slot[] {
    const slots: Slot[] = [];
    for (let at = this.head[entity] as number; at !== -1; at = this.next[at] as number) {
      slots.push({
        bucket: this.bucket[at] as number,
        ms: this.ms[at] as number,
        seq: this.seq[at] as number,
        on: this.on[at] as boolean,
      });
    }
    return slots;
  }
}

export class InOrderFold {
  private readonly devices = new Ids();
  private readonly archives = new Ids();
  private readonly users = new Ids();
  private readonly deviceSlots = new SlotLists();
  private readonly archiveSlots = new SlotLists();
  // Devices: owner (-1 = not known yet: never activated), state, and the first activation.
  private readonly deviceUser: number[] = [];
  private readonly deviceActive: boolean[] = [];
  private readonly deviceRetained: number[] = [];
  private readonly firstBucket: number[] = [];
  private readonly firstMs: number[] = [];
  private readonly firstSeq: number[] = [];
  // Archives: device (-1 = not known: no creation on a known device yet), state, the creation.
  private readonly archiveDevice: number[] = [];
  private readonly archiveRetained: boolean[] = [];
  private readonly creationBucket: number[] = [];
  private readonly creationMs: number[] = [];
  private readonly creationSeq: number[] = [];
  /** Creations on a device not known at the time: they matter only if a backdated activation comes. */
  private readonly earlyCreations = new Map<number, ArchiveCreation[]>();
  // Users.
  private readonly userActive: number[] = [];
  private readonly userRetained: number[] = [];
  // The four counters now, and at each boundary already passed.
  private activeDevices = 0;
  private billableDevices = 0;
  private licensesInUse = 0;
  private licenseHolders = 0;
  private readonly passed: BoundaryCounts[] = [];

  /** Applies one entity event that passed the filters; `bucket` never decreases between calls. */
  apply(event: EntityEvent, bucket: number, ms: number, seq: number): void {
    while (this.passed.length < bucket) this.passed.push(this.current());
    switch (event.type) {
      case 'DeviceActivated': {
        const device = this.device(event.data.deviceId);
        this.deviceSlots.record(device, bucket, ms, seq, true);
        if (this.deviceUser[device] === -1) {
          const user = this.user(event.data.userId);
          this.deviceUser[device] = user;
          this.firstBucket[device] = bucket;
          this.firstMs[device] = ms;
          this.firstSeq[device] = seq;
        }
        this.setActive(device, true);
        return;
      }
      case 'DeviceReactivated':
      case 'DeviceDeactivated': {
        const device = this.device(event.data.deviceId);
        const on = event.type === 'DeviceReactivated';
        this.deviceSlots.record(device, bucket, ms, seq, on);
        if (this.deviceUser[device] !== -1) this.setActive(device, on);
        return;
      }
      case 'ArchiveCreated': {
        const archive = this.archive(event.data.archiveId);
        this.archiveSlots.record(archive, bucket, ms, seq, true);
        if (this.archiveDevice[archive] === -1) {
          const device = this.devices.find(event.data.deviceId);
          if (device === undefined || this.deviceUser[device] === -1) {
            const creation = { bucket, ms, seq, deviceId: event.data.deviceId };
            const early = this.earlyCreations.get(archive);
            if (early === undefined) this.earlyCreations.set(archive, [creation]);
            else early.push(creation);
            return;
          }
          this.archiveDevice[archive] = device;
          this.creationBucket[archive] = bucket;
          this.creationMs[archive] = ms;
          this.creationSeq[archive] = seq;
        }
        this.setRetained(archive, true);
        return;
      }
      case 'ArchivePurged': {
        const archive = this.archive(event.data.archiveId);
        this.archiveSlots.record(archive, bucket, ms, seq, false);
        if (this.archiveDevice[archive] !== -1) this.setRetained(archive, false);
        return;
      }
    }
  }

  /** The counts at each of `boundaryCount` boundaries, given every event pushed so far. */
  countsPerBoundary(boundaryCount: number): BoundaryCounts[] {
    const counts = this.passed.slice(0, boundaryCount);
    while (counts.length < boundaryCount) counts.push(this.current());
    return counts;
  }

  /** The general machinery's tracks for the events applied so far. */
  handOver(): GeneralTracks {
    const devices = new Map<string, DeviceTrack>();
    this.devices.ids.forEach((deviceId, device) => {
      const user = this.deviceUser[device] as number;
      devices.set(deviceId, {
        firstActivation:
          user === -1
            ? undefined
            : {
                bucket: this.firstBucket[device] as number,
                ms: this.firstMs[device] as number,
                seq: this.firstSeq[device] as number,
                userId: this.users.ids[user] as string,
              },
        slots: this.deviceSlots.slotsOf(device),
      });
    });
    const archives = new Map<string, { creations: ArchiveCreation[]; slots: Slot[] }>();
    this.archives.ids.forEach((archiveId, archive) => {
      const creations = [...(this.earlyCreations.get(archive) ?? [])];
      const device = this.archiveDevice[archive] as number;
      if (device !== -1) {
        creations.push({
          bucket: this.creationBucket[archive] as number,
          ms: this.creationMs[archive] as number,
          seq: this.creationSeq[archive] as number,
          deviceId: this.devices.ids[device] as string,
        });
      }
      archives.set(archiveId, { creations, slots: this.archiveSlots.slotsOf(archive) });
    });
    return { devices, archives };
  }

  private current(): BoundaryCounts {
    return {
      activeDevices: this.activeDevices,
      billableDevices: this.billableDevices,
      licensesInUse: this.licensesInUse,
      licenseHolders: this.licenseHolders,
    };
  }

  private device(deviceId: string): number {
    const before = this.devices.ids.length;
    const device = this.devices.intern(deviceId);
    if (device === before) {
      this.deviceSlots.addEntity();
      this.deviceUser.push(-1);
      this.deviceActive.push(false);
      this.deviceRetained.push(0);
      this.firstBucket.push(0);
      this.firstMs.push(0);
      this.firstSeq.push(0);
    }
    return device;
  }

  private archive(archiveId: string): number {
    const before = this.archives.ids.length;
    const archive = this.archives.intern(archiveId);
    if (archive === before) {
      this.archiveSlots.addEntity();
      this.archiveDevice.push(-1);
      this.archiveRetained.push(false);
      this.creationBucket.push(0);
      this.creationMs.push(0);
      this.creationSeq.push(0);
    }
    return archive;
  }

  private user(userId: string): number {
    const before = this.users.ids.length;
    const user = this.users.intern(userId);
    if (user === before) {
      this.userActive.push(0);
      this.userRetained.push(0);
    }
    return user;
  }

  // The same transitions as state.ts's setDeviceActive and setArchiveRetained.
  private setActive(device: number, active: boolean): void {
    if (this.deviceActive[device] === active) return;
    const user = this.deviceUser[device] as number;
    const retained = this.deviceRetained[device] as number;
    const wasHolder = (this.userActive[user] as number) > 0 || (this.userRetained[user] as number) > 0;
    const delta = active ? 1 : -1;
    this.deviceActive[device] = active;
    this.userActive[user] = (this.userActive[user] as number) + delta;
    this.activeDevices += delta;
    if (retained === 0) this.billableDevices += delta;
    const isHolder = (this.userActive[user] as number) > 0 || (this.userRetained[user] as number) > 0;
    if (isHolder !== wasHolder) this.licenseHolders += delta;
  }

  private setRetained(archive: number, retained: boolean): void {
    if (this.archiveRetained[archive] === retained) return;
    const device = this.archiveDevice[archive] as number;
    const user = this.deviceUser[device] as number;
    const delta = retained ? 1 : -1;
    const wasBillable = this.deviceActive[device] === true || (this.deviceRetained[device] as number) > 0;
    const wasInUse = (this.userRetained[user] as number) > 0;
    const wasHolder = (this.userActive[user] as number) > 0 || wasInUse;
    this.archiveRetained[archive] = retained;
    this.deviceRetained[device] = (this.deviceRetained[device] as number) + delta;
    this.userRetained[user] = (this.userRetained[user] as number) + delta;
    const isBillable = this.deviceActive[device] === true || (this.deviceRetained[device] as number) > 0;
    const isInUse = (this.userRetained[user] as number) > 0;
    const isHolder = (this.userActive[user] as number) > 0 || isInUse;
    if (isBillable !== wasBillable) this.billableDevices += delta;
    if (isInUse !== wasInUse) this.licensesInUse += delta;
    if (isHolder !== wasHolder) this.licenseHolders += delta;
  }
}
