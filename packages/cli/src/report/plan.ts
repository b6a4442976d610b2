// Between the two passes of a report: from what the first pass kept, the billing facts, the
// schedule, the chart window and every instant the counting pass must count at.
import {
  type BillingError,
  type BillingFacts,
  type BillingSchedule,
  collectBillingFacts,
  epochMsToInstant,
  type Instant,
  instantToEpochMs,
  scheduleInvoices,
  startOfDate,
} from '@tally/domain';
import { addDays } from './civil-days.js';
import { type Either, right } from './either.js';
import { summarizePlan } from './plan-summary.js';
import type { ReportScan } from './scan.js';
import type { PlanSummary, ReportData, ReportOptions } from './types.js';

export interface ReportPlan {
  readonly options: ReportOptions;
  readonly facts: BillingFacts;
  readonly orgName: string;
  readonly plan: PlanSummary;
  /** Every billing date priced, including the earlier ones of a yearly term that only carry the
   * allocation into the period (`inRange` false). */
  readonly schedule: BillingSchedule;
  readonly window: ReportData['window'];
  /** Ascending; the first is `window.start`, the rest are the change instants inside the window. */
  readonly sampleInstants: readonly Instant[];
  /** Every instant to count at, distinct: feed them to `createSnapshotCounter(instants,
   * { asKnownAt })` (or `countsAt`) and pass the result to `finishReport`. */
  readonly instants: readonly Instant[];
}

/** Plans the report of `scan` (the first pass, finished) for the dates `from`..`to`. */
export function planReport(scan: ReportScan, options: ReportOptions): Either<BillingError, ReportPlan> {
  const facts = collectBillingFacts(scan.subscriptionEvents, options);
  if (facts._tag === 'Left') return facts;
  const schedule = scheduleInvoices(facts.right, options.from, options.to);
  if (schedule._tag === 'Left') return schedule;
  // scheduleInvoices checked both dates, so their starts and the day after `to` exist.
  const { timeZone } = facts.right;
  const periodStartMs = instantToEpochMs(startOfDate(options.from, timeZone));
  const endMs = instantToEpochMs(startOfDate(addDays(options.to, 1), timeZone));
  // Widen the window to the left so the tally that decided the period's first invoice shows.
  let startMs = periodStartMs;
  for (const entry of schedule.right.entries) {
    if (entry.inRange && entry.tallyAt !== null) startMs = Math.min(startMs, instantToEpochMs(entry.tallyAt));
  }

  const inside = [...scan.changeInstantsMs()]
    .filter((ms) => ms > startMs && ms < endMs)
    .sort((a, b) => a - b);
  const sampleInstants = [startMs, ...inside].map(epochMsToInstant);
  const seen = new Set<number>();
  const instants: Instant[] = [];
  for (const instant of [...schedule.right.tallyInstants, ...sampleInstants]) {
    const ms = instantToEpochMs(instant);
    if (seen.has(ms)) continue;
    seen.add(ms);
    instants.push(instant);
  }

  return right({
    options,
    facts: facts.right,
    orgName: scan.orgName() ?? options.orgId,
    plan: summarizePlan(facts.right, scan.plan()),
    schedule: schedule.right,
    window: {
      start: epochMsToInstant(startMs),
      periodStart: epochMsToInstant(periodStartMs),
      end: epochMsToInstant(endMs),
    },
    sampleInstants,
    instants,
  });
}
