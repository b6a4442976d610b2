// The entity timeline against a brute force written from the rules (docs/counting.md): an event
// fits when the events accepted so far plus it, replayed in occurredAt order (ties in stream
// order), break no entity's timeline; the counts at t as known at k are those of the accepted
// events recorded by k and occurring by t, replayed the same way.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { epochMsToInstant } from '../time/instant.js';
import { countsAtBoundaries } from './counts-sweep.js';
import { type EntityEvent, EntityTimeline } from './timeline.js';
import { decodeTimeline, encodeTimeline } from './timeline-codec.js';

const BASE = Date.UTC(2026, 2, 1);
const MINUTE = 60_000;

interface Step {
  readonly event: EntityEvent;
  readonly ms: number;
  readonly recordedMs: number;
}

interface Strict {
  devices: Map<string, { user: string; active: boolean }>;
  archives: Map<string, { device: string; retained: boolean }>;
}

/** Replays steps in occurredAt order with the strict rules; false at the first that does not fit. */
function strictReplay(steps: readonly Step[], onStep?: (state: Strict) => void): boolean {
  const ordered = steps.map((step, index) => ({ step, index }));
  ordered.sort((a, b) => a.step.ms - b.step.ms || a.index - b.index);
  const state: Strict = { devices: new Map(), archives: new Map() };
  for (const { step } of ordered) {
    const event = step.event;
    switch (event.type) {
      case 'DeviceActivated':
        if (state.devices.has(event.data.deviceId)) return false;
        state.devices.set(event.data.deviceId, { user: event.data.userId, active: true });
        break;
      case 'DeviceDeactivated':
      case 'DeviceReactivated': {
        const device = state.devices.get(event.data.deviceId);
        const on = event.type === 'DeviceReactivated';
        if (device === undefined || device.active === on) return false;
        device.active = on;
        break;
      }
      case 'ArchiveCreated': {
        const device = state.devices.get(event.data.deviceId);
        if (state.archives.has(event.data.archiveId) || device === undefined || !device.active) return false;
        state.archives.set(event.data.archiveId, { device: event.data.deviceId, retained: true });
        break;
      }
      case 'ArchivePurged': {
        const archive = state.archives.get(event.data.archiveId);
        if (archive === undefined || !archive.retained) return false;
        archive.retained = false;
        break;
      }
      case 'UserDeactivated':
        if (![...state.devices.values()].some((device) => device.user === event.data.userId)) return false;
        break;
    }
    onStep?.(state);
  }
  return true;
}

function bruteCounts(steps: readonly Step[], atMs: number, knownAtMs: number) {
  const visible = steps.filter((step) => step.ms <= atMs && step.recordedMs <= knownAtMs);
  let final: Strict = { devices: new Map(), archives: new Map() };
  const ok = strictReplay(visible, (state) => {
    final = state;
  });
  if (!ok) throw new Error('the visible events do not replay');
  const retainedOf = (deviceId: string) =>
    [...final.archives.values()].filter((archive) => archive.device === deviceId && archive.retained).length;
  const users = new Map<string, { active: number; retained: number }>();
  let activeDevices = 0;
  let billableDevices = 0;
  for (const [deviceId, device] of final.devices) {
    const retained = retainedOf(deviceId);
    if (device.active) activeDevices++;
    if (device.active || retained > 0) billableDevices++;
    const user = users.get(device.user) ?? { active: 0, retained: 0 };
    user.active += device.active ? 1 : 0;
    user.retained += retained;
    users.set(device.user, user);
  }
  const all = [...users.values()];
  return {
    activeDevices,
    billableDevices,
    licensesInUse: all.filter((user) => user.retained > 0).length,
    licenseHolders: all.filter((user) => user.active > 0 || user.retained > 0).length,
  };
}

/** Per user id: active devices and retained archives, as the timeline keeps them. */
function perUser(timeline: EntityTimeline): Record<string, [number, number]> {
  const users: Record<string, [number, number]> = {};
  for (let user = 0; user < timeline.users.size; user++) {
    users[timeline.users.idOf(user)] = [timeline.userActive.get(user), timeline.userRetained.get(user)];
  }
  return users;
}

function brutePerUser(steps: readonly Step[]): Record<string, [number, number]> {
  let final: Strict = { devices: new Map(), archives: new Map() };
  strictReplay(steps, (state) => {
    final = state;
  });
  const users: Record<string, [number, number]> = {};
  for (const device of final.devices.values()) {
    const counts = users[device.user] ?? [0, 0];
    if (device.active) counts[0]++;
    users[device.user] = counts;
  }
  for (const archive of final.archives.values()) {
    const owner = final.devices.get(archive.device)?.user as string;
    if (archive.retained) (users[owner] as [number, number])[1]++;
  }
  return users;
}

const deviceId = fc.constantFrom('d-0', 'd-1', 'd-2');
const archiveId = fc.constantFrom('a-0', 'a-1', 'a-2');
const userId = fc.constantFrom('u-0', 'u-1', 'u-2');
const eventArb: fc.Arbitrary<Pick<EntityEvent, 'type' | 'data'>> = fc.oneof(
  fc.record({ type: fc.constant('DeviceActivated' as const), data: fc.record({ deviceId, userId }) }),
  fc.record({ type: fc.constant('DeviceDeactivated' as const), data: fc.record({ deviceId }) }),
  fc.record({ type: fc.constant('DeviceReactivated' as const), data: fc.record({ deviceId }) }),
  fc.record({ type: fc.constant('ArchiveCreated' as const), data: fc.record({ archiveId, deviceId }) }),
  fc.record({
    type: fc.constant('ArchivePurged' as const),
    data: fc.record({ archiveId, reason: fc.constant('retention-expired' as const) }),
  }),
  fc.record({
    type: fc.constant('UserDeactivated' as const),
    data: fc.record({ userId, reason: fc.constant('admin' as const) }),
  }),
);

/** Candidate events in stream order: recordedAt never decreases, occurredAt anywhere before it
 * (mostly in order, sometimes backdated). */
const candidates = fc
  .array(fc.tuple(eventArb, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 })), {
    maxLength: 60,
  })
  .map((raw) => {
    let recorded = 40;
    return raw.map(([partial, minute, lateness], index): Step => {
      recorded += lateness;
      const ms = BASE + minute * MINUTE;
      const recordedMs = BASE + recorded * MINUTE;
      const event = {
        ...partial,
        eventId: `e-${index}`,
        orgId: 'acme',
        occurredAt: epochMsToInstant(ms),
        recordedAt: epochMsToInstant(recordedMs),
      } as EntityEvent;
      return { event, ms, recordedMs };
    });
  });

/** Feeds candidates to a timeline, keeping those it accepts; checks each verdict against the
 * brute force on the way. */
function acceptAll(steps: readonly Step[]): { timeline: EntityTimeline; accepted: Step[] } {
  const timeline = new EntityTimeline();
  const accepted: Step[] = [];
  for (const step of steps) {
    const refusal = timeline.check(step.event, step.ms);
    const fits = strictReplay([...accepted, step]);
    expect(
      refusal === undefined,
      `${step.event.type} ${JSON.stringify(step.event.data)} at ${step.event.occurredAt}: ${refusal?.problem}`,
    ).toBe(fits);
    if (refusal === undefined) {
      timeline.apply(step.event, step.ms, step.recordedMs);
      accepted.push(step);
    }
  }
  return { timeline, accepted };
}

describe('EntityTimeline', () => {
  test.prop([candidates], { numRuns: 1500 })(
    'accepts an event exactly when the timeline in occurredAt order still holds',
    (steps) => {
      acceptAll(steps);
    },
  );

  test.prop(
    [
      candidates,
      fc.array(fc.integer({ min: 0, max: 45 }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 38, max: 250 }),
    ],
    {
      numRuns: 400,
    },
  )(
    'counts at any instants as known at any instant are those of the brute force',
    (steps, minutes, knownMinute) => {
      const { timeline, accepted } = acceptAll(steps);
      const boundaries = [...new Set(minutes.map((minute) => BASE + minute * MINUTE))].sort((a, b) => a - b);
      const knownAtMs = BASE + knownMinute * MINUTE;
      const counts = countsAtBoundaries(timeline, boundaries, knownAtMs);
      boundaries.forEach((atMs, j) => {
        expect(counts[j]).toEqual(bruteCounts(accepted, atMs, knownAtMs));
      });
    },
  );

  test.prop([candidates], { numRuns: 200 })('its counters are the counts after every event', (steps) => {
    const { timeline, accepted } = acceptAll(steps);
    const all = bruteCounts(accepted, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    expect({
      activeDevices: timeline.activeDevices,
      billableDevices: timeline.billableDevices,
      licensesInUse: timeline.licensesInUse,
      licenseHolders: timeline.licenseHolders,
    }).toEqual(all);
  });

  // The counts are settled lazily, at the first read after events (timeline.ts, `settle`): read
  // at any points, through a copy or a snapshot taken between, they are the eager counts there.
  test.prop([candidates, fc.array(fc.boolean(), { minLength: 60, maxLength: 60 })], { numRuns: 300 })(
    'counters and per-user counts read after any events are those after every event so far',
    (steps, readAfter) => {
      let timeline = new EntityTimeline();
      const accepted: Step[] = [];
      steps.forEach((step, index) => {
        if (timeline.check(step.event, step.ms) !== undefined) return;
        timeline.apply(step.event, step.ms, step.recordedMs);
        accepted.push(step);
        if (!readAfter[index]) return;
        const all = bruteCounts(accepted, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
        expect({
          activeDevices: timeline.activeDevices,
          billableDevices: timeline.billableDevices,
          licensesInUse: timeline.licensesInUse,
          licenseHolders: timeline.licenseHolders,
        }).toEqual(all);
        expect(perUser(timeline)).toEqual(brutePerUser(accepted));
        // Go on with the same timeline, a copy or a snapshot read back.
        if (index % 3 === 1) timeline = timeline.clone();
        if (index % 3 === 2) timeline = decodeTimeline(encodeTimeline(timeline));
      });
      expect(perUser(timeline)).toEqual(brutePerUser(accepted));
    },
  );

  test.prop([candidates], { numRuns: 100 })('a clone answers as the original and is independent', (steps) => {
    const { timeline } = acceptAll(steps);
    const copy = timeline.clone();
    const boundaries = [BASE + 10 * MINUTE, BASE + 30 * MINUTE];
    expect(countsAtBoundaries(copy, boundaries, Infinity)).toEqual(
      countsAtBoundaries(timeline, boundaries, Infinity),
    );
    const fresh: EntityEvent = {
      type: 'DeviceActivated',
      eventId: 'x',
      orgId: 'acme',
      occurredAt: epochMsToInstant(BASE),
      recordedAt: epochMsToInstant(BASE),
      data: { deviceId: 'new', userId: 'u-9' },
    };
    const before = timeline.activeDevices;
    copy.apply(fresh, BASE, BASE);
    expect(timeline.activeDevices).toBe(before);
    expect(copy.activeDevices).toBe(before + 1);
  });
});

describe('backdated events (docs/counting.md, "Consistency in time")', () => {
  const at = (instant: string) => Date.parse(instant);
  const event = (type: EntityEvent['type'], data: object, occurredAt: string, recordedAt = occurredAt) =>
    ({ type, eventId: `${type}-${occurredAt}`, orgId: 'acme', occurredAt, recordedAt, data }) as EntityEvent;
  const applied = (...events: EntityEvent[]) => {
    const timeline = new EntityTimeline();
    for (const e of events) {
      expect(timeline.check(e, at(e.occurredAt))).toBeUndefined();
      timeline.apply(e, at(e.occurredAt), at(e.recordedAt));
    }
    return timeline;
  };

  it('refuses a deactivation dated before the device was activated, naming both instants', () => {
    const timeline = applied(
      event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, '2026-03-01T00:00:00Z'),
      event('DeviceActivated', { deviceId: 'd-2', userId: 'u-1' }, '2026-03-01T01:00:00Z'),
    );
    const late = event(
      'DeviceDeactivated',
      { deviceId: 'd-2' },
      '2026-02-01T00:00:00Z',
      '2026-03-02T00:00:00Z',
    );
    expect(timeline.check(late, at(late.occurredAt))).toMatchObject({
      code: 'DeviceNotActiveAt',
      problem: 'device d-2 is not active at 2026-02-01T00:00:00Z (first activated at 2026-03-01T01:00:00Z)',
    });
  });

  it('counts a deactivation recorded late from its occurredAt, as known from when it was recorded', () => {
    const timeline = applied(
      event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, '2026-03-01T00:00:00Z'),
      event('DeviceActivated', { deviceId: 'd-2', userId: 'u-1' }, '2026-03-01T01:00:00Z'),
      event('DeviceDeactivated', { deviceId: 'd-2' }, '2026-03-05T00:00:00Z', '2026-03-20T00:00:00Z'),
    );
    const boundaries = [at('2026-03-04T00:00:00Z'), at('2026-03-06T00:00:00Z')];
    expect(
      countsAtBoundaries(timeline, boundaries, at('2026-03-19T00:00:00Z')).map((c) => c.activeDevices),
    ).toEqual([2, 2]);
    expect(
      countsAtBoundaries(timeline, boundaries, at('2026-03-20T00:00:00Z')).map((c) => c.activeDevices),
    ).toEqual([2, 1]);
  });

  it('counts an archive created before its device was deactivated, recorded after, until it is purged', () => {
    const timeline = applied(
      event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, '2026-03-01T00:00:00Z'),
      event('DeviceDeactivated', { deviceId: 'd-1' }, '2026-03-10T00:00:00Z'),
      event(
        'ArchiveCreated',
        { deviceId: 'd-1', archiveId: 'a-1' },
        '2026-03-02T00:00:00Z',
        '2026-03-12T00:00:00Z',
      ),
    );
    const boundaries = [at('2026-03-05T00:00:00Z'), at('2026-03-15T00:00:00Z')];
    expect(countsAtBoundaries(timeline, boundaries, Infinity).map((c) => c.billableDevices)).toEqual([1, 1]);
    const purgeTooEarly = event(
      'ArchivePurged',
      { archiveId: 'a-1', reason: 'retention-expired' },
      '2026-03-01T12:00:00Z',
      '2026-03-13T00:00:00Z',
    );
    expect(timeline.check(purgeTooEarly, at(purgeTooEarly.occurredAt))?.code).toBe('ArchiveNotCreatedAt');
  });

  it('refuses an archive dated before its device was activated', () => {
    const timeline = applied(
      event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, '2026-03-05T00:00:00Z'),
    );
    const early = event(
      'ArchiveCreated',
      { deviceId: 'd-1', archiveId: 'a-1' },
      '2026-03-01T00:00:00Z',
      '2026-03-06T00:00:00Z',
    );
    expect(timeline.check(early, at(early.occurredAt))?.code).toBe('DeviceNotActiveAt');
  });
});
