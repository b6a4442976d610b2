#!/usr/bin/env node
// The `tally` executable: the process's streams, environment and clock into runTally.
import { epochMsToInstant } from '@tally/domain';
import { runTally } from './cli.js';

const exitCode = await runTally(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => epochMsToInstant(Date.now()),
});
process.exitCode = exitCode;
