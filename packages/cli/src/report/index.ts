// The auditor's HTML report (`tally report`): data from the events, then one self-contained page.
export { buildReportData } from './build.js';
export { finishReport } from './finish.js';
export { renderReport } from './page.js';
export { planReport, type ReportPlan } from './plan.js';
export { createReportScan, type ReportScan, type ReportScanOptions } from './scan.js';
export type { ReportData, ReportOptions } from './types.js';
