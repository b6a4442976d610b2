// Test support for the counting specs: event builders, a generator of random single-org
// histories, and a deliberately naive reference that shares no code with the folds under test.
import { fc } from '@fast-check/vitest';
import { Temporal } from 'temporal-polyfill';
import type { Instant, TallyEvent } from '../events/types.js';
import { epochMsToInstant, instantToEpochMs } from '../time/instant.js';

const ORG = 'acme';
const MINUTE = 60_000;
/** All generated times are minutes after this instant, so ties and boundary hits are common. */
export const EPOCH_MS = instantToEpochMs('2026-01-01T00:00:00Z');
export const minute = (n: number): Instant => epochMsToInstant(EPOCH_MS + n * MINUTE);

type Entity = Extract<
  TallyEvent,
  { type: 'DeviceActivated' | 'DeviceDeactivated' | 'DeviceReactivated' | 'ArchiveCreated' | 'ArchivePurged' }
>;

let nextId = 0;
/** Builds an event; `recordedAt` defaults to `occurredAt`. */
export function event<T extends TallyEvent['type']>(
  type: T,
  data: Extract<TallyEvent, { type: T }>['data'],
  occurredAt: Instant,
  recordedAt: Instant = occurredAt,
): TallyEvent {
  nextId++;
  return { type, eventId: `e-${nextId}`, orgId: ORG, occurredAt, recordedAt, data } as TallyEvent;
}

/** One random decision of the generator; interpreted against the history built so far. */
interface Step {
  op: number;
  pick: number;
  advance: number;
  backdate: number;
  back: number;
  lag: number;
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  op: fc.nat(99),
  pick: fc.nat(1000),
  advance: fc.nat(6),
  backdate: fc.nat(99),
  back: fc.nat(40),
  lag: fc.nat(20),
});

/**
 * Random consistent single-org histories in stream order: devices activated, deactivated and
 * reactivated, archives created and purged, users cancelled (with the device and archive events
 * beside the UserDeactivated), other event types as noise. About one event in six is backdated
 * (occurredAt before the clock); recordedAt >= occurredAt and never decreases in stream order.
 * With `sloppy`, a few inconsistent events are mixed in to exercise the lenient folds.
 */
export function historyArbitrary(options: { maxSteps?: number; sloppy?: boolean } = {}) {
  return fc.array(stepArbitrary, { maxLength: options.maxSteps ?? 60, size: 'max' }).map((steps) => {
    const history = buildHistory(steps, options.sloppy ?? false);
    return options.sloppy === true ? history : consistentInTime(history);
  });
}

/** The events of a history that keep it consistent in time (docs/counting.md, "Consistency in
 * time"): each event is kept when the kept ones before it plus it still replay in occurredAt
 * order (ties in stream order) under the strict rules. The generator's backdated events that
 * would break a timeline are dropped, as the ledger would refuse them. */
export function consistentInTime(events: readonly TallyEvent[]): TallyEvent[] {
  const kept: TallyEvent[] = [];
  for (const candidate of events) {
    if (strictlyReplays([...kept, candidate])) kept.push(candidate);
  }
  return kept;
}

/** The index of the first event that breaks the timeline in occurredAt order, or -1. */
export function firstInconsistent(events: readonly TallyEvent[]): number {
  for (let i = 1; i <= events.length; i++) if (!strictlyReplays(events.slice(0, i))) return i - 1;
  return -1;
}

/** Replays in occurredAt order (stable) with the strict rules: a device is activated once and
 * then alternates deactivated / reactivated; an archive is created once, on a device active at
 * that instant, and purged at most once after; a user is deactivated only once known. */
export function strictlyReplays(events: readonly TallyEvent[]): boolean {
  const ordered = [...events].sort((a, b) => ms(a.occurredAt) - ms(b.occurredAt));
  const devices = new Map<string, { user: string; active: boolean }>();
  const archives = new Map<string, boolean>();
  for (const e of ordered) {
    switch (e.type) {
      case 'DeviceActivated':
        if (devices.has(e.data.deviceId)) return false;
        devices.set(e.data.deviceId, { user: e.data.userId, active: true });
        break;
      case 'DeviceDeactivated':
      case 'DeviceReactivated': {
        const device = devices.get(e.data.deviceId);
        if (device === undefined || device.active === (e.type === 'DeviceReactivated')) return false;
        device.active = !device.active;
        break;
      }
      case 'ArchiveCreated':
        if (archives.has(e.data.archiveId) || devices.get(e.data.deviceId)?.active !== true) return false;
        archives.set(e.data.archiveId, true);
        break;
      case 'ArchivePurged':
        if (archives.get(e.data.archiveId) !== true) return false;
        archives.set(e.data.archiveId, false);
        break;
      case 'UserDeactivated':
        if (![...devices.values()].some((device) => device.user === e.data.userId)) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

function buildHistory(steps: readonly Step[], sloppy: boolean): TallyEvent[] {
  const events: TallyEvent[] = [];
  const deviceUser = new Map<string, string>();
  const activeDevices = new Set<string>();
  const archiveDevice = new Map<string, string>();
  const retained = new Set<string>();
  let clock = 0;
  let recorded = 0;
  let ids = 0;
  const choose = <T>(items: readonly T[], pick: number): T | undefined =>
    items[pick % Math.max(items.length, 1)];

  for (const step of steps) {
    clock += step.advance;
    const occurred = step.backdate < 16 ? Math.max(0, clock - 1 - step.back) : clock;
    recorded = Math.max(recorded, clock) + (step.lag < 15 ? 0 : step.lag - 14);
    const at = minute(occurred);
    const rec = minute(recorded);
    const push = (type: TallyEvent['type'], data: object) => events.push(event(type, data as never, at, rec));
    const op = step.op;
    const devices = [...deviceUser.keys()];
    const inactive = devices.filter((d) => !activeDevices.has(d));
    if (op < 25 || devices.length === 0) {
      const users = [...new Set(deviceUser.values())];
      const userId =
        step.pick % 3 === 0 || users.length === 0 ? `u-${ids++}` : (choose(users, step.pick) as string);
      const deviceId = `d-${ids++}`;
      deviceUser.set(deviceId, userId);
      activeDevices.add(deviceId);
      push('DeviceActivated', { deviceId, userId });
    } else if (op < 40 && activeDevices.size > 0) {
      const deviceId = choose([...activeDevices], step.pick) as string;
      activeDevices.delete(deviceId);
      push('DeviceDeactivated', { deviceId });
    } else if (op < 50 && inactive.length > 0) {
      const deviceId = choose(inactive, step.pick) as string;
      activeDevices.add(deviceId);
      push('DeviceReactivated', { deviceId });
    } else if (op < 70) {
      const deviceId = choose(devices, step.pick) as string;
      const archiveId = `a-${ids++}`;
      archiveDevice.set(archiveId, deviceId);
      retained.add(archiveId);
      push('ArchiveCreated', { archiveId, deviceId });
    } else if (op < 82 && retained.size > 0) {
      const archiveId = choose([...retained], step.pick) as string;
      retained.delete(archiveId);
      push('ArchivePurged', { archiveId, reason: 'cold-storage-purge' });
    } else if (op < 88) {
      // A cancelled user: every effect is its own event, all at the same instant.
      const userId = choose([...new Set(deviceUser.values())], step.pick) as string;
      push('UserDeactivated', { userId, reason: 'canceled' });
      for (const [deviceId, owner] of deviceUser) {
        if (owner !== userId) continue;
        if (activeDevices.delete(deviceId)) push('DeviceDeactivated', { deviceId });
        for (const [archiveId, device] of archiveDevice) {
          if (device === deviceId && retained.delete(archiveId)) {
            push('ArchivePurged', { archiveId, reason: 'canceled' });
          }
        }
      }
    } else if (op < 94 || !sloppy) {
      push('LicenseCapSet', { cap: 1 + (step.pick % 5) });
    } else {
      // Inconsistent on purpose: unknown ids, double activation, archive of an unknown device.
      const sloppyOps: [TallyEvent['type'], object][] = [
        ['DeviceDeactivated', { deviceId: 'd-unknown' }],
        ['DeviceReactivated', { deviceId: choose(devices, step.pick) as string }],
        ['DeviceActivated', { deviceId: choose(devices, step.pick) as string, userId: 'u-other' }],
        ['ArchivePurged', { archiveId: 'a-unknown', reason: 'retention-expired' }],
        ['ArchiveCreated', { archiveId: `a-${ids++}`, deviceId: 'd-unknown' }],
        [
          'ArchiveCreated',
          { archiveId: choose([...archiveDevice.keys()], step.pick) ?? 'a-none', deviceId: 'd-0' },
        ],
      ];
      const [type, data] = choose(sloppyOps, step.pick) as [TallyEvent['type'], object];
      push(type, data);
    }
  }
  return events;
}

/** Snapshot instants in and around the generated time range (minute granularity: they often
 * coincide with event times, which tests the `occurredAt <= t` boundary). */
export const instantsArbitrary = fc
  .array(fc.integer({ min: -2, max: 420 }), { minLength: 1, maxLength: 12 })
  .map((minutes) => minutes.map(minute));

export const asKnownAtArbitrary = fc.option(fc.integer({ min: 0, max: 700 }).map(minute), { nil: undefined });

export interface NaiveCounts {
  at: Instant;
  activeDevices: number;
  billableDevices: number;
  licensesInUse: number;
  licenseHolders: number;
}

const parsed = new Map<Instant, number>();
/** Epoch ms through Temporal (independent of the code under test), memoized: the polyfill is slow. */
function ms(instant: Instant): number {
  let value = parsed.get(instant);
  if (value === undefined) {
    value = Temporal.Instant.from(instant).epochMilliseconds;
    parsed.set(instant, value);
  }
  return value;
}

/** Visible events (docs/counting.md#snapshots-and-as-known-at), occurredAt order, stream order on ties. */
export function naiveVisible(events: readonly TallyEvent[], at: Instant, asKnownAt?: Instant): TallyEvent[] {
  const t = ms(at);
  const k = asKnownAt === undefined ? Number.POSITIVE_INFINITY : ms(asKnownAt);
  return events
    .map((e) => ({ e, occurred: ms(e.occurredAt), recorded: ms(e.recordedAt) }))
    .filter(({ occurred, recorded }) => occurred <= t && recorded <= k)
    .sort((a, b) => a.occurred - b.occurred)
    .map(({ e }) => e);
}

/**
 * Replays the events in the order given with plain sets, then counts by scanning: no counters,
 * no shared code. Lenient rules: a device's owner and an archive's device are fixed when first
 * known; unknown ids are ignored; an archive of an unknown device is ignored.
 */
export function naiveCounts(ordered: readonly TallyEvent[], at: Instant): NaiveCounts {
  const owner = new Map<string, string>();
  const active = new Set<string>();
  const archiveOf = new Map<string, string>();
  const retained = new Set<string>();
  for (const e of ordered as readonly Entity[]) {
    if (e.type === 'DeviceActivated') {
      if (!owner.has(e.data.deviceId)) owner.set(e.data.deviceId, e.data.userId);
      active.add(e.data.deviceId);
    } else if (e.type === 'DeviceReactivated') {
      if (owner.has(e.data.deviceId)) active.add(e.data.deviceId);
    } else if (e.type === 'DeviceDeactivated') {
      active.delete(e.data.deviceId);
    } else if (e.type === 'ArchiveCreated') {
      if (archiveOf.has(e.data.archiveId)) retained.add(e.data.archiveId);
      else if (owner.has(e.data.deviceId)) {
        archiveOf.set(e.data.archiveId, e.data.deviceId);
        retained.add(e.data.archiveId);
      }
    } else if (e.type === 'ArchivePurged') {
      retained.delete(e.data.archiveId);
    }
  }
  const devicesWithArchive = new Set([...retained].map((a) => archiveOf.get(a)));
  const billable = [...owner.keys()].filter((d) => active.has(d) || devicesWithArchive.has(d));
  const usersInUse = new Set([...devicesWithArchive].map((d) => owner.get(d as string)));
  const holders = new Set([...usersInUse, ...[...active].map((d) => owner.get(d))]);
  return {
    at,
    activeDevices: active.size,
    billableDevices: billable.length,
    licensesInUse: usersInUse.size,
    licenseHolders: holders.size,
  };
}

/** The reference for a snapshot: filter, stable sort, replay from scratch. */
export function naiveCountAt(events: readonly TallyEvent[], at: Instant, asKnownAt?: Instant): NaiveCounts {
  return naiveCounts(naiveVisible(events, at, asKnownAt), at);
}
