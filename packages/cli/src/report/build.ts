// The report of an in-memory log: its one pass, the plan, the prices and counts.
import type { BillingError, TallyEvent } from '@tally/domain';
import type { Either } from './either.js';
import { finishReport } from './finish.js';
import { planReport } from './plan.js';
import { createReportScan } from './scan.js';
import type { ReportData, ReportOptions } from './types.js';

/** Builds the report data of one org for the billing dates `from`..`to`. A stream goes through
 * `createReportScan`, `planReport` and `finishReport` instead. */
export function buildReportData(
  events: Iterable<TallyEvent>,
  options: ReportOptions,
): Either<BillingError, ReportData> {
  const scan = createReportScan(options);
  for (const event of events) scan.push(event);
  const plan = planReport(scan, options);
  return plan._tag === 'Left' ? plan : finishReport(plan.right);
}
