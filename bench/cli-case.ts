// Case 3: `tally invoices --events FILE` end to end, as a separate process, with its peak RSS,
// on the plain file and on its variants (bench/generate.ts options). It runs what a user
// installs, the built `packages/cli/dist/bin.js` (`pnpm build` first), and falls back to the
// sources under tsx when there is no build or TALLY_BENCH_CLI=source; the note names which
// ran. A stale dist/ measures stale code: build before a run that is meant to be recorded.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { absoluteCase, type CaseResult, notRun, ratioCase } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtBin = `${root}packages/cli/dist/bin.js`;
const sourceBin = `${root}packages/cli/src/bin.ts`;

/** The CLI as a command line (program first), or undefined when there is none.
 * `TALLY_BENCH_CLI=source` runs the sources even when there is a build (a dist/ that is stale
 * or half built while the sources are being edited). */
export function cliCommand(): string[] | undefined {
  if (process.env.TALLY_BENCH_CLI === 'source' && existsSync(sourceBin)) {
    return ['node', '--import', 'tsx', sourceBin];
  }
  if (existsSync(builtBin)) return ['node', builtBin];
  if (existsSync(sourceBin)) return ['node', '--import', 'tsx', sourceBin];
  return undefined;
}

export interface Measured {
  readonly seconds: number;
  readonly peakKb: number;
  readonly stdout: string;
}

/** One run of the command under GNU time: its wall seconds, peak RSS and output, or why not.
 * Asynchronous, so that a server in this process (the EventStoreDB test server) keeps serving. */
export function measureOnce(program: string, args: readonly string[]): Promise<Measured | string> {
  // GNU time reports the child's peak RSS ("Maximum resident set size (kbytes)") on stderr.
  // The child runs as a user would: without the bench's own heap settings (bench/main.ts sets
  // NODE_OPTIONS for itself; inherited, a 64 MB young generation adds ~90 MB to the child's RSS).
  const { NODE_OPTIONS: _benchHeapSettings, ...userEnv } = process.env;
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn('/usr/bin/time', ['-v', program, ...args], { cwd: root, env: userEnv });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => resolve(`not run: ${error.message}`));
    child.on('close', (status) => {
      const seconds = (performance.now() - start) / 1000;
      const err = Buffer.concat(stderr).toString('utf8');
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      if (status !== 0 || rss === null) {
        resolve(`not run: the command failed (exit ${status}): ${err.split('\n').slice(0, 3).join(' ')}`);
        return;
      }
      resolve({ seconds, peakKb: Number(rss[1]), stdout: Buffer.concat(stdout).toString('utf8') });
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Invoices as JSONL without `asKnownAt` (the CLI prints the time of the run there). */
export function invoicesDigest(jsonl: string): string {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { asKnownAt: _run, ...invoice } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(invoice);
    })
    .join('\n');
}

export interface CliFile {
  /** Row label: `plain`, `ms instants`, ... */
  readonly label: string;
  readonly file: string;
  readonly events: number;
  readonly orgId: string;
  readonly from: string;
  readonly to: string;
  /** Another file whose invoices these must equal (but for asKnownAt); or the expected digest. */
  readonly sameInvoicesAs?: string;
  readonly expectedDigest?: string;
  readonly note?: string;
}

export interface CliResults {
  readonly rows: CaseResult[];
  /** The digest of each file's invoices, by label (absent when its command failed). */
  readonly digests: ReadonlyMap<string, string>;
  /** Disagreements between files that must give the same invoices. */
  readonly problems: string[];
}

const PLAIN_SECONDS_PER_MILLION = 1.5;
const PLAIN_PEAK_MB = 250;
const VARIANT_MAX_RATIO = 1.3;

/** Every file `runs` times, in turn (a slow minute of a shared machine hits all of them),
 * each run of the whole process: the median wall time and the largest peak RSS. The first
 * file is the plain one the others are compared with. */
export async function cliCases(files: readonly CliFile[], runs: number): Promise<CliResults> {
  const command = cliCommand();
  const plain = files[0] as CliFile;
  const plainTarget = (PLAIN_SECONDS_PER_MILLION * plain.events) / 1_000_000;
  const plainTargetText =
    plain.events === 1_000_000 ? `<= ${PLAIN_SECONDS_PER_MILLION} s` : `<= ${plainTarget} s (1.5 s / 1M)`;
  const names = {
    seconds: '3a. tally invoices --events, plain (wall)',
    peak: '3b. tally invoices --events, plain (peak RSS)',
    variant: (file: CliFile, i: number) =>
      `3${String.fromCharCode(98 + i)}. tally invoices --events, ${file.label} vs plain`,
  };
  const failedRows = (why: string): CaseResult[] => [
    notRun(names.seconds, 's', plainTargetText, why),
    notRun(names.peak, 'MB', `< ${PLAIN_PEAK_MB} MB`, why),
    ...files
      .slice(1)
      .map((file, i) => notRun(names.variant(file, i + 1), 's', `ratio <= ${VARIANT_MAX_RATIO}`, why)),
  ];
  if (command === undefined) {
    return { rows: failedRows('not run: packages/cli has no bin.ts yet'), digests: new Map(), problems: [] };
  }
  const argsOf = (file: CliFile) => [
    ...command.slice(1),
    'invoices',
    '--events',
    file.file,
    '--org',
    file.orgId,
    '--from',
    file.from,
    '--to',
    file.to,
    '--format',
    'jsonl',
  ];
  const measured = files.map((): Measured[] => []);
  const failed = files.map((): string | undefined => undefined);
  for (let run = 0; run < runs; run++) {
    // Alternate the order, so that no file always runs right after the same one.
    const order = files.map((_, i) => i);
    if (run % 2 === 1) order.reverse();
    for (const i of order) {
      if (failed[i] !== undefined) continue;
      const result = await measureOnce(command[0] as string, argsOf(files[i] as CliFile));
      if (typeof result === 'string') failed[i] = result;
      else measured[i]?.push(result);
    }
  }
  const digests = new Map<string, string>();
  files.forEach((file, i) => {
    const first = measured[i]?.[0];
    if (first !== undefined) digests.set(file.label, invoicesDigest(first.stdout));
  });
  const problems: string[] = [];
  for (const file of files) {
    const digest = digests.get(file.label);
    if (digest === undefined) continue;
    if (file.sameInvoicesAs !== undefined) {
      const other = digests.get(file.sameInvoicesAs);
      if (other !== undefined && other !== digest) {
        problems.push(
          `case 3: the invoices of the ${file.label} file differ from the ${file.sameInvoicesAs} file's`,
        );
      }
    }
    if (file.expectedDigest !== undefined && file.expectedDigest !== digest) {
      problems.push(
        `case 3: the invoices of the ${file.label} file differ from invoicesBetween's on its events`,
      );
    }
  }

  const plainRuns = measured[0] as Measured[];
  if (failed[0] !== undefined || plainRuns.length === 0) {
    return { rows: failedRows(failed[0] ?? 'not run'), digests, problems };
  }
  const seconds = (i: number) => median((measured[i] as Measured[]).map((run) => run.seconds));
  const peakMb = (i: number) => Math.max(...(measured[i] as Measured[]).map((run) => run.peakKb)) / 1024;
  const invoices = (i: number) =>
    ((measured[i] as Measured[])[0]?.stdout ?? '').split('\n').filter((line) => line.trim() !== '').length;
  const describe = (i: number) => {
    const file = files[i] as CliFile;
    const rate = Math.round(file.events / seconds(i)).toLocaleString('en-US');
    return `${file.note === undefined ? '' : `${file.note}; `}${rate} events/s; peak ${peakMb(i).toFixed(0)} MB; ${invoices(i)} invoices`;
  };
  const common = `${command.join(' ')}; median of ${runs} runs, files in turn`;
  const rows: CaseResult[] = [
    {
      ...absoluteCase(
        names.seconds,
        's',
        seconds(0),
        { atMost: plainTarget },
        `${describe(0)}; ${plain.events} events; ${common}`,
      ),
      target: plainTargetText,
    },
    absoluteCase(names.peak, 'MB', peakMb(0), { below: PLAIN_PEAK_MB }, `largest of ${runs} runs`),
  ];
  files.slice(1).forEach((file, k) => {
    const i = k + 1;
    const why = failed[i];
    rows.push(
      why !== undefined || (measured[i] as Measured[]).length === 0
        ? notRun(names.variant(file, i), 's', `ratio <= ${VARIANT_MAX_RATIO}`, why ?? 'not run')
        : ratioCase(names.variant(file, i), 's', seconds(i), seconds(0), VARIANT_MAX_RATIO, describe(i)),
    );
  });
  return { rows, digests, problems };
}
