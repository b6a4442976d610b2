#!/usr/bin/env node
// Nothing in Tally may depend on today's date (clocks are injected). This runs the examples and
// the tests with the wall clock moved TALLY_CLOCK_SHIFT_YEARS years ahead (default 5) by the
// scripts/shift-clock.mjs preload, passed down through NODE_OPTIONS:
//   1. the preload really moves the clock, in node and under tsx (Date.now(), new Date(), Date());
//   2. examples/quickstart/main.ts and examples/demo/main.ts succeed and print, byte for byte,
//      what they print on the real clock;
//   3. vitest runs the suite (or the paths given as arguments) on the moved clock.
// Usage: node scripts/clock-shift-check.mjs [vitest path filters...]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const years = Number(process.env.TALLY_CLOCK_SHIFT_YEARS ?? '5');
if (!Number.isInteger(years) || years === 0) {
  console.error('clock-shift check: TALLY_CLOCK_SHIFT_YEARS must be a whole number of years other than 0');
  process.exit(2);
}
const moved = years > 0 ? `${years} years ahead` : `${-years} years back`;
const preload = pathToFileURL(join(root, 'scripts', 'shift-clock.mjs')).href;
const realEnv = { ...process.env };
const shiftedEnv = {
  ...process.env,
  TALLY_CLOCK_SHIFT_YEARS: String(years),
  NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${preload}`].filter(Boolean).join(' '),
};

function run(command, args, env, stdio = 'pipe') {
  return spawnSync(command, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio,
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
}

function fail(message) {
  console.error(`\nclock-shift check FAILED: ${message}`);
  process.exit(1);
}

const shift = (ms) => {
  const date = new Date(ms);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.getTime();
};

// 1. The clock the children read is `years` ahead: within the real window of the run, shifted.
const probe =
  'console.log(JSON.stringify([Date.now(), new Date().getTime(), Date(), new Date(0).getTime()]))';
for (const [what, command, args] of [
  ['node', process.execPath, ['-e', probe]],
  ['tsx', bin('tsx'), ['--eval', probe]],
]) {
  const before = Date.now();
  const result = run(command, args, shiftedEnv);
  const after = Date.now();
  if (result.status !== 0) fail(`the ${what} probe exited with ${result.status}:\n${result.stderr}`);
  const [now, constructed, called, epoch] = JSON.parse(result.stdout.trim().split('\n').at(-1));
  const low = shift(before);
  const high = shift(after);
  const within = (ms, slackMs) => ms >= low - slackMs && ms <= high + slackMs;
  if (!within(now, 0) || !within(constructed, 0) || !within(Date.parse(called), 1000) || epoch !== 0) {
    fail(
      `under ${what} the clock did not move ${moved}: Date.now() ${new Date(now).toISOString()}, ` +
        `new Date() ${new Date(constructed).toISOString()}, Date() ${called}, new Date(0) ${epoch}; ` +
        `expected ${new Date(low).toISOString()} to ${new Date(high).toISOString()}`,
    );
  }
  console.log(`clock-shift check: under ${what} the clock reads ${new Date(now).toISOString()} (${moved})`);
}

// 2. The examples print the same on either clock.
for (const example of ['examples/quickstart/main.ts', 'examples/demo/main.ts']) {
  const real = run(bin('tsx'), [example], realEnv);
  const shifted = run(bin('tsx'), [example], shiftedEnv);
  for (const [clock, result] of [
    ['the real clock', real],
    ['the moved clock', shifted],
  ]) {
    if (result.status !== 0) fail(`${example} exited with ${result.status} on ${clock}:\n${result.stderr}`);
  }
  if (shifted.stdout !== real.stdout) {
    const realLines = real.stdout.split('\n');
    const movedLines = shifted.stdout.split('\n');
    const line = realLines.findIndex((text, index) => text !== movedLines[index]);
    fail(
      `${example} printed something else ${moved}; first difference at line ${line + 1}:\n` +
        `  real clock:  ${realLines[line]}\n  moved clock: ${movedLines[line]}`,
    );
  }
  console.log(`clock-shift check: ${example} prints the same ${moved}`);
}

// 3. The tests.
const filters = process.argv.slice(2);
console.log(`clock-shift check: vitest run ${filters.join(' ') || '(the whole suite)'} ${moved}`);
const tests = run(bin('vitest'), ['run', ...filters], shiftedEnv, 'inherit');
if (tests.status !== 0) fail(`vitest failed ${moved} (exit status ${tests.status})`);
console.log('clock-shift check passed');
