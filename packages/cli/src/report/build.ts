// The report of an in-memory (re-iterable) log: the scan pass, then one counting pass.
import { type BillingError, createSnapshotCounter, type TallyEvent } from '@tally/domain';
import type { Either } from './either.js';
import { finishReport } from './finish.js';
import { planReport } from './plan.js';
import { createReportScan } from './scan.js';
import type { ReportData, ReportOptions } from './types.js';

/** Builds the report data of one org for the billing dates `from`..`to`. The events are iterated
 * twice, so pass something that can be (an array); a stream goes through `createReportScan`,
 * `planReport`, `createSnapshotCounter(plan.instants, { asKnownAt })` and `finishReport` instead. */
export function buildReportData(
  events: Iterable<TallyEvent>,
  options: ReportOptions,
): Either<BillingError, ReportData> {
  const scan = createReportScan(options);
  for (const event of events) scan.push(event);
  const plan = planReport(scan, options);
  if (plan._tag === 'Left') return plan;
  const counter = createSnapshotCounter(plan.right.instants, { asKnownAt: options.asKnownAt });
  for (const event of events) if (event.orgId === options.orgId) counter.push(event);
  return finishReport(plan.right, counter.result());
}
