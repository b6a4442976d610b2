// A seeded large organization: a per-device monthly subscription with cold storage, devices
// activated over the first 80% of the period, and backups, deactivations, reactivations, purges
// and the occasional cancelled user (with its cascade, as decide emits it) in between. Events
// are in occurredAt order, recordedAt a few seconds later. Deterministic from the seed.
import type { Instant, TallyEvent } from '@tally/domain';
import { epochMsToInstant, instantToEpochMs } from '@tally/domain';
import { createPickSet } from './pick-set.js';
import { createRng } from './rng.js';

export interface OrgSpec {
  readonly seed: number;
  readonly devices: number;
  readonly events: number;
  /** First billing date; the history runs two years from it. */
  readonly startDate: string;
}

export interface GeneratedOrg {
  readonly orgId: string;
  readonly startDate: string;
  /** Last billing date in the two years (inclusive `to` of an invoice range). */
  readonly endDate: string;
  readonly timeZone: string;
  /** An instant after every event. */
  readonly endInstant: Instant;
  readonly events: TallyEvent[];
  readonly deviceCount: number;
}

const ORG_ID = 'bench-org';
const TIME_ZONE = 'America/Los_Angeles';
const MAX_ARCHIVES_PER_DEVICE = 3;

// epochMsToInstant per event is most of the generation time: cache each day's date string.
const dayStrings = new Map<number, string>();
const twoDigits = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
function formatInstant(epochMs: number): Instant {
  const day = Math.floor(epochMs / 86_400_000);
  let date = dayStrings.get(day);
  if (date === undefined) {
    date = epochMsToInstant(day * 86_400_000).slice(0, 10);
    dayStrings.set(day, date);
  }
  const second = Math.floor((epochMs - day * 86_400_000) / 1000);
  const h = twoDigits[Math.floor(second / 3600)] as string;
  const m = twoDigits[Math.floor((second % 3600) / 60)] as string;
  return `${date}T${h}:${m}:${twoDigits[second % 60] as string}Z`;
}

export function generateOrg(spec: OrgSpec): GeneratedOrg {
  const rng = createRng(spec.seed);
  const startMs = instantToEpochMs(`${spec.startDate}T08:00:00Z`);
  const endYear = Number(spec.startDate.slice(0, 4)) + 2;
  const endMs = instantToEpochMs(`${endYear}${spec.startDate.slice(4)}T00:00:00Z`);
  // Mean gap a little under span / events: some draws add no event (a device at its archive limit).
  const gapSeconds = Math.max(2, Math.floor(((endMs - startMs) / spec.events / 1000) * 1.7));
  const events: TallyEvent[] = [];
  let nowMs = startMs - 3_600_000;

  const push = (type: TallyEvent['type'], data: unknown, atMs: number): void => {
    const occurredAt = formatInstant(atMs);
    const recordedAt = formatInstant(atMs + rng.below(4) * 1000);
    events.push({ type, eventId: rng.uuid(), orgId: ORG_ID, occurredAt, recordedAt, data } as TallyEvent);
  };

  push(
    'OrganizationRegistered',
    {
      name: 'Bench Corp',
      serialCode: 'BENCH-0001',
      billingAccount: 'ACC-1',
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
    push('DeviceActivated', { deviceId: `d-${device}`, userId: `u-${user}` }, at);
  };
  const deactivate = (device: number, at: number) => {
    active.remove(device);
    inactive.add(device);
    push('DeviceDeactivated', { deviceId: `d-${device}` }, at);
  };
  const purge = (archive: number, reason: string, at: number) => {
    retained.remove(archive);
    push('ArchivePurged', { archiveId: `a-${archive}`, reason }, at);
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
      push('ArchiveCreated', { archiveId: `a-${archive}`, deviceId: `d-${device}` }, nowMs);
    } else if (roll < 55 && active.size > 0) {
      deactivate(active.pick(rng), nowMs);
    } else if (roll < 80 && inactive.size > 0) {
      const device = inactive.pick(rng);
      inactive.remove(device);
      active.add(device);
      push('DeviceReactivated', { deviceId: `d-${device}` }, nowMs);
    } else if (roll < 99.9 && retained.size > 0) {
      purge(retained.pick(rng), rng.next() < 0.5 ? 'cold-storage-purge' : 'retention-expired', nowMs);
    } else if (users > 0) {
      // A cancelled user: UserDeactivated, their active devices, every retained archive (decide's
      // cascade order: devices by id, then archives by id).
      const user = rng.below(users);
      const devices = [...(devicesOfUser[user] ?? [])].sort((a, b) => (`d-${a}` < `d-${b}` ? -1 : 1));
      push('UserDeactivated', { userId: `u-${user}`, reason: 'canceled' }, nowMs);
      for (const device of devices) if (active.has(device)) deactivate(device, nowMs);
      const archives = devices
        .flatMap((device) => archivesOfDevice[device] as number[])
        .filter((archive) => retained.has(archive))
        .sort((a, b) => (`a-${a}` < `a-${b}` ? -1 : 1));
      for (const archive of archives) purge(archive, 'canceled', nowMs);
    }
  }
  events.length = spec.events;
  const lastMs = instantToEpochMs((events.at(-1) as TallyEvent).recordedAt);
  return {
    orgId: ORG_ID,
    startDate: spec.startDate,
    endDate: `${endYear - 1}-12-01`,
    timeZone: TIME_ZONE,
    endInstant: epochMsToInstant(Math.max(lastMs, endMs) + 1000),
    events,
    deviceCount: deviceUser.length,
  };
}
