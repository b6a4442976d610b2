// The auditor's HTML report (`tally report`): data from the events, then one self-contained page.
export { buildReportData } from './build.js';
export { SERIES_STYLE, type SeriesName } from './chart-svg.js';
export type { Either } from './either.js';
export { finishReport } from './finish.js';
export { escapeHtml } from './html-escape.js';
export { renderReport } from './page.js';
export { planReport, type ReportPlan } from './plan.js';
export { createReportScan, type ReportScan, type ReportScanOptions } from './scan.js';
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
