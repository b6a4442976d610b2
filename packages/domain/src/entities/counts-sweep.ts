// The four counts at many instants, as known at one instant, read off an entity timeline in one
// sweep over its entities, whatever order the events came in (backdated ones included).
//
// Why deltas are enough: in a timeline that `check` accepted, each device's status alternates
// (on, off, on, ...) and each archive is created once and purged at most once, also among the
// events recorded by any instant k. So an activation always adds one active device, a
// deactivation removes one, a creation adds one retained archive to its device and user, a
// purge removes one: a device's active flag and retained archives at t are sums of deltas up to
// t, in any order. Billable (active or a retained archive), in use (a retained archive) and
// holder (either) flip where those sums cross zero, found per device and per user by sorting
// its few deltas. Only the value at each boundary matters, so a delta is placed in the bucket
// of the first boundary at or after its instant: bucket j = (boundaries[j-1], boundaries[j]].
import { grownInt32 } from './growable.js';
import type { NumberColumn } from './number-column.js';
import type { EntityTimeline } from './timeline.js';

export interface BoundaryCounts {
  readonly activeDevices: number;
  readonly billableDevices: number;
  readonly licensesInUse: number;
  readonly licenseHolders: number;
}

// A delta, packed as bucket * 4 + kind so that a numeric sort groups a bucket's deltas.
const ACTIVATED = 0;
const DEACTIVATED = 1;
const CREATED = 2;
const PURGED = 3;

/** The counts at each boundary (epoch ms, ascending, distinct) of the events recorded by
 * `knownAtMs` (Infinity: all of them). */
export function countsAtBoundaries(
  timeline: EntityTimeline,
  boundaries: readonly number[],
  knownAtMs: number,
): BoundaryCounts[] {
  // As known once every event is, at or after the latest event, the counts are the timeline's
  // counters: only the earlier boundaries need the sweep.
  if (knownAtMs >= timeline.latestRecordedMs) {
    let past = boundaries.length;
    while (past > 0 && (boundaries[past - 1] as number) >= timeline.latestMs) past--;
    if (past < boundaries.length) {
      const now: BoundaryCounts = {
        activeDevices: timeline.activeDevices,
        billableDevices: timeline.billableDevices,
        licensesInUse: timeline.licensesInUse,
        licenseHolders: timeline.licenseHolders,
      };
      const swept = sweep(timeline, boundaries.slice(0, past), knownAtMs);
      for (let j = past; j < boundaries.length; j++) swept.push({ ...now });
      return swept;
    }
  }
  return sweep(timeline, boundaries, knownAtMs);
}

function sweep(timeline: EntityTimeline, boundaries: readonly number[], knownAtMs: number): BoundaryCounts[] {
  const n = boundaries.length;
  if (n === 0) return [];
  const active = new Int32Array(n + 1);
  const billable = new Int32Array(n + 1);
  const inUse = new Int32Array(n + 1);
  const holders = new Int32Array(n + 1);
  const lastBoundary = boundaries[n - 1] as number;
  const bucketOf = (ms: number): number => {
    let low = 0;
    let high = n;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((boundaries[mid] as number) < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  };

  const byDevice = deltasByDevice(timeline, { bucketOf, lastBoundary, knownAtMs }, active);
  const { start, deltas } = byDevice;
  const devicesOfUser = groupBy(timeline.deviceOwner, timeline.devices.size, timeline.users.size);
  let userDeltas = new Int32Array(256);
  for (let user = 0; user < timeline.users.size; user++) {
    let userCount = 0;
    for (let d = devicesOfUser.start[user] as number; d < (devicesOfUser.start[user + 1] as number); d++) {
      const device = devicesOfUser.members[d] as number;
      const from = start[device] as number;
      const to = start[device + 1] as number;
      if (from === to) continue;
      if (to - from > 1) sortRange(deltas, from, to);
      addFlips(deltas, from, to, billable, undefined);
      if (userCount + to - from > userDeltas.length)
        userDeltas = grownInt32(userDeltas, userCount + to - from);
      for (let i = from; i < to; i++) userDeltas[userCount++] = deltas[i] as number;
    }
    if (userCount === 0) continue;
    if (userCount > 1) sortRange(userDeltas, 0, userCount);
    addFlips(userDeltas, 0, userCount, holders, inUse);
  }

  const counts: BoundaryCounts[] = [];
  let a = 0;
  let b = 0;
  let u = 0;
  let h = 0;
  for (let j = 0; j < n; j++) {
    a += active[j] as number;
    b += billable[j] as number;
    u += inUse[j] as number;
    h += holders[j] as number;
    counts.push({ activeDevices: a, billableDevices: b, licensesInUse: u, licenseHolders: h });
  }
  return counts;
}

/** A change the counts leave out (after the last boundary, or recorded after the instant they
 * are known at); deltas are never negative. */
const SKIPPED = -1;

/** Which deltas count, and in which bucket. */
interface Buckets {
  readonly bucketOf: (ms: number) => number;
  readonly lastBoundary: number;
  readonly knownAtMs: number;
}

// A device's changes lie scattered through the columns, in the order the events came, linked by
// `changePrevious`. Following those links device by device was most of the sweep: each step a
// dependent read (a cache miss that nothing overlaps) in four columns. So the columns are read in
// storage order instead, where the reads of one change do not wait on another's, and the deltas
// are sorted into one flat array by device (docs/performance.md, "The sweep reads the columns in
// order").

/** The counted deltas (bucket * 4 + kind) grouped by device, by counting sort: device d's are
 * deltas[start[d] .. start[d + 1]). Each counted change's +1 or -1 is added to `active` here. */
function deltasByDevice(
  timeline: EntityTimeline,
  buckets: Buckets,
  active: Int32Array,
): { start: Int32Array; deltas: Int32Array } {
  const { changeMs, changeRecordedMs, changeOn, archiveDevice, archiveCreatedMs, archivePurgedMs } = timeline;
  const { bucketOf, lastBoundary, knownAtMs } = buckets;
  const deviceOf = deviceOfChanges(timeline);
  const changeCounts = (change: number) =>
    changeMs.get(change) <= lastBoundary && changeRecordedMs.get(change) <= knownAtMs;
  // A purge counts only with its archive's creation.
  const createdCounts = (archive: number) =>
    archiveCreatedMs.get(archive) <= lastBoundary &&
    timeline.archiveCreatedRecordedMs.get(archive) <= knownAtMs;
  // NaN (never purged) fails both comparisons.
  const purgedCounts = (archive: number) =>
    archivePurgedMs.get(archive) <= lastBoundary &&
    timeline.archivePurgedRecordedMs.get(archive) <= knownAtMs;

  const devices = timeline.devices.size;
  const archives = timeline.archives.size;
  const start = new Int32Array(devices + 1);
  // Each change's delta, computed once in the counting pass and placed in the second.
  const changeDeltas = new Int32Array(changeMs.length);
  for (let change = 0; change < changeMs.length; change++) {
    if (!changeCounts(change)) {
      changeDeltas[change] = SKIPPED;
      continue;
    }
    const bucket = bucketOf(changeMs.get(change));
    const on = changeOn.get(change) === 1;
    active[bucket] = (active[bucket] as number) + (on ? 1 : -1);
    changeDeltas[change] = bucket * 4 + (on ? ACTIVATED : DEACTIVATED);
    const slot = (deviceOf[change] as number) + 1;
    start[slot] = (start[slot] as number) + 1;
  }
  for (let archive = 0; archive < archives; archive++) {
    if (!createdCounts(archive)) continue;
    const slot = archiveDevice.get(archive) + 1;
    start[slot] = (start[slot] as number) + (purgedCounts(archive) ? 2 : 1);
  }
  for (let d = 0; d < devices; d++) start[d + 1] = (start[d + 1] as number) + (start[d] as number);

  const next = start.slice(0, devices);
  const deltas = new Int32Array(start[devices] as number);
  for (let change = 0; change < changeDeltas.length; change++) {
    const delta = changeDeltas[change] as number;
    if (delta === SKIPPED) continue;
    const device = deviceOf[change] as number;
    deltas[next[device] as number] = delta;
    next[device] = (next[device] as number) + 1;
  }
  for (let archive = 0; archive < archives; archive++) {
    if (!createdCounts(archive)) continue;
    const device = archiveDevice.get(archive);
    let at = next[device] as number;
    deltas[at++] = bucketOf(archiveCreatedMs.get(archive)) * 4 + CREATED;
    if (purgedCounts(archive)) deltas[at++] = bucketOf(archivePurgedMs.get(archive)) * 4 + PURGED;
    next[device] = at;
  }
  return { start, deltas };
}

/** The device of each change, in storage order: a change is in the chain of the change before
 * it (`changePrevious`, always an earlier one), or starts a chain; each device's chain is the
 * one of its last change. */
function deviceOfChanges(timeline: EntityTimeline): Int32Array {
  const { changePrevious, deviceLastChange } = timeline;
  const chainOf = new Int32Array(changePrevious.length);
  let chains = 0;
  for (let change = 0; change < chainOf.length; change++) {
    const previous = changePrevious.get(change);
    chainOf[change] = previous === -1 ? chains++ : (chainOf[previous] as number);
  }
  const deviceOfChain = new Int32Array(chains);
  for (let device = 0; device < timeline.devices.size; device++) {
    const last = deviceLastChange.get(device);
    if (last !== -1) deviceOfChain[chainOf[last] as number] = device;
  }
  // The chain numbers are replaced by the devices, in place.
  for (let change = 0; change < chainOf.length; change++) {
    chainOf[change] = deviceOfChain[chainOf[change] as number] as number;
  }
  return chainOf;
}

/** Sorts `deltas[from, to)`: by insertion for the few deltas of nearly every device and user (a
 * typed-array sort is a native call and a subarray allocation each), natively for long runs. */
function sortRange(deltas: Int32Array, from: number, to: number): void {
  if (to - from > 24) {
    deltas.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const value = deltas[i] as number;
    let j = i - 1;
    while (j >= from && (deltas[j] as number) > value) {
      deltas[j + 1] = deltas[j] as number;
      j--;
    }
    deltas[j + 1] = value;
  }
}

/** Walks the sorted deltas[from, to) bucket by bucket and records where "active or retained"
 * flips into `either`, and where "retained" alone flips into `retainedOnly` when given. */
function addFlips(
  deltas: Int32Array,
  from: number,
  to: number,
  either: Int32Array,
  retainedOnly: Int32Array | undefined,
): void {
  let activeSum = 0;
  let retainedSum = 0;
  let eitherOn = false;
  let retainedOn = false;
  let i = from;
  while (i < to) {
    const bucket = (deltas[i] as number) >> 2;
    while (i < to && (deltas[i] as number) >> 2 === bucket) {
      const kind = (deltas[i] as number) & 3;
      if (kind === ACTIVATED) activeSum++;
      else if (kind === DEACTIVATED) activeSum--;
      else if (kind === CREATED) retainedSum++;
      else retainedSum--;
      i++;
    }
    const nowEither = activeSum > 0 || retainedSum > 0;
    if (nowEither !== eitherOn) {
      either[bucket] = (either[bucket] as number) + (nowEither ? 1 : -1);
      eitherOn = nowEither;
    }
    if (retainedOnly !== undefined && retainedSum > 0 !== retainedOn) {
      retainedOn = retainedSum > 0;
      retainedOnly[bucket] = (retainedOnly[bucket] as number) + (retainedOn ? 1 : -1);
    }
  }
}

/** Members grouped by owner (counting sort): owner o's members are members[start[o] .. start[o+1]). */
function groupBy(
  ownerOf: NumberColumn,
  memberCount: number,
  ownerCount: number,
): { start: Int32Array; members: Int32Array } {
  const start = new Int32Array(ownerCount + 1);
  for (let m = 0; m < memberCount; m++) {
    const slot = ownerOf.get(m) + 1;
    start[slot] = (start[slot] as number) + 1;
  }
  for (let o = 0; o < ownerCount; o++) start[o + 1] = (start[o + 1] as number) + (start[o] as number);
  const next = start.slice(0, ownerCount);
  const members = new Int32Array(memberCount);
  for (let m = 0; m < memberCount; m++) {
    const owner = ownerOf.get(m);
    members[next[owner] as number] = m;
    next[owner] = (next[owner] as number) + 1;
  }
  return { start, members };
}
