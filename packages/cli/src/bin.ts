#!/usr/bin/env node
// The `tally` executable: the process's streams, environment and clock into runTally. The rest
// of the command line is loaded only after the reading thread of a large `invoices --events`
// has been started (input/early-scan.ts), so that loading and reading overlap.
import { startEarlyScan } from './input/early-scan.js';

startEarlyScan(process.argv.slice(2));
const [{ epochMsToInstant }, { runTally }] = await Promise.all([import('@tally/domain'), import('./cli.js')]);

// A closed pipe surfaces as a failed write, which runTally answers; keep the stream's own
// 'error' event from crashing the process first.
process.stdout.on('error', () => {});

const exitCode = await runTally(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => epochMsToInstant(Date.now()),
});
process.exitCode = exitCode;
