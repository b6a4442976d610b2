#!/usr/bin/env node
// Prints `N passed, N failed` from a vitest JSON report. A failed run is never reported with
// zero failures: a suite that failed to load, or a missing report, counts as one.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath = '.vitest-report.json', exitStatus = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  if (failed === 0 && (report.numFailedTestSuites ?? 0) > 0) failed = 1;
}
if (exitStatus !== '0' && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
