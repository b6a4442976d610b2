// After the pass, before pricing: the billing facts and schedule (the domain's planInvoices), the
// chart window and the instants at which the chart samples the counts.
import {
  type BillingError,
  type BillingFacts,
  type BillingSchedule,
  epochMsToInstant,
  type Instant,
  instantToEpochMs,
  planInvoices,
  scheduleInvoices,
  startOfDate,
} from '@tally/domain';
import { addDays } from './chart-scales.js';
import { type Either, right } from './either.js';
import { summarizePlan } from './plan-summary.js';
import type { ReportScan } from './scan.js';
import type { PlanSummary, ReportData, ReportOptions } from './types.js';

export interface ReportPlan {
  readonly options: ReportOptions;
  /** The pass the plan was made from: `finishReport` prices and counts off its timeline. */
  readonly scan: ReportScan;
  readonly facts: BillingFacts;
  readonly orgName: string;
  readonly plan: PlanSummary;
  /** Every billing date priced, including the earlier ones of a yearly term that only carry the
   * allocation into the period (`inRange` false). */
  readonly schedule: BillingSchedule;
  readonly window: ReportData['window'];
  /** Ascending; the first is `window.start`, the rest are the change instants inside the window. */
  readonly sampleInstants: readonly Instant[];
  /** The same instants in epoch ms, ascending and distinct (a large org has a million: made
   * once, not parsed back). */
  readonly sampleMs: readonly number[];
}

/** Plans the report of `scan` (its pass finished) for the dates `from`..`to`. */
export function planReport(scan: ReportScan, options: ReportOptions): Either<BillingError, ReportPlan> {
  const planned = planInvoices(scan.subscriptionEvents, options, (facts) =>
    scheduleInvoices(facts, options.from, options.to),
  );
  if (planned._tag === 'Left') return planned;
  const { facts, schedule } = planned.right;
  // scheduleInvoices checked both dates, so their starts and the day after `to` exist.
  const periodStartMs = instantToEpochMs(startOfDate(options.from, facts.timeZone));
  const endMs = instantToEpochMs(startOfDate(addDays(options.to, 1), facts.timeZone));
  // Widen the window to the left so the tally that decided the period's first invoice shows.
  let startMs = periodStartMs;
  for (const entry of schedule.entries) {
    if (entry.inRange && entry.tallyAt !== null) startMs = Math.min(startMs, instantToEpochMs(entry.tallyAt));
  }
  // A typed array sorts numbers without a comparator call each (a large org has a million).
  const sampleMs = [startMs];
  for (const ms of Float64Array.from(scan.changeInstantsMs()).sort()) {
    if (ms > startMs && ms < endMs) sampleMs.push(ms);
  }

  return right({
    options,
    scan,
    facts,
    orgName: scan.orgName() ?? options.orgId,
    plan: summarizePlan(facts, scan.plan()),
    schedule,
    window: {
      start: epochMsToInstant(startMs),
      periodStart: epochMsToInstant(periodStartMs),
      end: epochMsToInstant(endMs),
    },
    sampleInstants: sampleMs.map(epochMsToInstant),
    sampleMs,
  });
}
