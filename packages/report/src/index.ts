// The public API of @tally/report: the auditor's billing report of one org (the page `tally
// report` writes). `buildReport` gives the page in one call; the steps below it give the data.
export { buildReport, buildReportData, reportPage } from './build.js';
export { downsampleSteps, keptSteps, type StepPoint } from './downsample.js';
export type { Either } from './either.js';
export { finishReport } from './finish.js';
export { renderReport } from './page.js';
export { planReport, type ReportPlan } from './plan.js';
export { createReportScan, type ReportScan, type ReportScanOptions, type SharedTimeline } from './scan.js';
export type {
  AllocationStep,
  BillingMark,
  CountedSeries,
  PlanSummary,
  ReportData,
  ReportOptions,
  SeriesPoint,
  TallyMark,
} from './types.js';
