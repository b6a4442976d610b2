// The one-pass scan of file-invoices.ts (flat entity state, counts timeline, lines read here or
// in a worker thread) must give exactly the invoices of the log checker with a separate snapshot
// counter and of the domain's invoicesBetween, on logs the timeline can answer, on logs that
// make it fall back (backdated events, events recorded late), and refuse a bad log with the
// checker's own words.
import { fc, test } from '@fast-check/vitest';
import {
  epochMsToInstant,
  instantToEpochMs,
  invoicesBetween,
  serializeEvent,
  serializeInvoice,
  type TallyEvent,
} from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../fixtures/sample-log.spec-helper.js';
import type { EventFile } from './event-file.js';
import { invoicesFromFile, type ReadingMode } from './file-invoices.js';
import { scanFile } from './file-scan.js';
import { silentProgress } from './progress.js';

const ORG = 'acme';
const OPTIONS = { orgId: ORG, from: '2026-01-09', to: '2026-07-09', asKnownAt: '2026-12-01T00:00:00Z' };
const LATE = '2026-12-05T00:00:00Z';
const MINUTE = 60_000;

interface Step {
  readonly op: 'activate' | 'deactivate' | 'reactivate' | 'archive' | 'purge';
  readonly pick: number;
  /** Minutes since the step before. */
  readonly gap: number;
}

/** A consistent log of acme (and a few events of another org, earlier in time, that must not
 * matter): each step that does not fit the state so far is skipped. Events in occurredAt order,
 * each recorded 5 seconds after it occurred. */
function buildLog(steps: readonly Step[]): TallyEvent[] {
  let sequence = 0;
  const envelope = (orgId: string, ms: number) => ({
    eventId: `${orgId}-${++sequence}`,
    orgId,
    occurredAt: epochMsToInstant(ms),
    recordedAt: epochMsToInstant(ms + 5000),
  });
  const registration = (orgId: string, ms: number): TallyEvent => ({
    ...envelope(orgId, ms),
    type: 'OrganizationRegistered',
    data: {
      name: orgId,
      serialCode: `${orgId}-1`,
      billingAccount: 'BA-1',
      timeZone: 'America/Los_Angeles',
      currency: 'USD',
      coldStorage: true,
    },
  });
  let ms = instantToEpochMs('2026-01-02T17:00:00Z');
  const events: TallyEvent[] = [
    registration(ORG, ms),
    {
      ...envelope(ORG, ms + MINUTE),
      type: 'SubscriptionStarted',
      data: {
        startDate: '2026-01-09',
        plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
      },
    },
    registration('other', ms - 40 * 24 * 60 * MINUTE),
    {
      ...envelope('other', ms - 39 * 24 * 60 * MINUTE),
      type: 'DeviceActivated',
      data: { deviceId: 'o-1', userId: 'ou-1' },
    },
  ];
  const devices: { id: string; active: boolean }[] = [];
  const archives: { id: string; retained: boolean }[] = [];
  const pick = <T>(from: readonly T[], n: number): T | undefined =>
    from.length === 0 ? undefined : from[n % from.length];
  for (const step of steps) {
    ms += step.gap * MINUTE;
    const at = envelope(ORG, ms);
    switch (step.op) {
      case 'activate': {
        const id = `d-${devices.length + 1}`;
        devices.push({ id, active: true });
        events.push({ ...at, type: 'DeviceActivated', data: { deviceId: id, userId: `u-${step.pick % 3}` } });
        break;
      }
      case 'deactivate':
      case 'reactivate': {
        const wanted = step.op === 'reactivate';
        const device = pick(
          devices.filter((d) => d.active !== wanted),
          step.pick,
        );
        if (device === undefined) break;
        device.active = wanted;
        events.push({
          ...at,
          type: wanted ? 'DeviceReactivated' : 'DeviceDeactivated',
          data: { deviceId: device.id },
        });
        break;
      }
      case 'archive': {
        const device = pick(
          devices.filter((d) => d.active),
          step.pick,
        );
        if (device === undefined) break;
        const id = `a-${archives.length + 1}`;
        archives.push({ id, retained: true });
        events.push({ ...at, type: 'ArchiveCreated', data: { archiveId: id, deviceId: device.id } });
        break;
      }
      case 'purge': {
        const archive = pick(
          archives.filter((a) => a.retained),
          step.pick,
        );
        if (archive === undefined) break;
        archive.retained = false;
        events.push({
          ...at,
          type: 'ArchivePurged',
          data: { archiveId: archive.id, reason: 'cold-storage-purge' },
        });
        break;
      }
    }
  }
  return events;
}

const arbStep: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom('activate', 'activate', 'deactivate', 'reactivate', 'archive', 'purge'),
  pick: fc.nat(),
  gap: fc.integer({ min: 1, max: 8 * 24 * 60 }),
});

/** acme's device and archive events (positions in `events`). */
const entityPositions = (events: readonly TallyEvent[]): number[] =>
  events.flatMap((e, i) => (e.orgId === ORG && /^(Device|Archive)/.test(e.type) ? [i] : []));

/** The log with acme's `nth` entity event moved `days` earlier in occurredAt (same file place). */
function backdate(events: readonly TallyEvent[], nth: number, days: number): TallyEvent[] {
  const positions = entityPositions(events);
  const at = positions[nth % positions.length] as number;
  return events.map((e, i) =>
    i === at
      ? { ...e, occurredAt: epochMsToInstant(instantToEpochMs(e.occurredAt) - days * 24 * 60 * MINUTE) }
      : e,
  );
}

/** The log with acme's `nth` entity event recorded after asKnownAt. */
function recordLate(events: readonly TallyEvent[], nth: number): TallyEvent[] {
  const positions = entityPositions(events);
  const at = positions[nth % positions.length] as number;
  return events.map((e, i) => (i === at ? { ...e, recordedAt: LATE } : e));
}

async function eventFile(lines: string): Promise<EventFile> {
  const path = await tempFile('log.jsonl', lines);
  return { path, name: 'log.jsonl', dispose: async () => {} };
}

/** The events as JSONL; the lines whose positions are in `spaced` in another spelling (spaces
 * after the separators), which the byte reader leaves to the codecs. */
const jsonl = (events: readonly TallyEvent[], spaced: ReadonlySet<number> = new Set()) =>
  events
    .map(
      (e, i) =>
        `${spaced.has(i) ? JSON.stringify(JSON.parse(serializeEvent(e)), null, 1).replace(/\n/g, '') : serializeEvent(e)}\n`,
    )
    .join('');

/** invoicesFromFile's answer as text: the invoices serialized, the billing error, or the throw. */
async function fileAnswer(file: EventFile, reading: ReadingMode): Promise<string> {
  try {
    const answer = await invoicesFromFile(file, { ...OPTIONS, reading });
    return answer._tag === 'Left'
      ? `billing error: ${answer.left.message}`
      : answer.right.map((invoice) => serializeInvoice(invoice)).join('\n');
  } catch (error) {
    return `thrown: ${(error as Error).message}`;
  }
}

function domainAnswer(events: readonly TallyEvent[]): string {
  const answer = invoicesBetween(events, OPTIONS);
  return answer._tag === 'Left'
    ? `billing error: ${answer.left.message}`
    : answer.right.map((invoice) => serializeInvoice(invoice)).join('\n');
}

/** Whether the scan's timeline cannot answer for these instants (undefined: the scan refused). */
async function timelineGivesUp(file: EventFile, instants: readonly string[]): Promise<boolean | undefined> {
  const scanned = await scanFile(file, { ...OPTIONS, keep: new Set(), reading: 'here' }, silentProgress);
  return scanned === undefined ? undefined : scanned.timeline.countsAt(instants) === undefined;
}

/** acme's tally instants for the range: the first of each month's billing date, 48 h before. */
const SOME_INSTANTS = ['2026-02-07T08:00:00Z', '2026-03-07T08:00:00Z', '2026-04-07T07:00:00Z'];

/** Four months of steady activity, every kind of step, in occurredAt order. */
const STEADY: Step[] = Array.from({ length: 60 }, (_, i) => ({
  op: (['activate', 'archive', 'activate', 'deactivate', 'reactivate', 'purge'] as const)[
    i % 6
  ] as Step['op'],
  pick: i * 7,
  gap: 2 * 24 * 60 + i,
}));

describe('the one-pass scan', () => {
  it('answers from the timeline on an in-order log with the invoices of invoicesBetween', async () => {
    const events = buildLog(STEADY);
    const file = await eventFile(jsonl(events));
    expect(await timelineGivesUp(file, SOME_INSTANTS)).toBe(false);
    const scanned = await fileAnswer(file, 'here');
    expect(scanned).not.toMatch(/^(thrown|billing error)/);
    expect(scanned.split('\n')).toHaveLength(7);
    expect(scanned).toBe(await fileAnswer(file, 'separate'));
    expect(scanned).toBe(domainAnswer(events));
  });

  it('falls back on a backdated event and still gives the same invoices', async () => {
    const events = backdate(buildLog(STEADY), 30, 45);
    const file = await eventFile(jsonl(events));
    expect(await timelineGivesUp(file, SOME_INSTANTS)).toBe(true);
    const scanned = await fileAnswer(file, 'here');
    expect(scanned).not.toMatch(/^(thrown|billing error)/);
    expect(scanned).toBe(await fileAnswer(file, 'separate'));
    expect(scanned).toBe(domainAnswer(events));
    // The backdated event changes what is counted, so the fallback is not a no-op here.
    expect(scanned).not.toBe(domainAnswer(buildLog(STEADY)));
  });

  it('falls back on an event recorded after asKnownAt and still gives the same invoices', async () => {
    const events = recordLate(buildLog(STEADY), 2);
    const file = await eventFile(jsonl(events));
    expect(await timelineGivesUp(file, SOME_INSTANTS)).toBe(true);
    const scanned = await fileAnswer(file, 'here');
    expect(scanned).not.toMatch(/^(thrown|billing error)/);
    expect(scanned).toBe(await fileAnswer(file, 'separate'));
    expect(scanned).toBe(domainAnswer(events));
    expect(scanned).not.toBe(domainAnswer(buildLog(STEADY)));
  });

  it('reports a bad line after the fallback point exactly as a single pass does', async () => {
    const events = backdate(buildLog(STEADY), 10, 45);
    const duplicate = { ...(events.at(-1) as TallyEvent), eventId: (events[5] as TallyEvent).eventId };
    const file = await eventFile(`${jsonl(events)}${serializeEvent(duplicate)}\n`);
    const scanned = await fileAnswer(file, 'here');
    expect(scanned).toMatch(/^thrown: .*already used at log\.jsonl:6/);
    expect(await fileAnswer(file, 'worker')).toBe(scanned);
    expect(scanned).toBe(await fileAnswer(file, 'separate'));
  });

  test.prop(
    [
      fc.array(arbStep, { minLength: 1, maxLength: 50 }),
      fc.array(
        fc.record({
          shape: fc.constantFrom('backdated', 'recorded late'),
          nth: fc.nat(),
          days: fc.integer({ min: 1, max: 90 }),
        }),
        { maxLength: 3 },
      ),
      fc.array(fc.nat(), { maxLength: 4 }),
    ],
    { numRuns: 40 },
  )(
    'gives the invoices of a separate counter and of invoicesBetween on any log',
    async (steps, changes, spacedPicks) => {
      let events = buildLog(steps);
      if (entityPositions(events).length > 0) {
        for (const { shape, nth, days } of changes) {
          events = shape === 'backdated' ? backdate(events, nth, days) : recordLate(events, nth);
        }
      }
      const spaced = new Set(spacedPicks.map((pick) => pick % events.length));
      const file = await eventFile(jsonl(events, spaced));
      const scanned = await fileAnswer(file, 'here');
      expect(scanned).toBe(await fileAnswer(file, 'separate'));
      expect(scanned).toBe(domainAnswer(events));
    },
  );

  test.prop(
    [
      fc.array(arbStep, { minLength: 1, maxLength: 40 }),
      fc.constantFrom(
        'unknown device',
        'activate again',
        'purge again',
        'repeat an event id',
        'before registration',
      ),
      fc.nat(),
      fc.boolean(),
    ],
    { numRuns: 40 },
  )('refuses a bad log with the words of the log checker', async (steps, bad, at, spacedBad) => {
    const events = buildLog(steps);
    const position = 1 + (at % events.length);
    const entity = entityPositions(events);
    const template = events[entity[at % Math.max(1, entity.length)] ?? events.length - 1] as TallyEvent;
    const envelope = {
      eventId: `bad-${at}`,
      orgId: ORG,
      occurredAt: template.occurredAt,
      recordedAt: template.recordedAt,
    };
    const inserted: TallyEvent =
      bad === 'unknown device'
        ? { ...envelope, type: 'DeviceDeactivated', data: { deviceId: 'd-never' } }
        : bad === 'repeat an event id' || template.type === 'OrganizationRegistered'
          ? { ...template, eventId: (events[0] as TallyEvent).eventId }
          : bad === 'before registration'
            ? { ...envelope, type: 'DeviceActivated', data: { deviceId: 'd-early', userId: 'u-0' } }
            : { ...template, eventId: envelope.eventId };
    const withBad =
      bad === 'before registration'
        ? [inserted, ...events]
        : [...events.slice(0, position), inserted, ...events.slice(position)];
    const badAt = bad === 'before registration' ? 0 : position;
    const file = await eventFile(jsonl(withBad, spacedBad ? new Set([badAt]) : new Set()));
    const separate = await fileAnswer(file, 'separate');
    expect(await fileAnswer(file, 'here')).toBe(separate);
    expect(await fileAnswer(file, 'worker')).toBe(separate);
    if (bad === 'unknown device' || bad === 'before registration' || bad === 'repeat an event id') {
      expect(separate).toMatch(/^thrown: log\.jsonl:\d+: /);
    }
  });
});
