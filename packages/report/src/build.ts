// The report of a log in one call: its one pass, the plan, the prices and counts, then the page.
import type { BillingError, TallyEvent } from '@tally/domain';
import { type Either, right } from './either.js';
import { finishReport } from './finish.js';
import { renderReport } from './page.js';
import { planReport } from './plan.js';
import { createReportScan, type ReportScan } from './scan.js';
import type { ReportData, ReportOptions } from './types.js';

/** Builds the report data of one org for the billing dates `from`..`to` from events held in
 * memory. A stream goes through `buildReport`, or `createReportScan`, `planReport` and
 * `finishReport` step by step. */
export function buildReportData(
  events: Iterable<TallyEvent>,
  options: ReportOptions,
): Either<BillingError, ReportData> {
  const scan = createReportScan(options);
  for (const event of events) scan.push(event);
  const plan = planReport(scan, options);
  return plan._tag === 'Left' ? plan : finishReport(plan.right);
}

/** The report's HTML page of one org, from an array, an iterable or an async iterable of events
 * (a store's stream, a file read line by line). Events are read once and not kept; other orgs'
 * events are skipped. Left: the org cannot be billed for these dates (the domain's error). */
export async function buildReport(
  events: Iterable<TallyEvent> | AsyncIterable<TallyEvent>,
  options: ReportOptions,
): Promise<Either<BillingError, string>> {
  const scan = createReportScan(options);
  for await (const event of events) scan.push(event);
  return reportPage(scan, options);
}

/** The page of a scan whose pass is done: planReport, finishReport and renderReport in turn. */
export function reportPage(scan: ReportScan, options: ReportOptions): Either<BillingError, string> {
  const plan = planReport(scan, options);
  if (plan._tag === 'Left') return plan;
  const data = finishReport(plan.right);
  return data._tag === 'Left' ? data : right(renderReport(data.right));
}
