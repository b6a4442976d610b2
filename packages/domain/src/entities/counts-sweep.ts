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
import { grownFloat64 } from './growable.js';
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

  const devicesOfUser = groupBy(timeline.deviceOwner, timeline.devices.size, timeline.users.size);
  const archivesOfDevice = groupBy(timeline.archiveDevice, timeline.archives.size, timeline.devices.size);
  let deviceDeltas = new Float64Array(64);
  let userDeltas = new Float64Array(256);

  for (let user = 0; user < timeline.users.size; user++) {
    let userCount = 0;
    for (let d = devicesOfUser.start[user] as number; d < (devicesOfUser.start[user + 1] as number); d++) {
      const device = devicesOfUser.members[d] as number;
      let count = 0;
      for (
        let change = timeline.deviceLastChange.get(device);
        change !== -1;
        change = timeline.changePrevious.get(change)
      ) {
        const ms = timeline.changeMs.get(change);
        if (ms > lastBoundary || timeline.changeRecordedMs.get(change) > knownAtMs) continue;
        const bucket = bucketOf(ms);
        const on = timeline.changeOn.get(change) === 1;
        active[bucket] = (active[bucket] as number) + (on ? 1 : -1);
        if (count === deviceDeltas.length) deviceDeltas = grownFloat64(deviceDeltas, count + 2);
        deviceDeltas[count++] = bucket * 4 + (on ? ACTIVATED : DEACTIVATED);
      }
      const end = archivesOfDevice.start[device + 1] as number;
      for (let a = archivesOfDevice.start[device] as number; a < end; a++) {
        const archive = archivesOfDevice.members[a] as number;
        const createdMs = timeline.archiveCreatedMs.get(archive);
        if (createdMs > lastBoundary || timeline.archiveCreatedRecordedMs.get(archive) > knownAtMs) {
          continue;
        }
        if (count + 2 > deviceDeltas.length) deviceDeltas = grownFloat64(deviceDeltas, count + 2);
        deviceDeltas[count++] = bucketOf(createdMs) * 4 + CREATED;
        const purgedMs = timeline.archivePurgedMs.get(archive);
        // NaN (never purged) fails both comparisons.
        if (purgedMs <= lastBoundary && timeline.archivePurgedRecordedMs.get(archive) <= knownAtMs) {
          deviceDeltas[count++] = bucketOf(purgedMs) * 4 + PURGED;
        }
      }
      if (count === 0) continue;
      if (count > 1) sortPrefix(deviceDeltas, count);
      addFlips(deviceDeltas, count, billable, undefined);
      if (userCount + count > userDeltas.length) userDeltas = grownFloat64(userDeltas, userCount + count);
      userDeltas.set(deviceDeltas.subarray(0, count), userCount);
      userCount += count;
    }
    if (userCount === 0) continue;
    if (userCount > 1) sortPrefix(userDeltas, userCount);
    addFlips(userDeltas, userCount, holders, inUse);
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

/** Sorts the first `length` numbers of `deltas`: by insertion for the few deltas of nearly every
 * device and user (a typed-array sort is a native call and a subarray allocation each), natively
 * for long runs. */
function sortPrefix(deltas: Float64Array, length: number): void {
  if (length > 24) {
    deltas.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const value = deltas[i] as number;
    let j = i - 1;
    while (j >= 0 && (deltas[j] as number) > value) {
      deltas[j + 1] = deltas[j] as number;
      j--;
    }
    deltas[j + 1] = value;
  }
}

/** Walks the first `length` sorted deltas bucket by bucket and records where "active or
 * retained" flips into `either`, and where "retained" alone flips into `retainedOnly` when given. */
function addFlips(
  deltas: Float64Array,
  length: number,
  either: Int32Array,
  retainedOnly: Int32Array | undefined,
): void {
  let activeSum = 0;
  let retainedSum = 0;
  let eitherOn = false;
  let retainedOn = false;
  let i = 0;
  while (i < length) {
    const bucket = Math.floor((deltas[i] as number) / 4);
    while (i < length && Math.floor((deltas[i] as number) / 4) === bucket) {
      const kind = (deltas[i] as number) - bucket * 4;
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
