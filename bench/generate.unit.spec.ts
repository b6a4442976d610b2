// The generator's options (bench/generate.ts) on small logs, and the bench's timeline check
// (bench/timeline-check.ts) against a brute-force one built on the domain's replayChecked.
//   vitest run --config bench/vitest.config.ts
import { fc, test } from '@fast-check/vitest';
import { epochMsToInstant, instantToEpochMs, replayChecked, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { formatInstant, type GeneratedOrg, generateOrg, generateOrgs, type OrgSpec } from './generate.js';
import { createRng } from './rng.js';
import { findTimelineProblem } from './timeline-check.js';

const HOUR_MS = 3_600_000;
const ms = (instant: string) => instantToEpochMs(instant);

function byOrg(events: readonly TallyEvent[]): Map<string, TallyEvent[]> {
  const orgs = new Map<string, TallyEvent[]>();
  for (const event of events) {
    const list = orgs.get(event.orgId);
    if (list === undefined) orgs.set(event.orgId, [event]);
    else list.push(event);
  }
  return orgs;
}

/** The definition, literally: recordedAt never decreases, and for every knowledge instant k,
 * the events recorded by k in occurredAt order (ties in stream order) replay, organization by
 * organization. */
function bruteForceProblem(events: readonly TallyEvent[]): string | undefined {
  const recorded = events.map((event) => ms(event.recordedAt));
  const occurred = events.map((event) => ms(event.occurredAt));
  for (let i = 1; i < events.length; i++) {
    if ((recorded[i] as number) < (recorded[i - 1] as number)) return `recordedAt decreases at ${i}`;
  }
  for (const k of [...new Set(recorded)]) {
    const known = events
      .map((event, index) => ({ event, index }))
      .filter(({ index }) => (recorded[index] as number) <= k)
      .sort((a, b) => (occurred[a.index] as number) - (occurred[b.index] as number) || a.index - b.index)
      .map(({ event }) => event);
    for (const [orgId, log] of byOrg(known)) {
      const replayed = replayChecked(log);
      if (replayed._tag === 'Left') return `k ${epochMsToInstant(k)}, ${orgId}: ${replayed.left.message}`;
    }
  }
  return undefined;
}

const base: OrgSpec = { seed: 7, devices: 120, events: 1_200, startDate: '2024-01-01' };
const variants: readonly [string, OrgSpec][] = [
  ['plain', base],
  ['milliseconds', { ...base, instants: 'milliseconds' }],
  ['1% late', { ...base, lateFraction: 0.01 }],
  ['milliseconds and 1% late', { ...base, instants: 'milliseconds', lateFraction: 0.01 }],
  ['5% late', { ...base, lateFraction: 0.05 }],
];

/** Late: recorded an hour or more after it occurred (in-time events: at most 4 s). */
const lateOf = (org: GeneratedOrg) =>
  org.events.filter((event) => ms(event.recordedAt) - ms(event.occurredAt) >= HOUR_MS);

describe('generateOrg options', () => {
  const plain = generateOrg(base);

  it.each(variants)('%s: recordedAt never decreases and the log is consistent at every k', (_, spec) => {
    const org = generateOrg(spec);
    expect(org.events).toHaveLength(spec.events);
    const recorded = org.events.map((event) => ms(event.recordedAt));
    for (let i = 1; i < recorded.length; i++)
      expect(recorded[i]).toBeGreaterThanOrEqual(recorded[i - 1] as number);
    for (const event of org.events) {
      expect(ms(event.recordedAt)).toBeGreaterThanOrEqual(ms(event.occurredAt));
      expect(ms(event.recordedAt)).toBeLessThan(ms(org.endInstant));
    }
    expect(bruteForceProblem(org.events)).toBeUndefined();
    expect(findTimelineProblem(org.events)).toBeUndefined();
  });

  it.each(variants)('%s: the share of late events asked, each backdated 1 h to 7 days', (_, spec) => {
    const org = generateOrg(spec);
    const late = lateOf(org);
    const expected = Math.round((spec.lateFraction ?? 0) * spec.events);
    expect(org.lateEvents).toBe(expected);
    expect(late).toHaveLength(expected);
    for (const event of late) {
      expect(ms(event.recordedAt) - ms(event.occurredAt)).toBeLessThanOrEqual(7 * 24 * HOUR_MS);
      expect(['DeviceDeactivated', 'ArchivePurged']).toContain(event.type);
    }
    // Appended at its recordedAt: mostly after events that occurred after it (backdated).
    const backdated = late.filter((event) => {
      const position = org.events.indexOf(event);
      return org.events.slice(0, position).some((e) => ms(e.occurredAt) > ms(event.occurredAt));
    });
    expect(backdated.length).toBeGreaterThanOrEqual(expected * 0.5);
    // Without late events, the stream is in occurredAt order.
    if (expected === 0) {
      for (let i = 1; i < org.events.length; i++)
        expect(ms(org.events[i]?.occurredAt ?? '')).toBeGreaterThanOrEqual(
          ms(org.events[i - 1]?.occurredAt ?? ''),
        );
    }
  });

  it.each(variants)('%s: instants in the canonical form, fractions only with milliseconds', (_, spec) => {
    const org = generateOrg(spec);
    const instants = org.events.flatMap((event) => [event.occurredAt, event.recordedAt]);
    for (const instant of instants) expect(epochMsToInstant(ms(instant))).toBe(instant);
    const withFraction = instants.filter((instant) => instant.includes('.')).length;
    if (spec.instants === 'milliseconds') expect(withFraction).toBeGreaterThan(instants.length * 0.95);
    else expect(withFraction).toBe(0);
  });

  it.each(variants)('%s: the same history as the plain log (ids, types, data)', (_, spec) => {
    const org = generateOrg(spec);
    const key = (event: TallyEvent) => `${event.eventId} ${event.type} ${JSON.stringify(event.data)}`;
    expect(org.events.map(key).sort()).toEqual(plain.events.map(key).sort());
    // Whole seconds: the same occurredAt; milliseconds: the same second.
    const occurredAt = new Map(plain.events.map((event) => [event.eventId, ms(event.occurredAt)]));
    for (const event of org.events) {
      const delta = ms(event.occurredAt) - (occurredAt.get(event.eventId) as number);
      expect(delta).toBeGreaterThanOrEqual(0);
      expect(delta).toBeLessThan(spec.instants === 'milliseconds' ? 1000 : 1);
    }
  });

  it('one recordedAt for the events of a cascade', () => {
    const org = generateOrg({ ...base, events: 6_000, devices: 600 });
    const cancel = org.events.findIndex((event) => event.type === 'UserDeactivated');
    expect(cancel).toBeGreaterThan(0);
    const cascade = org.events
      .slice(cancel)
      .filter((event) => event.occurredAt === org.events[cancel]?.occurredAt);
    for (const event of cascade) expect(event.recordedAt).toBe(org.events[cancel]?.recordedAt);
  });

  it('refuses a late share there are not enough candidates for', () => {
    expect(() => generateOrg({ ...base, lateFraction: 0.9 })).toThrow(/can be late/);
  });
});

describe('generateOrgs', () => {
  it('shares the events among the organizations in one stream, consistent at every k', () => {
    const spec = { ...base, orgs: 7, events: 1_400, devices: 140, lateFraction: 0.02 } as const;
    const log = generateOrgs({ ...spec, instants: 'milliseconds' });
    expect(log.events).toHaveLength(1_400);
    expect(log.orgs.map((org) => org.orgId)).toEqual(Array.from({ length: 7 }, (_, k) => `bench-org-00${k}`));
    const orgs = byOrg(log.events);
    expect([...orgs.keys()].sort()).toEqual(log.orgs.map((org) => org.orgId));
    for (const list of orgs.values()) expect(list.length).toBe(200);
    expect(log.orgs.reduce((sum, org) => sum + org.lateEvents, 0)).toBe(7 * 4);
    expect(bruteForceProblem(log.events)).toBeUndefined();
    expect(findTimelineProblem(log.events)).toBeUndefined();
    // Deterministic from the seed.
    expect(generateOrgs({ ...spec, instants: 'milliseconds' }).events).toEqual(log.events);
  });
});

describe('formatInstant', () => {
  test.prop([fc.integer({ min: 0, max: 4_102_444_800_000 })], { numRuns: 500 })(
    'is epochMsToInstant',
    (epochMs) => {
      expect(formatInstant(epochMs)).toBe(epochMsToInstant(epochMs));
    },
  );
});

describe('findTimelineProblem', () => {
  /** The event at `index` recorded `delayMs` later, moved to its new recordedAt position. */
  function recordedLater(events: readonly TallyEvent[], index: number, delayMs: number): TallyEvent[] {
    const event = events[index] as TallyEvent;
    const recordedMs = ms(event.recordedAt) + delayMs;
    const moved = { ...event, recordedAt: formatInstant(recordedMs) } as TallyEvent;
    const rest = events.filter((_, i) => i !== index);
    const at = rest.findIndex((other) => ms(other.recordedAt) > recordedMs);
    rest.splice(at < 0 ? rest.length : at, 0, moved);
    return rest;
  }

  it('agrees with the brute force on logs with an arbitrary event recorded late', () => {
    const rng = createRng(99);
    const verdicts = { consistent: 0, inconsistent: 0 };
    for (const spec of [
      { ...base, events: 300, devices: 30 },
      { ...base, events: 300, devices: 30, instants: 'milliseconds', lateFraction: 0.03 } as const,
    ]) {
      const org = generateOrg(spec);
      for (let trial = 0; trial < 40; trial++) {
        const index = 2 + rng.below(org.events.length - 2);
        const delayMs = rng.next() < 0.2 ? 1000 * (1 + rng.below(60)) : HOUR_MS * (1 + rng.below(24 * 60));
        const log = recordedLater(org.events, index, delayMs);
        const brute = bruteForceProblem(log);
        const bench = findTimelineProblem(log);
        expect({ index, delayMs, consistent: bench === undefined }).toEqual({
          index,
          delayMs,
          consistent: brute === undefined,
        });
        verdicts[brute === undefined ? 'consistent' : 'inconsistent']++;
      }
    }
    expect(verdicts.consistent).toBeGreaterThan(10);
    expect(verdicts.inconsistent).toBeGreaterThan(10);
  });

  it('finds a history that is only wrong in occurredAt order', () => {
    // d-1 deactivated at 10:00, recorded late, after an archive it created at 11:00: each event
    // follows the ones before it in the stream, but as known at 12:00 the device makes an
    // archive while deactivated.
    const at = (time: string) => `2024-01-01T${time}Z`;
    const event = (type: string, occurred: string, recorded: string, data: unknown, id: string) =>
      ({
        type,
        eventId: id,
        orgId: 'o',
        occurredAt: at(occurred),
        recordedAt: at(recorded),
        data,
      }) as TallyEvent;
    const log = [
      event(
        'OrganizationRegistered',
        '08:00:00',
        '08:00:00',
        {
          name: 'O',
          serialCode: 'O-1',
          billingAccount: 'A',
          timeZone: 'UTC',
          currency: 'USD',
          coldStorage: true,
        },
        'e1',
      ),
      event('DeviceActivated', '09:00:00', '09:00:00', { deviceId: 'd-1', userId: 'u-1' }, 'e2'),
      event('ArchiveCreated', '11:00:00', '11:00:00', { archiveId: 'a-1', deviceId: 'd-1' }, 'e3'),
      event('DeviceDeactivated', '10:00:00', '12:00:00', { deviceId: 'd-1' }, 'e4'),
    ];
    expect(bruteForceProblem(log)).toMatch(/^k 2024-01-01T12:00:00Z, o: /);
    expect(findTimelineProblem(log)).toMatch(/as known at 2024-01-01T12:00:00Z: device d-1/);
  });
});
