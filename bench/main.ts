// `pnpm bench [--quick] [--out FILE]`: Tally against its baselines (docs/performance.md).
// Re-runs itself once with a larger heap and young generation: a million event objects are
// several hundred MB, and both Tally and the baselines allocate against them.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogDecoder,
  invoicesBetween,
  replayChecked,
  serializeEvent,
  serializeInvoice,
  type TallyEvent,
} from '@tally/domain';
import { billingRunCases } from './billing-run-case.js';
import { type CliFile, cliCases, invoicesDigest } from './cli-case.js';
import { coldStartCases } from './cold-start-case.js';
import { emmettCase, foldCase, snapshotsCase } from './fold-cases.js';
import { type GeneratedOrg, generateOrg, generateOrgs, type OrgSpec } from './generate.js';
import { invoicesBetweenCase, invoicesFromStoreCase } from './invoice-cases.js';
import { liveCases } from './live-cases.js';
import { timeMedian } from './measure.js';
import { postgresCases } from './postgres-cases.js';
import { proofCases } from './proof-case.js';
import { absoluteCase, type CaseResult, machine, table } from './report.js';
import { commandCases, eventStoreDBCases } from './store-cases.js';
import { streamCases } from './stream-case.js';
import { findTimelineProblem } from './timeline-check.js';

const NODE_FLAGS = '--max-old-space-size=6144 --max-semi-space-size=64';

if (process.env.TALLY_BENCH_CHILD !== '1') {
  const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: {
      ...process.env,
      TALLY_BENCH_CHILD: '1',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${NODE_FLAGS}`,
    },
  });
  process.exit(run.status ?? 1);
}

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const outIndex = argv.indexOf('--out');
const outFile = outIndex >= 0 ? argv[outIndex + 1] : undefined;

const SIZE = quick
  ? {
      devices: 10_000,
      events: 100_000,
      smallDevices: 1_000,
      smallEvents: 10_000,
      esdb: 10_000,
      live: 20_000,
      commands: 2_000,
      runs: 3,
      postgres: { events: 20_000, readEvents: 20_000, commands: 300, runs: 3 },
      billingRun: { orgs: 50, devicesPerOrg: 20, eventsPerOrg: 200, fewOrgs: 5, runs: 3 },
    }
  : {
      devices: 100_000,
      events: 1_000_000,
      smallDevices: 1_000,
      smallEvents: 10_000,
      esdb: 100_000,
      live: 100_000,
      commands: 10_000,
      runs: 5,
      postgres: { events: 1_000_000, readEvents: 100_000, commands: 3_000, runs: 3 },
      billingRun: { orgs: 1_000, devicesPerOrg: 100, eventsPerOrg: 1_000, fewOrgs: 10, runs: 5 },
    };
const SEED = 20_260_307;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function writeJsonl(events: readonly TallyEvent[], file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < events.length; i += 10_000) {
    const chunk = events
      .slice(i, i + 10_000)
      .map((event) => `${serializeEvent(event)}\n`)
      .join('');
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** Events/s of `decodeLineBytes` over the events written as one JSONL buffer (a file read
 * whole): a library user's fast road from bytes, strict UTF-8 included. */
async function decodeBytesRate(events: readonly TallyEvent[]): Promise<number> {
  const bytes = Buffer.from(`${events.map(serializeEvent).join('\n')}\n`);
  const ms = await timeMedian(() => {
    const decoder = createLogDecoder();
    let start = 0;
    let line = 0;
    for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
      line += 1;
      const decoded = decoder.decodeLineBytes(bytes, start, end, line);
      if (decoded._tag === 'Left')
        throw new Error(`generated line ${line} does not decode: ${decoded.left.message}`);
      start = end + 1;
    }
  }, 1);
  return events.length / (ms / 1000);
}

/** The events as the CLI sees them: serialized, then decoded line by line (flat strings). */
function decodeAll(events: readonly TallyEvent[]): TallyEvent[] {
  const decoder = createLogDecoder();
  return events.map((event, index) => {
    const decoded = decoder.decodeLine(serializeEvent(event), index + 1);
    if (decoded._tag === 'Left')
      throw new Error(`generated event ${index + 1} does not decode: ${decoded.left.message}`);
    return decoded.right;
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const cases: CaseResult[] = [];
  log(`${quick ? 'quick' : 'full'} run: ${SIZE.events} events, ${SIZE.devices} devices, seed ${SEED}`);
  const generated = generateOrg({
    seed: SEED,
    devices: SIZE.devices,
    events: SIZE.events,
    startDate: '2024-01-01',
  });
  const checked = replayChecked(generated.events);
  if (checked._tag === 'Left') throw new Error(`generated log is inconsistent: ${checked.left.message}`);
  checkTimelines('plain', generated.events);
  // Case 3 first: its child processes then share the machine with the least of this process
  // (no decoded copy, no stores or test server yet, nothing for the garbage collector to do).
  const dir = mkdtempSync(join(tmpdir(), 'tally-bench-'));
  let cli: Awaited<ReturnType<typeof cliCases>>;
  try {
    const files = await writeCliFiles(dir, generated);
    log(`case 3: cli, ${files.length} files`);
    cli = await cliCases(files, SIZE.runs);
    cases.push(...cli.rows);
    log('case 10: proofs (export, verify --checkpoint, verify-bundle)');
    cases.push(...(await proofCases(dir, (files[0] as CliFile).file, generated, Math.min(3, SIZE.runs))));
    log('case 11: streaming (export to stdout, verify)');
    cases.push(...(await streamCases(dir, (files[0] as CliFile).file, generated, Math.min(3, SIZE.runs))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const problems = [...cli.problems];
  const decodeMs = await timeMedian(() => decodeAll(generated.events.slice(0, 100_000)), 1);
  cases.push(
    absoluteCase(
      '0. decode (decodeLine)',
      'events/s',
      Math.min(100_000, generated.events.length) / (decodeMs / 1000),
      { atLeast: 0 },
      'informative',
    ),
    absoluteCase(
      '0b. decode a JSONL buffer (decodeLineBytes)',
      'events/s',
      await decodeBytesRate(generated.events),
      { atLeast: 500_000 },
    ),
  );
  const org: GeneratedOrg = { ...generated, events: decodeAll(generated.events) };
  generated.events.length = 0;
  log(`generated and decoded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  log('case 1: fold');
  cases.push(await foldCase(org, SIZE.runs));
  log('case 7: invoicesBetween');
  const between = await invoicesBetweenCase(org, SIZE.runs);
  cases.push(between.row);
  const plainCli = cli.digests.get('plain');
  if (plainCli !== undefined && plainCli !== between.digest) {
    problems.push('case 3 and 7: tally invoices --events and invoicesBetween give different invoices');
  }
  log('case 8: invoicesFromStore');
  cases.push(await invoicesFromStoreCase(org, SIZE.runs, between.digest));
  log('case 2: snapshots');
  cases.push(await snapshotsCase(org, SIZE.runs));
  log('case 6: emmett');
  cases.push(await emmettCase(org, SIZE.runs));
  log('case 4: commands');
  const small = generateOrg({
    seed: SEED,
    devices: SIZE.smallDevices,
    events: SIZE.smallEvents,
    startDate: '2024-01-01',
  });
  cases.push(...(await commandCases(small, org, SIZE.commands)));
  log('case 5: eventstoredb');
  // The test server reads about 3,000 events/s on a loaded 2-core machine: three runs only.
  cases.push(...(await eventStoreDBCases(org, org.events.slice(0, SIZE.esdb), 3)));
  log('case 9: postgres');
  cases.push(...(await postgresCases(org, SIZE.postgres)));
  log('case 13: a new command handler process, with and without a snapshot');
  cases.push(...(await coldStartCases(org, Math.min(3, SIZE.runs))));
  log('case 14: the live projection following appends');
  const tenants = generateOrgs({
    seed: SEED,
    devices: 2_000,
    events: SIZE.live,
    startDate: '2024-01-01',
    orgs: 20,
  });
  cases.push(...(await liveCases(tenants, SIZE.live)));
  log('case 15: billing run');
  cases.push(...(await billingRunCases(SIZE.billingRun, SEED)));

  const report = {
    machine: {
      ...machine(),
      mode: quick ? 'quick' : 'full',
      events: SIZE.events,
      devices: SIZE.devices,
      seed: SEED,
    },
    cases,
  };
  process.stdout.write(`${table(cases)}\n`);
  const missed = cases.filter((row) => row.met === false).map((row) => row.name);
  const skipped = cases.filter((row) => row.met === null).map((row) => `${row.name} (${row.note ?? ''})`);
  process.stdout.write(missed.length === 0 ? 'all targets met\n' : `targets missed: ${missed.join('; ')}\n`);
  if (skipped.length > 0) process.stdout.write(`not run: ${skipped.join('; ')}\n`);
  process.stdout.write(`total ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  if (outFile !== undefined) writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  // Answers that disagree are a failure (exit 1), after the table.
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** A generated log must be consistent in time (bench/timeline-check.ts), or the run stops. */
function checkTimelines(label: string, events: readonly TallyEvent[]): void {
  const problem = findTimelineProblem(events);
  if (problem !== undefined) throw new Error(`the ${label} log is not consistent in time: ${problem}`);
}

/** Case 3's files: the plain log, then the variants of bench/generate.ts, each generated,
 * checked, written and dropped in turn (one million-event variant in memory at a time). */
async function writeCliFiles(dir: string, plain: GeneratedOrg): Promise<CliFile[]> {
  const spec: OrgSpec = {
    seed: SEED,
    devices: SIZE.devices,
    events: SIZE.events,
    startDate: plain.startDate,
  };
  const range = { from: plain.startDate, to: plain.endDate };
  const files: CliFile[] = [];
  const plainFile = join(dir, 'plain.jsonl');
  await writeJsonl(plain.events, plainFile);
  files.push({ label: 'plain', file: plainFile, events: plain.events.length, orgId: plain.orgId, ...range });
  const variants: { label: string; name: string; spec: Partial<OrgSpec>; sameInvoicesAs?: string }[] = [
    { label: 'ms instants', name: 'ms', spec: { instants: 'milliseconds' } },
    { label: '1% late', name: 'late', spec: { lateFraction: 0.01 }, sameInvoicesAs: 'plain' },
    {
      label: 'ms + 1% late',
      name: 'ms-late',
      spec: { instants: 'milliseconds', lateFraction: 0.01 },
      sameInvoicesAs: 'ms instants',
    },
  ];
  for (const variant of variants) {
    const generated = generateOrg({ ...spec, ...variant.spec });
    checkTimelines(variant.label, generated.events);
    const file = join(dir, `${variant.name}.jsonl`);
    await writeJsonl(generated.events, file);
    const late = generated.lateEvents > 0 ? `${generated.lateEvents} late events` : undefined;
    files.push({
      label: variant.label,
      file,
      events: generated.events.length,
      orgId: generated.orgId,
      ...range,
      ...(variant.sameInvoicesAs === undefined ? {} : { sameInvoicesAs: variant.sameInvoicesAs }),
      ...(late === undefined ? {} : { note: late }),
    });
    log(`  ${variant.label}: ${generated.events.length} events${late === undefined ? '' : `, ${late}`}`);
  }
  // 100 organizations sharing the same number of events; one of them is asked for, so the CLI
  // reads the whole file and bills a hundredth of it. Its invoices must be invoicesBetween's.
  const shared = generateOrgs({ ...spec, orgs: 100 });
  checkTimelines('100-org', shared.events);
  const asked = shared.orgs[0] as GeneratedOrg;
  const expected = invoicesBetween(
    shared.events.filter((event) => event.orgId === asked.orgId),
    { orgId: asked.orgId, from: asked.startDate, to: asked.endDate, asKnownAt: shared.endInstant },
  );
  if (expected._tag === 'Left') throw new Error(`100-org log: ${expected.left.message}`);
  const sharedFile = join(dir, 'orgs-100.jsonl');
  await writeJsonl(shared.events, sharedFile);
  files.push({
    label: '100 orgs, 1 asked',
    file: sharedFile,
    events: shared.events.length,
    orgId: asked.orgId,
    from: asked.startDate,
    to: asked.endDate,
    expectedDigest: invoicesDigest(expected.right.map((invoice) => serializeInvoice(invoice)).join('\n')),
    note: `${shared.orgs.length} orgs of ~${Math.round(shared.events.length / shared.orgs.length)} events, ${asked.orgId} asked`,
  });
  log(`  100 orgs: ${shared.events.length} events`);
  return files;
}

// Missed targets never fail the run (CI runs --quick as a smoke test); errors do.
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
