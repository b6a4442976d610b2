// What the streaming counter keeps beside the in-order fold so that, if a backdated event ever
// arrives, the general machinery can take over as if it had seen every event itself: per entity
// the last event of each bucket (a "slot"), the first activation of each device and the
// creations of each archive. `countsAt` over an array does without it (it re-reads the array
// instead), so the fold only calls it when it is given one.
import type { ArchiveCreation, DeviceTrack, GeneralTracks, Slot } from './general-counter.js';

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

/** Where an in-order fold stands, as the recorder needs it to build the general tracks. */
export interface FoldIds {
  readonly deviceIds: readonly string[];
  readonly archiveIds: readonly string[];
  readonly userIds: readonly string[];
  /** The user index owning a device, -1 while it was never activated. */
  ownerOf(device: number): number;
  /** The device index of an archive, -1 while no creation on a known device was seen. */
  deviceOf(archive: number): number;
}

export class HandOverRecorder {
  readonly deviceSlots = new SlotLists();
  readonly archiveSlots = new SlotLists();
  // The event that made each device / archive known (meaningful once the fold says it is known).
  private readonly firstBucket: number[] = [];
  private readonly firstMs: number[] = [];
  private readonly firstSeq: number[] = [];
  private readonly creationBucket: number[] = [];
  private readonly creationMs: number[] = [];
  private readonly creationSeq: number[] = [];
  /** Creations on a device not known at the time: they matter only if a backdated activation comes. */
  private readonly earlyCreations = new Map<number, ArchiveCreation[]>();

  addDevice(): void {
    this.deviceSlots.addEntity();
    this.firstBucket.push(0);
    this.firstMs.push(0);
    this.firstSeq.push(0);
  }

  addArchive(): void {
    this.archiveSlots.addEntity();
    this.creationBucket.push(0);
    this.creationMs.push(0);
    this.creationSeq.push(0);
  }

  firstActivation(device: number, bucket: number, ms: number, seq: number): void {
    this.firstBucket[device] = bucket;
    this.firstMs[device] = ms;
    this.firstSeq[device] = seq;
  }

  creation(archive: number, bucket: number, ms: number, seq: number): void {
    this.creationBucket[archive] = bucket;
    this.creationMs[archive] = ms;
    this.creationSeq[archive] = seq;
  }

  earlyCreation(archive: number, creation: ArchiveCreation): void {
    const early = this.earlyCreations.get(archive);
    if (early === undefined) this.earlyCreations.set(archive, [creation]);
    else early.push(creation);
  }

  /** The general machinery's tracks for the events the fold applied so far. */
  handOver(fold: FoldIds): GeneralTracks {
    const devices = new Map<string, DeviceTrack>();
    fold.deviceIds.forEach((deviceId, device) => {
      const user = fold.ownerOf(device);
      devices.set(deviceId, {
        firstActivation:
          user === -1
            ? undefined
            : {
                bucket: this.firstBucket[device] as number,
                ms: this.firstMs[device] as number,
                seq: this.firstSeq[device] as number,
                userId: fold.userIds[user] as string,
              },
        slots: this.deviceSlots.slotsOf(device),
      });
    });
    const archives = new Map<string, { creations: ArchiveCreation[]; slots: Slot[] }>();
    fold.archiveIds.forEach((archiveId, archive) => {
      const creations = [...(this.earlyCreations.get(archive) ?? [])];
      const device = fold.deviceOf(archive);
      if (device !== -1) {
        creations.push({
          bucket: this.creationBucket[archive] as number,
          ms: this.creationMs[archive] as number,
          seq: this.creationSeq[archive] as number,
          deviceId: fold.deviceIds[device] as string,
        });
      }
      archives.set(archiveId, { creations, slots: this.archiveSlots.slotsOf(archive) });
    });
    return { devices, archives };
  }
}
