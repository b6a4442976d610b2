// A seeded large organization: a per-device monthly subscription with cold storage, devices
// activated over the first 80% of the period, and backups, deactivations, reactivations, purges
// and the occasional cancelled user (with its cascade, as decide emits it) in between.
// Deterministic from the seed.
//
// The history is drawn first, in occurredAt order; the instants are written after it:
// - occurredAt: whole seconds by default; with `instants: 'milliseconds'`, each command's
//   instant gets a millisecond fraction, written as `epochMsToInstant` (the command handler's
//   clock) writes it: `2024-03-01T10:00:07.25Z`, trailing zeros trimmed, no fraction on a whole
//   second. The fractions come from a second generator, so the history (events, ids, order)
//   is the same as with whole seconds.
// - recordedAt: 0-3 s after occurredAt (plus a fraction with milliseconds), one instant for all
//   the events of one command (the handler stamps a decision once), and never earlier than the
//   event before it: stream order is append order, and recordedAt is the appender's clock.
// - `lateFraction` (e.g. 0.01): that share of the events is recorded late, 1 hour to 7 days
//   after it occurred, and appended at its recordedAt position in the stream. Only events that
//   are the last of their entity's timeline are made late: the final DeviceDeactivated of a
//   device (no reactivation and no archive created after it) and an ArchivePurged, never one
//   of a cascade (a cascade is one command). So for every knowledge instant k, the events
//   recorded by k, in occurredAt order, are still a valid timeline for every entity:
//   `bench/timeline-check.ts` checks this and the spec beside it checks that by brute force.
import type { Instant, TallyEvent } from '@tally/domain';
import { epochMsToInstant, instantToEpochMs } from '@tally/domain';
import { createPickSet } from './pick-set.js';
import { createRng, type Rng } from './rng.js';

export type InstantPrecision = 'seconds' | 'milliseconds';

export interface OrgSpec {
  readonly seed: number;
  readonly devices: number;
  readonly events: number;
  /** First billing date; the history runs two years from it. */
  readonly startDate: string;
  /** 'seconds' (the default) or 'milliseconds' (the command handler's clock). */
  readonly instants?: InstantPrecision;
  /** Share of the events recorded late (0, the default, to 1). */
  readonly lateFraction?: number;
  /** Default `bench-org`. */
  readonly orgId?: string;
}

export interface GeneratedOrg {
  readonly orgId: string;
  readonly startDate: string;
  /** Last billing date in the two years (inclusive `to` of an invoice range). */
  readonly endDate: string;
  readonly timeZone: string;
  /** An instant after every event (occurredAt and recordedAt). */
  readonly endInstant: Instant;
  /** In stream order (recordedAt never decreases). */
  readonly events: TallyEvent[];
  readonly deviceCount: number;
  /** Events recorded late (`lateFraction`). */
  readonly lateEvents: number;
}

const ORG_ID = 'bench-org';
const TIME_ZONE = 'America/Los_Angeles';
const MAX_ARCHIVES_PER_DEVICE = 3;
const HOUR_MS = 3_600_000;
const LATE_MIN_MS = HOUR_MS;
const LATE_MAX_MS = 7 * 24 * HOUR_MS;

// epochMsToInstant per event is most of the generation time: cache each day's date string.
const dayStrings = new Map<number, string>();
const twoDigits = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
// ".5Z", ".25Z", ".125Z"; "Z" on a whole second.
const fractions = Array.from({ length: 1000 }, (_, ms) =>
  ms === 0 ? 'Z' : `.${String(ms).padStart(3, '0').replace(/0+$/, '')}Z`,
);

/** `epochMsToInstant(epochMs)` for instants after 1970, with each day's date cached. */
export function formatInstant(epochMs: number): Instant {
  const day = Math.floor(epochMs / 86_400_000);
  let date = dayStrings.get(day);
  if (date === undefined) {
    date = epochMsToInstant(day * 86_400_000).slice(0, 10);
    dayStrings.set(day, date);
  }
  const msOfDay = epochMs - day * 86_400_000;
  const second = Math.floor(msOfDay / 1000);
  const h = twoDigits[Math.floor(second / 3600)] as string;
  const m = twoDigits[Math.floor((second % 3600) / 60)] as string;
  return `${date}T${h}:${m}:${twoDigits[second % 60] as string}${fractions[msOfDay % 1000] as string}`;
}

/** What the history records of each event before its instants are written. */
interface Drawn {
  readonly events: TallyEvent[];
  /** The command's instant, whole seconds. */
  readonly atMs: number[];
  /** 0-3 s, drawn with the event (the first generator's sequence is that of the whole-second
   * generator before the options existed, so the history is the same). */
  readonly delaySeconds: number[];
  /** The event is part of the command of the event before it (a cascade). */
  readonly sameCommand: boolean[];
  /** Events that may be recorded late (see the header). */
  readonly lateCandidates: number[];
  readonly deviceCount: number;
}

function drawHistory(spec: OrgSpec, orgId: string, rng: Rng, startMs: number, endMs: number): Drawn {
  // Mean gap a little under span / events: some draws add no event (a device at its archive limit).
  const gapSeconds = Math.max(2, Math.floor(((endMs - startMs) / spec.events / 1000) * 1.7));
  const events: TallyEvent[] = [];
  const atMs: number[] = [];
  const delaySeconds: number[] = [];
  const sameCommand: boolean[] = [];
  // Per event: -1, or the device whose deactivation this is (standalone), or -2 (a standalone purge).
  const candidateKind: number[] = [];
  let nowMs = startMs - HOUR_MS;

  const push = (type: TallyEvent['type'], data: unknown, at: number, inCascade = false): void => {
    delaySeconds.push(rng.below(4));
    atMs.push(at);
    sameCommand.push(inCascade);
    candidateKind.push(-1);
    events.push({
      type,
      eventId: rng.uuid(),
      orgId,
      occurredAt: '',
      recordedAt: '',
      data,
    } as TallyEvent);
  };

  const suffix = orgId === ORG_ID ? '0001' : orgId;
  push(
    'OrganizationRegistered',
    {
      name: orgId === ORG_ID ? 'Bench Corp' : `Bench Corp ${orgId}`,
      serialCode: `BENCH-${suffix}`,
      billingAccount: orgId === ORG_ID ? 'ACC-1' : `ACC-${orgId}`,
      timeZone: TIME_ZONE,
      currency: 'USD',
      coldStorage: true,
    },
    nowMs,
  );
  push(
    'SubscriptionStarted',
    {
      startDate: spec.startDate,
      plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
    },
    nowMs,
  );
  nowMs = startMs;

  const active = createPickSet(spec.devices);
  const inactive = createPickSet(spec.devices);
  const retained = createPickSet(spec.devices * 2);
  const deviceUser: number[] = [];
  const archiveDevice: number[] = [];
  const archivesOfDevice: number[][] = [];
  const devicesOfUser: number[][] = [];
  // The last event of each device's own timeline (its lifecycle events and its archives' creations).
  const lastOfDevice: number[] = [];
  let users = 0;

  const activate = (at: number) => {
    const device = deviceUser.length;
    const user = users === 0 || rng.next() < 0.6 ? users++ : rng.below(users);
    deviceUser.push(user);
    archivesOfDevice.push([]);
    const owned = devicesOfUser[user];
    if (owned === undefined) devicesOfUser[user] = [device];
    else owned.push(device);
    active.add(device);
    lastOfDevice[device] = events.length;
    push('DeviceActivated', { deviceId: `d-${device}`, userId: `u-${user}` }, at);
  };
  const deactivate = (device: number, at: number, inCascade: boolean) => {
    active.remove(device);
    inactive.add(device);
    lastOfDevice[device] = events.length;
    if (!inCascade) candidateKind[events.length] = device;
    push('DeviceDeactivated', { deviceId: `d-${device}` }, at, inCascade);
  };
  const purge = (archive: number, reason: string, at: number, inCascade: boolean) => {
    retained.remove(archive);
    if (!inCascade) candidateKind[events.length] = -2;
    push('ArchivePurged', { archiveId: `a-${archive}`, reason }, at, inCascade);
  };

  while (events.length < spec.events) {
    nowMs += 1000 + rng.below(gapSeconds) * 1000;
    const progress = events.length / spec.events;
    if (
      deviceUser.length < spec.devices &&
      deviceUser.length < spec.devices * Math.min(1, progress / 0.8 + 0.01)
    ) {
      activate(nowMs);
      continue;
    }
    const roll = rng.next() * 100;
    if (roll < 30 && active.size > 0) {
      const device = active.pick(rng);
      const archives = archivesOfDevice[device] as number[];
      if (archives.length >= MAX_ARCHIVES_PER_DEVICE) continue;
      const archive = archiveDevice.length;
      archiveDevice.push(device);
      archives.push(archive);
      retained.add(archive);
      lastOfDevice[device] = events.length;
      push('ArchiveCreated', { archiveId: `a-${archive}`, deviceId: `d-${device}` }, nowMs);
    } else if (roll < 55 && active.size > 0) {
      deactivate(active.pick(rng), nowMs, false);
    } else if (roll < 80 && inactive.size > 0) {
      const device = inactive.pick(rng);
      inactive.remove(device);
      active.add(device);
      lastOfDevice[device] = events.length;
      push('DeviceReactivated', { deviceId: `d-${device}` }, nowMs);
    } else if (roll < 99.9 && retained.size > 0) {
      purge(retained.pick(rng), rng.next() < 0.5 ? 'cold-storage-purge' : 'retention-expired', nowMs, false);
    } else if (users > 0) {
      // A cancelled user: UserDeactivated, their active devices, every retained archive (decide's
      // cascade order: devices by id, then archives by id), all one command.
      const user = rng.below(users);
      const devices = [...(devicesOfUser[user] ?? [])].sort((a, b) => (`d-${a}` < `d-${b}` ? -1 : 1));
      push('UserDeactivated', { userId: `u-${user}`, reason: 'canceled' }, nowMs);
      for (const device of devices) if (active.has(device)) deactivate(device, nowMs, true);
      const archives = devices
        .flatMap((device) => archivesOfDevice[device] as number[])
        .filter((archive) => retained.has(archive))
        .sort((a, b) => (`a-${a}` < `a-${b}` ? -1 : 1));
      for (const archive of archives) purge(archive, 'canceled', nowMs, true);
    }
  }
  // The history stops at `events` events, a cascade cut short included (as before the options).
  const n = spec.events;
  for (const list of [events, atMs, delaySeconds, sameCommand, candidateKind]) list.length = n;
  const lateCandidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const kind = candidateKind[i] as number;
    // A deactivation qualifies only as its device's last event (within the kept history).
    if (kind === -2 || (kind >= 0 && (lastOfDevice[kind] as number) === i)) lateCandidates.push(i);
  }
  return { events, atMs, delaySeconds, sameCommand, lateCandidates, deviceCount: deviceUser.length };
}

/** The events with their instants, in stream order, and each one's recordedAt in epoch ms. */
function generate(spec: OrgSpec): { org: GeneratedOrg; recordedMs: Float64Array } {
  const orgId = spec.orgId ?? ORG_ID;
  const precision = spec.instants ?? 'seconds';
  const lateFraction = spec.lateFraction ?? 0;
  if (!(lateFraction >= 0 && lateFraction <= 1)) {
    throw new RangeError(`lateFraction must be in [0, 1], got ${lateFraction}`);
  }
  const rng = createRng(spec.seed);
  // The options' draws: fractions, millisecond delays, which events are late and by how much.
  const extra = createRng((spec.seed ^ 0x5f3759df) >>> 0);
  const startMs = instantToEpochMs(`${spec.startDate}T08:00:00Z`);
  const endYear = Number(spec.startDate.slice(0, 4)) + 2;
  const endMs = instantToEpochMs(`${endYear}${spec.startDate.slice(4)}T00:00:00Z`);
  const drawn = drawHistory(spec, orgId, rng, startMs, endMs);
  const n = drawn.events.length;
  const ms = precision === 'milliseconds';

  const occurredMs = new Float64Array(n);
  const recordedMs = new Float64Array(n);
  const late = new Uint8Array(n);
  const lateCount = Math.round(lateFraction * n);
  const candidates = drawn.lateCandidates;
  if (lateCount > candidates.length) {
    throw new RangeError(
      `lateFraction ${lateFraction}: ${lateCount} late events asked, only ${candidates.length} events can be late`,
    );
  }
  // A partial Fisher-Yates shuffle picks lateCount distinct candidates.
  for (let i = 0; i < lateCount; i++) {
    const j = i + extra.below(candidates.length - i);
    const picked = candidates[j] as number;
    candidates[j] = candidates[i] as number;
    candidates[i] = picked;
    late[picked] = 1;
  }

  let lastAt = Number.NaN;
  let fraction = 0;
  let lastRecorded = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const at = drawn.atMs[i] as number;
    if (ms && at !== lastAt) fraction = extra.below(1000);
    lastAt = at;
    const occurred = at + (ms ? fraction : 0);
    occurredMs[i] = occurred;
    const delayMs = (drawn.delaySeconds[i] as number) * 1000 + (ms ? extra.below(1000) : 0);
    if (late[i] === 1) {
      const span = LATE_MAX_MS - LATE_MIN_MS;
      recordedMs[i] = occurred + LATE_MIN_MS + (ms ? extra.below(span) : extra.below(span / 1000) * 1000);
    } else {
      const recorded = drawn.sameCommand[i] ? lastRecorded : Math.max(lastRecorded, occurred + delayMs);
      recordedMs[i] = recorded;
      lastRecorded = recorded;
    }
  }

  // Stream order: the in-time events as drawn (their recordedAt never decreases), the late ones
  // merged in at their recordedAt (after the in-time events recorded at the same instant).
  const lateOrder: number[] = [];
  for (let i = 0; i < n; i++) if (late[i] === 1) lateOrder.push(i);
  lateOrder.sort((a, b) => (recordedMs[a] as number) - (recordedMs[b] as number) || a - b);
  const order = new Int32Array(n);
  let at = 0;
  let next = 0;
  for (let i = 0; i < n; i++) {
    if (late[i] === 1) continue;
    while (
      next < lateOrder.length &&
      (recordedMs[lateOrder[next] as number] as number) < (recordedMs[i] as number)
    ) {
      order[at++] = lateOrder[next++] as number;
    }
    order[at++] = i;
  }
  while (next < lateOrder.length) order[at++] = lateOrder[next++] as number;

  const events: TallyEvent[] = new Array(n);
  const streamRecordedMs = new Float64Array(n);
  let maxMs = endMs;
  for (let s = 0; s < n; s++) {
    const i = order[s] as number;
    const event = drawn.events[i] as TallyEvent & { occurredAt: string; recordedAt: string };
    event.occurredAt = formatInstant(occurredMs[i] as number);
    event.recordedAt = formatInstant(recordedMs[i] as number);
    events[s] = event;
    streamRecordedMs[s] = recordedMs[i] as number;
    if ((recordedMs[i] as number) > maxMs) maxMs = recordedMs[i] as number;
  }
  return {
    org: {
      orgId,
      startDate: spec.startDate,
      endDate: `${endYear - 1}-12-01`,
      timeZone: TIME_ZONE,
      endInstant: epochMsToInstant(Math.floor(maxMs / 1000) * 1000 + 1000),
      events,
      deviceCount: drawn.deviceCount,
      lateEvents: lateCount,
    },
    recordedMs: streamRecordedMs,
  };
}

export function generateOrg(spec: OrgSpec): GeneratedOrg {
  return generate(spec).org;
}

export interface OrgsSpec extends Omit<OrgSpec, 'orgId'> {
  /** How many organizations share `devices` and `events` (as evenly as they divide). */
  readonly orgs: number;
}

export interface GeneratedOrgs {
  /** Each organization's facts, `events` empty: they are all in `events` below. */
  readonly orgs: readonly GeneratedOrg[];
  /** Every organization's events in one stream, merged by recordedAt (ties: lower org first). */
  readonly events: TallyEvent[];
  readonly endInstant: Instant;
}

/** `orgs` organizations (`bench-org-000`, ...) with their own seeds, in one log: a shared
 * event file as several tenants would append to it. */
export function generateOrgs(spec: OrgsSpec): GeneratedOrgs {
  const generated: { org: GeneratedOrg; recordedMs: Float64Array }[] = [];
  for (let k = 0; k < spec.orgs; k++) {
    const share = (total: number) => Math.floor(total / spec.orgs) + (k < total % spec.orgs ? 1 : 0);
    generated.push(
      generate({
        ...spec,
        seed: (spec.seed + 7919 * (k + 1)) >>> 0,
        devices: Math.max(1, share(spec.devices)),
        events: share(spec.events),
        orgId: `bench-org-${String(k).padStart(3, '0')}`,
      }),
    );
  }
  // A k-way merge on a binary heap of organizations, keyed by their next event's recordedAt.
  const streams = generated.map(({ org }) => org.events);
  const times = generated.map(({ recordedMs }) => recordedMs);
  const position = new Int32Array(spec.orgs);
  const key = (org: number) => (times[org] as Float64Array)[position[org] as number] as number;
  const less = (a: number, b: number) => key(a) < key(b) || (key(a) === key(b) && a < b);
  const heap: number[] = [];
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (l + 1 < heap.length && less(heap[l + 1] as number, heap[m] as number)) m = l + 1;
      if (m === i) return;
      const swap = heap[i] as number;
      heap[i] = heap[m] as number;
      heap[m] = swap;
      i = m;
    }
  };
  for (let k = 0; k < spec.orgs; k++) if ((streams[k] as TallyEvent[]).length > 0) heap.push(k);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  const events: TallyEvent[] = [];
  while (heap.length > 0) {
    const org = heap[0] as number;
    const stream = streams[org] as TallyEvent[];
    const at = position[org] as number;
    events.push(stream[at] as TallyEvent);
    position[org] = at + 1;
    if (at + 1 >= stream.length) {
      const last = heap.pop() as number;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    siftDown(0);
  }
  let end = generated[0]?.org.endInstant ?? epochMsToInstant(0);
  for (const { org } of generated)
    if (instantToEpochMs(org.endInstant) > instantToEpochMs(end)) end = org.endInstant;
  return {
    orgs: generated.map(({ org }) => ({ ...org, events: [] })),
    events,
    endInstant: end,
  };
}
