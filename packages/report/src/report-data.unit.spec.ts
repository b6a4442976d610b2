// The report's data against the domain's own queries: the series against countAt, the tallies
// against the counts they read, the invoices against invoicesBetween, the allocation against the
// yearly rules (docs/billing.md#per-device-yearly).
import { fc, test } from '@fast-check/vitest';
import {
  countAt,
  createLogChecker,
  epochMsToInstant,
  InconsistentEventError,
  type Instant,
  instantToEpochMs,
  invoicesBetween,
  parseMoney,
  startOfDate,
  type TallyEvent,
  toInvoiceJson,
} from '@tally/domain';
import { describe, expect, it } from 'vitest';
import {
  buildHistory,
  dateOfDay,
  historyArb,
  reorderAppends,
  startDayOf,
} from '../../domain/src/billing/history.spec-helper.js';
import { buildReportData, reportPage } from './build.js';
import { finishReport } from './finish.js';
import { renderReport } from './page.js';
import { planReport } from './plan.js';
import { YEARLY_OPTIONS, yearlyHistory } from './report-fixture.spec-helper.js';
import { createReportScan } from './scan.js';
import type { ReportData, ReportOptions, SeriesPoint } from './types.js';

const RUNS = { numRuns: 60 };

function reportOf(events: readonly TallyEvent[], options: ReportOptions): ReportData {
  const result = buildReportData(events, options);
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
}

/** The series' value at t: the last point at or before t (the step function the chart draws). */
function seriesAt(series: readonly SeriesPoint[], t: Instant): SeriesPoint | undefined {
  const ms = instantToEpochMs(t);
  let found: SeriesPoint | undefined;
  for (const point of series) if (instantToEpochMs(point.at) <= ms) found = point;
  return found;
}

const ENTITY_TYPES = new Set([
  'DeviceActivated',
  'DeviceReactivated',
  'DeviceDeactivated',
  'ArchiveCreated',
  'ArchivePurged',
]);

/** Instants worth checking: each change instant inside the window, a millisecond either side,
 * and the window's ends. */
function probeInstants(events: readonly TallyEvent[], data: ReportData): Instant[] {
  const start = instantToEpochMs(data.window.start);
  const end = instantToEpochMs(data.window.end);
  const probes = new Set<number>([start, end - 1]);
  for (const event of events) {
    if (!ENTITY_TYPES.has(event.type)) continue;
    const ms = instantToEpochMs(event.occurredAt);
    for (const probe of [ms - 1, ms, ms + 1]) if (probe >= start && probe < end) probes.add(probe);
  }
  return [...probes].sort((a, b) => a - b).map(epochMsToInstant);
}

describe('report data of the yearly fixture', () => {
  const events = yearlyHistory();
  const data = reportOf(events, YEARLY_OPTIONS);

  it('has the invoices invoicesBetween gives, and their sum as the grand total', () => {
    const expected = invoicesBetween(events, YEARLY_OPTIONS);
    if (expected._tag === 'Left') throw new Error(expected.left.message);
    expect(data.invoices).toEqual(expected.right.map(toInvoiceJson));
    const sum = data.invoices.reduce((total, invoice) => {
      const parsed = parseMoney(invoice.total, 'USD');
      if (parsed._tag === 'Left') throw new Error(parsed.left);
      return total + parsed.right;
    }, 0n);
    expect(parseMoney(data.grandTotal, 'USD')).toEqual({ _tag: 'Right', right: sum });
    expect(data.grandTotal).toBe('809.42');
  });

  it('follows countAt at every change instant and either side of it', () => {
    for (const t of probeInstants(events, data)) {
      const counts = countAt(events, t, { asKnownAt: YEARLY_OPTIONS.asKnownAt });
      const point = seriesAt(data.series, t);
      expect({ t, billable: point?.billableDevices, inUse: point?.licensesInUse }).toEqual({
        t,
        billable: counts.billableDevices,
        inUse: counts.licensesInUse,
      });
    }
  });

  it('draws the allocation the yearly rules give: 2 ordered, +2 and +1 over, 3 on renewal', () => {
    // Hand-computed from docs/billing.md#per-device-yearly: 4 billable at the 2025-07-13 tally (2 over the 2
    // ordered), 5 at 2025-10-13 (1 over 4), 3 billable at the renewal's tally 2026-03-13.
    const start = (date: string) => startOfDate(date, 'America/Los_Angeles');
    expect(data.allocation).toEqual([
      { at: start('2025-03-15'), allocation: 2 },
      { at: start('2025-07-15'), allocation: 4 },
      { at: start('2025-10-15'), allocation: 5 },
      { at: start('2026-03-15'), allocation: 3 },
    ]);
  });

  it('marks a tally per billing date after the first, with the counts at that instant', () => {
    // The first term's allocation is the devices ordered: no tally for 2025-03-15.
    expect(data.tallies.flatMap((tally) => tally.billingDates)).toEqual(
      data.invoices.slice(1).map((invoice) => invoice.billingDate),
    );
    for (const tally of data.tallies) {
      const counts = countAt(events, tally.at, { asKnownAt: YEARLY_OPTIONS.asKnownAt });
      expect(tally.counted).toBe('billableDevices');
      expect([tally.billableDevices, tally.licensesInUse]).toEqual([
        counts.billableDevices,
        counts.licensesInUse,
      ]);
    }
    expect(data.billingDates.map((mark) => mark.date)).toEqual(
      data.invoices.map((invoice) => invoice.billingDate),
    );
  });

  it('is the same streamed through scan, plan and finish with other orgs interleaved', () => {
    const scan = createReportScan(YEARLY_OPTIONS);
    for (const event of events) {
      scan.push({ ...event, orgId: 'other', eventId: `other-${event.eventId}` });
      scan.push(event);
    }
    const plan = planReport(scan, YEARLY_OPTIONS);
    if (plan._tag === 'Left') throw new Error(plan.left.message);
    expect(finishReport(plan.right)).toEqual({ _tag: 'Right', right: data });
  });

  it('throws the domain error at an event of the org that does not fit its timeline', () => {
    const scan = createReportScan(YEARLY_OPTIONS);
    const stray = {
      ...(events[0] as TallyEvent),
      eventId: 'stray',
      type: 'DeviceReactivated',
      data: { deviceId: 'nope' },
    };
    expect(() => scan.push(stray as TallyEvent)).toThrow(InconsistentEventError);
  });

  it('leaves out what was recorded after asKnownAt', () => {
    // As known before the renewal was recorded, the second term does not exist.
    const early = reportOf(events, { ...YEARLY_OPTIONS, asKnownAt: '2026-01-01T00:00:00Z' });
    expect(early.invoices.map((invoice) => invoice.billingDate).at(-1)).toBe('2026-02-15');
    expect(early.allocation?.at(-1)).toEqual({
      at: startOfDate('2026-03-15', 'America/Los_Angeles'),
      allocation: null,
    });
    expect(early.asKnownAt).toBe('2026-01-01T00:00:00Z');
  });
});

describe('report data errors', () => {
  it('names an unknown org', () => {
    const result = buildReportData(yearlyHistory(), { ...YEARLY_OPTIONS, orgId: 'nobody' });
    expect(result._tag === 'Left' && result.left.code).toBe('UnknownOrganization');
    expect(result._tag === 'Left' && result.left.message).toContain('"nobody"');
  });

  it('refuses a period that ends before it starts', () => {
    const result = buildReportData(yearlyHistory(), {
      ...YEARLY_OPTIONS,
      from: '2026-01-01',
      to: '2025-01-01',
    });
    expect(result._tag === 'Left' && result.left.code).toBe('InvalidArgument');
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    const result = buildReportData(yearlyHistory(), { ...YEARLY_OPTIONS, to: '2026-02-30' });
    expect(result._tag === 'Left' && result.left.message).toContain('2026-02-30');
  });
});

// A window somewhere in the generated history: starting up to a month before the start date,
// 1 to 500 days long.
const windowArb = fc.record({
  offset: fc.integer({ min: -40, max: 500 }),
  length: fc.integer({ min: 0, max: 500 }),
});
const knownArb = fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined });

function generated(
  spec: Parameters<typeof buildHistory>[0],
  window: { offset: number; length: number },
  knownDay?: number,
) {
  const history = buildHistory(spec);
  const start = startDayOf(spec);
  const options: ReportOptions = {
    orgId: 'acme',
    from: dateOfDay(start + window.offset),
    to: dateOfDay(start + window.offset + window.length),
    asKnownAt: knownDay === undefined ? '2035-01-01T00:00:00Z' : `${dateOfDay(start + knownDay)}T12:00:00Z`,
  };
  return { history, options, data: reportOf(history.events, options) };
}

describe('report data properties', () => {
  test.prop([historyArb(), windowArb, knownArb], RUNS)(
    'the series is the step function of countAt over the window, one point per change',
    (spec, window, knownDay) => {
      const { history, options, data } = generated(spec, window, knownDay);
      expect(data.series[0]?.at).toBe(data.window.start);
      data.series.forEach((point, i) => {
        const previous = data.series[i - 1];
        if (previous === undefined) return;
        expect(instantToEpochMs(point.at)).toBeGreaterThan(instantToEpochMs(previous.at));
        expect([point.billableDevices, point.licensesInUse]).not.toEqual([
          previous.billableDevices,
          previous.licensesInUse,
        ]);
      });
      for (const t of probeInstants(history.events, data)) {
        const counts = countAt(history.events, t, { asKnownAt: options.asKnownAt });
        const point = seriesAt(data.series, t);
        expect([point?.billableDevices, point?.licensesInUse]).toEqual([
          counts.billableDevices,
          counts.licensesInUse,
        ]);
      }
    },
  );

  test.prop([historyArb(), windowArb, knownArb], RUNS)(
    'invoices are invoicesBetween, tallies read countAt, and the window shows every tally',
    (spec, window, knownDay) => {
      const { history, options, data } = generated(spec, window, knownDay);
      const expected = invoicesBetween(history.events, options);
      if (expected._tag === 'Left') throw new Error(expected.left.message);
      expect(data.invoices).toEqual(expected.right.map(toInvoiceJson));
      const start = instantToEpochMs(data.window.start);
      expect(start).toBeLessThanOrEqual(instantToEpochMs(data.window.periodStart));
      for (const tally of data.tallies) {
        expect(instantToEpochMs(tally.at)).toBeGreaterThanOrEqual(start);
        const counts = countAt(history.events, tally.at, { asKnownAt: options.asKnownAt });
        expect([tally.billableDevices, tally.licensesInUse]).toEqual([
          counts.billableDevices,
          counts.licensesInUse,
        ]);
      }
      // Every tally a line names is marked, for the line's own billing date.
      const marks = new Map(data.tallies.map((tally) => [tally.at, tally.billingDates]));
      for (const invoice of data.invoices) {
        for (const line of invoice.lines) {
          if (line.tallyAt !== null) expect(marks.get(line.tallyAt)).toContain(invoice.billingDate);
        }
      }
      const billed = new Set(data.invoices.map((invoice) => invoice.billingDate));
      for (const tally of data.tallies)
        for (const date of tally.billingDates) expect(billed.has(date)).toBe(true);
    },
  );

  test.prop([historyArb(['yearly']), windowArb, knownArb], RUNS)(
    'the allocation is at least 1, covers the count after every check, and falls only at a term start',
    (spec, window, knownDay) => {
      const { data } = generated(spec, window, knownDay);
      const steps = data.allocation ?? [];
      expect(steps[0]?.at).toBe(data.window.start);
      const allocationAt = (ms: number) => {
        let value: number | null = null;
        for (const step of steps) if (instantToEpochMs(step.at) <= ms) value = step.allocation;
        return value;
      };
      for (const step of steps)
        if (step.allocation !== null) expect(step.allocation).toBeGreaterThanOrEqual(1);
      const termStarts = new Set(
        data.invoices
          .filter((invoice) => invoice.lines.some((line) => line.kind === 'term'))
          .map((invoice) => startOfDate(invoice.billingDate, spec.timeZone)),
      );
      let last: number | null = null;
      for (const step of steps) {
        if (step.allocation !== null && last !== null && step.allocation < last) {
          expect(termStarts.has(step.at)).toBe(true);
        }
        if (step.allocation !== null) last = step.allocation;
        else last = null;
      }
      // After each monthly check (a billing date that is not a term start), the allocation
      // covers the billable devices its tally counted.
      for (const mark of data.billingDates) {
        if (termStarts.has(mark.at)) continue;
        const tally = data.tallies.find((t) => t.billingDates.includes(mark.date));
        if (tally === undefined) continue;
        expect(allocationAt(instantToEpochMs(mark.at))).toBeGreaterThanOrEqual(tally.billableDevices);
      }
    },
  );

  test.prop([historyArb(), windowArb, knownArb], { numRuns: 40 })(
    "a scan that reads the log checker's timeline gives the page of one that folds its own",
    (spec, window, knownDay) => {
      const { history, options, data } = generated(spec, window, knownDay);
      const checker = createLogChecker();
      const scan = createReportScan(options, { timeline: () => checker.stateOf(options.orgId)?.entities });
      // The histories the log checker accepts (it is stricter: no renewal after a cancellation).
      const admitted = history.events.every((event, i) => {
        if (checker.admit(event, i + 1)._tag === 'Left') return false;
        scan.push(event);
        return true;
      });
      fc.pre(admitted);
      expect(reportPage(scan, options)).toEqual({ _tag: 'Right', right: renderReport(data) });
    },
  );

  test.prop([historyArb(), windowArb, fc.array(fc.integer(), { minLength: 1, maxLength: 20 })], {
    numRuns: 40,
  })('the same history in another append order renders the same bytes', (spec, window, keys) => {
    const { history, options, data } = generated(spec, window);
    const again = reportOf(reorderAppends(history.events, keys), options);
    expect(renderReport(again)).toBe(renderReport(data));
  });
});
