#!/usr/bin/env node
// The `tally` executable: the process's streams, environment and clock into runTally.
import { epochMsToInstant } from '@tally/domain';
import { runTally } from './cli.js';
import { removeLeftovers } from './leftovers.js';

// A closed pipe surfaces as a failed write, which runTally answers; keep the stream's own
// 'error' event from crashing the process first.
process.stdout.on('error', () => {});

// Interrupted (Ctrl-C, a kill): remove the spool of stdin and any FILE.partial, then end as a
// shell reports a signal (128 + its number).
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
] as const) {
  process.once(signal, () => {
    removeLeftovers();
    process.stderr.write(`tally: stopped by ${signal}\n`);
    process.exit(128 + number);
  });
}

const exitCode = await runTally(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => epochMsToInstant(Date.now()),
});
process.exitCode = exitCode;
