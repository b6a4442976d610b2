// Case 3: `tally invoices --events FILE` end to end, as a separate process, with its peak RSS.
// It runs what a user installs, the built `packages/cli/dist/bin.js` (`pnpm build` first), and
// falls back to the sources under tsx only when there is no build; the note names which ran.
// A stale dist/ measures stale code: build before a run that is meant to be recorded.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GeneratedOrg } from './generate.js';
import { absoluteCase, type CaseResult, notRun } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtBin = `${root}packages/cli/dist/bin.js`;
const sourceBin = `${root}packages/cli/src/bin.ts`;

const NAMES = ['3a. tally invoices --events (throughput)', '3b. tally invoices --events (peak RSS)'];

export function cliCases(
  org: GeneratedOrg,
  eventsFile: string,
  eventCount: number,
  runs: number,
): CaseResult[] {
  const command = existsSync(builtBin)
    ? ['node', builtBin]
    : existsSync(sourceBin)
      ? ['node', '--import', 'tsx', sourceBin]
      : undefined;
  if (command === undefined) {
    const why = 'not run: packages/cli has no bin.ts yet';
    return [
      notRun(NAMES[0] as string, 'events/s', '>= 500,000 events/s', why),
      notRun(NAMES[1] as string, 'MB', '< 300 MB', why),
    ];
  }
  const args = [
    ...command.slice(1),
    'invoices',
    '--events',
    eventsFile,
    '--org',
    org.orgId,
    '--from',
    org.startDate,
    '--to',
    org.endDate,
    '--format',
    'jsonl',
  ];
  // A few runs, the median throughput and the largest peak: one run of a whole process on a
  // shared machine moves by ±25%.
  const measured: { seconds: number; peakKb: number; stdout: string }[] = [];
  for (let i = 0; i < runs; i++) {
    const run = measureOnce(command[0] as string, args);
    if (typeof run === 'string') {
      return [
        notRun(NAMES[0] as string, 'events/s', '>= 500,000 events/s', run),
        notRun(NAMES[1] as string, 'MB', '< 300 MB', run),
      ];
    }
    measured.push(run);
  }
  const seconds = median(measured.map((run) => run.seconds));
  const peakKb = Math.max(...measured.map((run) => run.peakKb));
  const stdout = measured[0]?.stdout ?? '';
  const invoices = stdout.split('\n').filter((line) => line.trim() !== '').length;
  const note = `${command.join(' ')}; ${invoices} invoices; median of ${runs} runs`;
  return [
    absoluteCase(NAMES[0] as string, 'events/s', eventCount / seconds, { atLeast: 500_000 }, note),
    absoluteCase(NAMES[1] as string, 'MB', peakKb / 1024, { below: 300 }, note),
  ];
}

/** One run of the command under GNU time: its wall seconds, peak RSS and output, or why not. */
function measureOnce(
  program: string,
  args: readonly string[],
): { seconds: number; peakKb: number; stdout: string } | string {
  const start = performance.now();
  // GNU time reports the child's peak RSS ("Maximum resident set size (kbytes)") on stderr.
  // The child runs as a user would: without the bench's own heap settings (bench/main.ts sets
  // NODE_OPTIONS for itself; inherited, a 64 MB young generation adds ~90 MB to the child's RSS).
  const { NODE_OPTIONS: _benchHeapSettings, ...userEnv } = process.env;
  const run = spawnSync('/usr/bin/time', ['-v', program, ...args], {
    cwd: root,
    env: userEnv,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  const seconds = (performance.now() - start) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '');
  if (run.status !== 0 || rss === null) {
    return `not run: the command failed (exit ${run.status}): ${(run.stderr ?? '').split('\n').slice(0, 3).join(' ')}`;
  }
  return { seconds, peakKb: Number(rss[1]), stdout: run.stdout };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
