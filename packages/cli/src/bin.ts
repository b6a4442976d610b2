#!/usr/bin/env node
// The `tally` executable: the process's streams, environment and clock into runTally.
import { epochMsToInstant } from '@tally/domain';
import { runTally } from './cli.js';

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
