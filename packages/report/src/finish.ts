// After the plan: the domain prices the invoices off the scan's timeline (invoicesOfTimeline),
// the counts at the chart's samples and tallies come off the same timeline (countsAtBoundaries,
// countsOfTimeline), and they become the chart's series, the allocation steps and the marks of
// tallies and billing dates.
import {
  type BillingError,
  type BoundaryCounts,
  type CivilDate,
  type Counts,
  countsAtBoundaries,
  countsOfTimeline,
  epochMsToInstant,
  formatMoney,
  type Instant,
  type Invoice,
  instantToEpochMs,
  invoicesOfTimeline,
  type ScheduledBilling,
  startOfDate,
  toInvoiceJson,
} from '@tally/domain';
import { type Either, right } from './either.js';
import type { ReportPlan } from './plan.js';
import type { AllocationStep, BillingMark, ReportData, SeriesPoint, TallyMark } from './types.js';

export function finishReport(plan: ReportPlan): Either<BillingError, ReportData> {
  const { facts, schedule, scan } = plan;
  // Price every entry, the yearly term's earlier dates too, so the allocation is known throughout.
  const everyEntry = { ...schedule, entries: schedule.entries.map((entry) => ({ ...entry, inRange: true })) };
  const priced = invoicesOfTimeline(scan.timeline, scan.subscriptionEvents, plan.options, () =>
    right(everyEntry),
  );
  if (priced._tag === 'Left') return priced;
  const entries = schedule.entries;
  const invoices = priced.right;
  const inRange = invoices.filter((_, i) => (entries[i] as ScheduledBilling).inRange);

  const tallies = talliesOf(entries);
  const knownMs = instantToEpochMs(facts.asKnownAt);
  // The samples are ascending and distinct already: the sweep takes them as they are.
  const sampled = countsAtBoundaries(scan.timeline, plan.sampleMs, knownMs);
  const tallyCounts = countsOfTimeline(
    scan.timeline,
    tallies.map((tally) => tally.at),
    tallies.map((tally) => instantToEpochMs(tally.at)),
    knownMs,
  );
  const counted = facts.billing.model === 'per-user' ? 'licensesInUse' : 'billableDevices';

  const total = inRange.reduce((sum, invoice) => sum + invoice.total, 0n);
  return right({
    orgId: facts.orgId,
    orgName: plan.orgName,
    timeZone: facts.timeZone,
    currency: facts.currency,
    plan: plan.plan,
    period: { from: plan.options.from, to: plan.options.to },
    asKnownAt: facts.asKnownAt,
    window: plan.window,
    series: seriesOf(plan.sampleInstants, sampled),
    allocation: facts.billing.model === 'per-device-yearly' ? allocationOf(plan, entries, invoices) : null,
    tallies: tallies.map(({ at, billingDates }, i) => {
      const { billableDevices, licensesInUse } = tallyCounts[i] as Counts;
      return { at, billingDates, counted, billableDevices, licensesInUse };
    }),
    billingDates: billingMarksOf(plan, inRange),
    invoices: inRange.map(toInvoiceJson),
    issued: scan.issuedInvoices.filter(
      (invoice) => invoice.billingDate >= plan.options.from && invoice.billingDate <= plan.options.to,
    ),
    grandTotal: formatMoney(total, facts.currency),
  });
}

/** One point per change: samples whose two counts equal the previous point's are dropped. */
function seriesOf(instants: readonly Instant[], samples: readonly BoundaryCounts[]): SeriesPoint[] {
  const series: SeriesPoint[] = [];
  for (let i = 0; i < samples.length; i++) {
    const { billableDevices, licensesInUse } = samples[i] as BoundaryCounts;
    const at = instants[i] as Instant;
    const last = series.at(-1);
    if (last?.billableDevices === billableDevices && last.licensesInUse === licensesInUse) continue;
    series.push({ at, billableDevices, licensesInUse });
  }
  return series;
}

/** The allocation as the invoices set it: a term line sets it from the term's start, an overage
 * line raises it from its billing date; it ends with a term that is not followed by another. */
function allocationOf(
  plan: ReportPlan,
  entries: readonly ScheduledBilling[],
  invoices: readonly Invoice[],
): AllocationStep[] {
  const { timeZone } = plan.facts;
  const steps: { ms: number; allocation: number | null }[] = [];
  let allocation: number | null = null;
  let termEnd: string | null = null;
  const set = (ms: number, value: number | null) => {
    const last = steps.at(-1);
    if (last !== undefined && last.ms === ms) last.allocation = value;
    else steps.push({ ms, allocation: value });
    allocation = value;
  };
  invoices.forEach((invoice, i) => {
    const entry = entries[i] as ScheduledBilling;
    if (termEnd !== null && entry.kind === 'term-start' && entry.billingDate !== termEnd) {
      set(instantToEpochMs(startOfDate(termEnd, timeZone)), null);
    }
    const atMs = instantToEpochMs(startOfDate(invoice.billingDate, timeZone));
    for (const line of invoice.lines) {
      if (line.kind === 'term') set(atMs, line.quantity);
      else if (line.kind === 'overage') set(atMs, (allocation ?? 0) + line.quantity);
    }
    if (entry.kind === 'term-start') termEnd = entry.term.end;
  });
  if (termEnd !== null) set(instantToEpochMs(startOfDate(termEnd, timeZone)), null);
  return clipSteps(steps, plan.window);
}

/** The steps seen in the window: the value in force at its start, then the changes inside it. */
function clipSteps(
  steps: readonly { ms: number; allocation: number | null }[],
  window: ReportData['window'],
): AllocationStep[] {
  const startMs = instantToEpochMs(window.start);
  const endMs = instantToEpochMs(window.end);
  let atStart: number | null = null;
  const inside: AllocationStep[] = [];
  for (const step of steps) {
    if (step.ms <= startMs) atStart = step.allocation;
    else if (step.ms < endMs) inside.push({ at: epochMsToInstant(step.ms), allocation: step.allocation });
  }
  return [{ at: window.start, allocation: atStart }, ...inside];
}

/** The tally instants of the period's invoices, ascending, each with the dates it decided. */
function talliesOf(entries: readonly ScheduledBilling[]): Pick<TallyMark, 'at' | 'billingDates'>[] {
  const byInstant = new Map<Instant, CivilDate[]>();
  for (const entry of entries) {
    if (!entry.inRange || entry.tallyAt === null) continue;
    const dates = byInstant.get(entry.tallyAt) ?? [];
    dates.push(entry.billingDate);
    byInstant.set(entry.tallyAt, dates);
  }
  return [...byInstant.entries()]
    .sort(([a], [b]) => instantToEpochMs(a) - instantToEpochMs(b))
    .map(([at, billingDates]) => ({ at, billingDates }));
}

function billingMarksOf(plan: ReportPlan, invoices: readonly Invoice[]): BillingMark[] {
  return invoices.map((invoice) => ({
    date: invoice.billingDate,
    at: startOfDate(invoice.billingDate, plan.facts.timeZone),
    total: formatMoney(invoice.total, invoice.currency),
  }));
}
