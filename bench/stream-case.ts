// Case 11: `tally export` to stdout and `tally verify` (no checkpoint) stream at any size
// (issue 13's targets): each within 3x the time of `tally invoices` on the same file, and below
// 300 MB peak RSS. Child processes on the plain file (verify on its sealed export, written
// first and not timed), the commands in turn; stdout goes to /dev/null so that the bench does not
// hold the export in memory.
import { join } from 'node:path';
import { cliCommand, type Measured, measureOnce, median } from './cli-case.js';
import type { GeneratedOrg } from './generate.js';
import { absoluteCase, type CaseResult, notRun, ratioCase } from './report.js';

const MAX_RATIO = 3;
const PEAK_MB = 300;

const names = {
  exportRatio: '11a. tally export (stdout) vs tally invoices',
  verifyRatio: '11b. tally verify vs tally invoices',
  peak: '11c. export / verify (peak RSS)',
};

export async function streamCases(
  dir: string,
  plainFile: string,
  org: GeneratedOrg,
  runs: number,
): Promise<CaseResult[]> {
  const command = cliCommand();
  const failed = (why: string): CaseResult[] => [
    notRun(names.exportRatio, 's', `ratio <= ${MAX_RATIO}`, why),
    notRun(names.verifyRatio, 's', `ratio <= ${MAX_RATIO}`, why),
    notRun(names.peak, 'MB', `< ${PEAK_MB} MB`, why),
  ];
  if (command === undefined) return failed('not run: packages/cli has no bin.ts yet');
  // `exec` keeps the command's own process under GNU time; only its stdout is sent away.
  const tally = (...args: string[]) =>
    measureOnce('sh', ['-c', 'exec "$0" "$@" > /dev/null', ...command, ...args]);
  const sealed = join(dir, 'plain.sealed.jsonl');
  const setup = await tally('export', plainFile, '--org', org.orgId, '--out', sealed, '--quiet');
  if (typeof setup === 'string') return failed(`tally export --out: ${setup}`);
  const commands: Record<string, string[]> = {
    invoices: [
      'invoices',
      plainFile,
      '--org',
      org.orgId,
      '--from',
      org.startDate,
      '--to',
      org.endDate,
      '--format',
      'jsonl',
      '--quiet',
    ],
    export: ['export', plainFile, '--org', org.orgId, '--quiet'],
    verify: ['verify', sealed, '--quiet'],
  };
  const measured: Record<string, Measured[]> = { invoices: [], export: [], verify: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, args] of Object.entries(commands)) {
      const result = await tally(...args);
      if (typeof result === 'string') return failed(`tally ${name}: ${result}`);
      measured[name]?.push(result);
    }
  }
  const seconds = (name: string) => median((measured[name] as Measured[]).map((m) => m.seconds));
  const peakMb = (name: string) => Math.max(...(measured[name] as Measured[]).map((m) => m.peakKb)) / 1024;
  const events = `${org.events.length} events; median of ${runs} runs, the commands in turn`;
  return [
    ratioCase(
      names.exportRatio,
      's',
      seconds('export'),
      seconds('invoices'),
      MAX_RATIO,
      `${events}; peak ${peakMb('export').toFixed(0)} MB`,
    ),
    ratioCase(
      names.verifyRatio,
      's',
      seconds('verify'),
      seconds('invoices'),
      MAX_RATIO,
      `${events}; peak ${peakMb('verify').toFixed(0)} MB`,
    ),
    absoluteCase(
      names.peak,
      'MB',
      Math.max(peakMb('export'), peakMb('verify')),
      { below: PEAK_MB },
      `invoices: ${peakMb('invoices').toFixed(0)} MB`,
    ),
  ];
}
