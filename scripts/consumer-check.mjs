#!/usr/bin/env node
// The packages as a user gets them: built, packed with pnpm (which writes the workspace:* ranges
// as versions), each tarball's files and manifest checked, then all installed with plain
// `npm install --engine-strict` into a scratch project outside the workspace, where this runs an
// ES module importing every package, a CommonJS program requiring every package, a strict
// `tsc --noEmit` (module nodenext) over a consumer's .ts and .cts, the `tally` binary, and a vitest
// property test on @tally/testing's arbitraries. It also checks that every run-time dependency
// installed accepts the Node versions our packages declare. Any failure ends it with status 1
// and says which step failed.
//
// Usage: node scripts/consumer-check.mjs [--skip-build] [--keep]
//   --skip-build  the packages' dist/ are fresh (the check script has just built them)
//   --keep        leave the scratch project in place (it is always left after a failure)
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './pnpm-command.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = [
  'domain',
  'ledger',
  'testing',
  'eventstoredb',
  'postgres',
  'proofs',
  'report',
  'dashboard',
  'cli',
];
const args = new Set(process.argv.slice(2));
const windows = process.platform === 'win32';
const rootManifest = readJson(join(root, 'package.json'));
const nodeRange = rootManifest.engines.node;

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

class StepFailure extends Error {}

/** Runs a command to completion; throws a StepFailure with its output when it does not exit 0. */
function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, {
    encoding: 'utf8',
    shell: windows,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  if (result.error) throw new StepFailure(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new StepFailure(
      `\`${[command, ...commandArgs].join(' ')}\` exited with ${result.status ?? result.signal}` +
        (output ? `:\n${output}` : ''),
    );
  }
  return result.stdout;
}

function check(condition, message) {
  if (!condition) throw new StepFailure(message);
}

let scratch;
const started = performance.now();

function step(name, action) {
  const begun = performance.now();
  try {
    action();
  } catch (error) {
    const message = error instanceof StepFailure ? error.message : (error?.stack ?? String(error));
    console.error(`\nconsumer check FAILED at "${name}":\n${message}`);
    if (scratch) console.error(`\nThe scratch project is left in ${scratch}`);
    process.exit(1);
  }
  console.log(`consumer check: ${name} (${((performance.now() - begun) / 1000).toFixed(1)} s)`);
}

const [pnpm, pnpmPrefix] = pnpmCommand();

if (!args.has('--skip-build')) {
  step('build the packages', () => run(pnpm, [...pnpmPrefix, 'run', 'build'], { cwd: root }));
}

scratch = realpathSync(mkdtempSync(join(tmpdir(), 'tally-consumer-')));
const tarballDirectory = join(scratch, 'tarballs');
mkdirSync(tarballDirectory);
step('the scratch project is outside the workspace', () => {
  const inside = relative(realpathSync(root), scratch);
  check(inside.startsWith('..') || resolve(inside) === inside, `${scratch} is inside ${root}`);
});

const tarballs = {};
step('pnpm pack every package', () => {
  run(
    pnpm,
    [...pnpmPrefix, '-r', '--filter', './packages/*', 'pack', '--pack-destination', tarballDirectory],
    {
      cwd: root,
    },
  );
  const packed = readdirSync(tarballDirectory);
  for (const name of PACKAGES) {
    const { version } = readJson(join(root, 'packages', name, 'package.json'));
    const file = `tally-${name}-${version}.tgz`;
    check(packed.includes(file), `pnpm pack wrote no ${file} (it wrote ${packed.join(', ') || 'nothing'})`);
    tarballs[name] = join(tarballDirectory, file);
  }
});

step('every tarball holds dist, LICENSE and README, no tests, and a publishable manifest', () => {
  for (const name of PACKAGES) {
    const tarball = tarballs[name];
    const source = readJson(join(root, 'packages', name, 'package.json'));
    const files = run('tar', ['-tzf', tarball]).split('\n').filter(Boolean);
    const required = ['package.json', 'LICENSE', 'README.md', 'dist/index.js', 'dist/index.d.ts'];
    if (source.bin) required.push(...Object.values(source.bin).map((path) => path.replace(/^\.\//, '')));
    for (const file of required) check(files.includes(`package/${file}`), `${tarball} has no ${file}`);
    const unwanted = files.filter((file) => /\.spec[.-]|\.tsbuildinfo$|\/node_modules\//.test(file));
    check(unwanted.length === 0, `${tarball} holds test or build files:\n  ${unwanted.join('\n  ')}`);

    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']));
    const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
      Object.entries(manifest[field] ?? {}),
    );
    const workspace = ranges.filter(([, range]) => String(range).startsWith('workspace:'));
    check(workspace.length === 0, `${tarball} still has workspace ranges: ${JSON.stringify(workspace)}`);
    for (const [dependency, range] of ranges) {
      if (dependency.startsWith('@tally/'))
        check(range === manifest.version, `${tarball}: ${dependency} is "${range}", not ${manifest.version}`);
    }
    check(manifest.license === 'MIT', `${tarball}: license is ${manifest.license}`);
    check(manifest.engines?.node === nodeRange, `${tarball}: engines.node is not "${nodeRange}"`);
    check(
      manifest.repository?.directory === `packages/${name}` && manifest.homepage && manifest.bugs?.url,
      `${tarball}: repository (with directory), homepage and bugs are all needed`,
    );
    const entry = manifest.exports?.['.'];
    check(entry?.types && entry?.default, `${tarball}: exports["."] needs "types" and "default"`);
  }
});

// The scratch project: every tarball, and the tools a consumer's own test set-up would have, at
// the versions the workspace uses.
const tool = (name) => rootManifest.devDependencies[name];
writeFileSync(
  join(scratch, 'package.json'),
  `${JSON.stringify(
    {
      name: 'tally-consumer-check',
      private: true,
      type: 'module',
      dependencies: Object.fromEntries(PACKAGES.map((name) => [`@tally/${name}`, `file:${tarballs[name]}`])),
      devDependencies: {
        '@types/node': tool('@types/node'),
        'fast-check': tool('fast-check'),
        semver: '^7.7.2',
        typescript: tool('typescript'),
        vitest: tool('vitest'),
      },
    },
    null,
    2,
  )}\n`,
);

// npm, not pnpm, in the scratch project: none of pnpm's settings from the run that started this.
const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)));
const inScratch = { cwd: scratch, env: npmEnv };

step('npm install --engine-strict of the tarballs in the scratch project', () => {
  run('npm', ['install', '--engine-strict', '--no-audit', '--no-fund', '--loglevel=error'], inScratch);
});

step(`every run-time dependency accepts Node ${nodeRange}`, () => {
  const listed = run('npm', ['ls', '--omit=dev', '--all', '--parseable'], inScratch);
  const verdicts = run(
    'node',
    [
      '--input-type=module',
      '-e',
      `import semver from 'semver';
       import { readFileSync } from 'node:fs';
       import { join } from 'node:path';
       const [range, ...directories] = JSON.parse(process.argv[1]);
       for (const directory of directories) {
         const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
         const engines = manifest.engines?.node;
         if (engines && !semver.subset(range, engines))
           console.log(manifest.name + '@' + manifest.version + ' wants Node ' + engines);
       }`,
      JSON.stringify([nodeRange, ...listed.split('\n').filter((line) => line.includes('node_modules'))]),
    ],
    inScratch,
  ).trim();
  check(verdicts === '', `some run-time dependencies do not accept Node ${nodeRange}:\n${verdicts}`);
});

// The same exercise of every package, as an ES module and as CommonJS.
const exercise = `
  const expectEqual = (actual, expected, what) => {
    if (actual !== expected) throw new Error(what + ': expected ' + expected + ', got ' + actual);
  };
  expectEqual(domain.canonicalJson({ b: 1, a: [true, null] }), '{"a":[true,null],"b":1}', 'domain.canonicalJson');
  let now = '2026-01-01T09:00:00Z';
  const store = ledger.getInMemoryEventStore();
  const handler = ledger.createCommandHandler({ store, clock: () => now });
  const orgId = 'acme';
  await handler.handle({
    type: 'RegisterOrganization', orgId, at: now,
    data: { name: 'Acme', serialCode: 'A-1', billingAccount: 'B-1', timeZone: 'UTC', currency: 'USD', coldStorage: false },
  });
  await handler.handle({
    type: 'StartSubscription', orgId, at: now,
    data: { startDate: '2026-01-09', plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' } },
  });
  now = '2026-02-20T17:00:00Z';
  for (const deviceId of ['d-1', 'd-2'])
    await handler.handle({ type: 'ActivateDevice', orgId, at: now, data: { deviceId, userId: 'u-1' } });
  const events = [];
  for await (const event of ledger.loadOrgEvents(store, orgId)) events.push(event);
  const invoice = domain.invoiceAt(events, { orgId, billingDate: '2026-03-09', asKnownAt: '2026-03-09T00:00:00Z' });
  if (invoice._tag !== 'Right') throw new Error('domain.invoiceAt: ' + JSON.stringify(invoice.left));
  expectEqual(JSON.parse(domain.serializeInvoice(invoice.right)).total, '20.00', 'the invoice total');
  expectEqual(cli.sealEvent(events[0], cli.GENESIS_CHAIN).chain.length, 64, 'cli.sealEvent chain length');
  expectEqual(typeof eventstoredb.getEventStoreDBEventStore, 'function', 'eventstoredb.getEventStoreDBEventStore');
  expectEqual(typeof eventstoredb.startTestServer, 'undefined', 'eventstoredb.startTestServer (a subpath export)');
  expectEqual(typeof testServer.startTestServer, 'function', '@tally/eventstoredb/test-server startTestServer');
  expectEqual(typeof storeKit.decideAppend, 'function', '@tally/ledger/store-kit decideAppend');
  expectEqual(typeof ledger.decideAppend, 'undefined', 'ledger.decideAppend (a store-kit export)');
  expectEqual(typeof logFiles.checkLogFile, 'function', '@tally/ledger/log-files checkLogFile');
  expectEqual(typeof ledger.checkLogFile, 'undefined', 'ledger.checkLogFile (a log-files export)');
  expectEqual(wireText.canonicalJson({ b: 1, a: [true] }), '{"a":[true],"b":1}', '@tally/domain/wire-text canonicalJson');
  expectEqual(wireText.MAX_LINE_BYTES, domain.MAX_LINE_BYTES, '@tally/domain/wire-text MAX_LINE_BYTES');
  expectEqual(typeof postgres.openPostgresEventStore, 'function', 'postgres.openPostgresEventStore');
  expectEqual(postgres.SCHEMA_VERSION, 3, 'postgres.SCHEMA_VERSION');
  const tree = new proofs.TreeBuilder();
  tree.append('');
  expectEqual(tree.root().toString('hex'), '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 'proofs.TreeBuilder root of one empty leaf');
  expectEqual(typeof proofs.verifyBundleFile, 'function', 'proofs.verifyBundleFile');
  const page = await report.buildReport(events, { orgId, from: '2026-03-01', to: '2026-03-31', asKnownAt: '2026-03-09T00:00:00Z' });
  if (page._tag !== 'Right') throw new Error('report.buildReport: ' + JSON.stringify(page.left));
  expectEqual(page.right.startsWith('<!DOCTYPE html>') && page.right.includes('20.00'), true, 'report.buildReport page');
  expectEqual(typeof dashboard.startDashboard, 'function', 'dashboard.startDashboard');
  const [log] = fc.sample(testing.arbEventLog(), { numRuns: 1, seed: 1 });
  expectEqual(log.events.length > 0, true, 'testing.arbEventLog gives events');
  console.log('ok');
`;
writeFileSync(
  join(scratch, 'esm.mjs'),
  `${PACKAGES.map((name) => `import * as ${name} from '@tally/${name}';`).join('\n')}
import * as testServer from '@tally/eventstoredb/test-server';
import * as storeKit from '@tally/ledger/store-kit';
import * as logFiles from '@tally/ledger/log-files';
import * as wireText from '@tally/domain/wire-text';
import fc from 'fast-check';
${exercise}`,
);
writeFileSync(
  join(scratch, 'cjs.cjs'),
  `'use strict';
${PACKAGES.map((name) => `const ${name} = require('@tally/${name}');`).join('\n')}
const testServer = require('@tally/eventstoredb/test-server');
const storeKit = require('@tally/ledger/store-kit');
const logFiles = require('@tally/ledger/log-files');
const wireText = require('@tally/domain/wire-text');
const fc = require('fast-check');
(async () => {${exercise}})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});`,
);

step('an ES module imports every package and uses it', () => {
  const output = run('node', ['esm.mjs'], inScratch);
  check(output.trim() === 'ok', `esm.mjs printed ${JSON.stringify(output)}`);
});

step('a CommonJS program requires every package and uses it', () => {
  const output = run('node', ['cjs.cjs'], inScratch);
  check(output.trim() === 'ok', `cjs.cjs printed ${JSON.stringify(output)}`);
});

// A consumer's TypeScript: ESM (.ts in a "type": "module" project) and CommonJS (.cts), strict,
// nodenext resolution, our declaration files checked too (skipLibCheck off).
writeFileSync(
  join(scratch, 'consumer.ts'),
  `import { GENESIS_CHAIN, sealEvent } from '@tally/cli';
import { canonicalJson, type Invoice, invoiceAt, type TallyEvent } from '@tally/domain';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { createCommandHandler, type EventStore, getInMemoryEventStore } from '@tally/ledger';
import { openPGliteEventStore, type SqlEventStore } from '@tally/postgres';
import { type Checkpoint, verifyCheckpoint } from '@tally/proofs';
import { buildReport, type ReportData } from '@tally/report';
import { arbEventLog, type GeneratedEventLog } from '@tally/testing';

const store: EventStore = getInMemoryEventStore();
const handler = createCommandHandler({ store, clock: () => '2026-01-01T09:00:00Z' });
const events: TallyEvent[] = [];
const result = invoiceAt(events, { orgId: 'acme', billingDate: '2026-03-09', asKnownAt: '2026-03-09T00:00:00Z' });
const invoice: Invoice | undefined = result._tag === 'Right' ? result.right : undefined;
// @ts-expect-error an orgId is a string: the declarations are real types, not any
invoiceAt(events, { orgId: 1, billingDate: '2026-03-09', asKnownAt: '2026-03-09T00:00:00Z' });
const text: string = canonicalJson({ a: 1 });
const sealed: string = sealEvent(events[0] as TallyEvent, GENESIS_CHAIN).text;
const logs: GeneratedEventLog[] = [];
const opening: (dir: string) => Promise<SqlEventStore> = openPGliteEventStore;
const checking: (note: string, key: import('node:crypto').KeyObject) => { ok: boolean } = verifyCheckpoint;
const heads: Checkpoint[] = [];
const reporting: Promise<{ _tag: 'Left' } | { _tag: 'Right'; right: string }> = buildReport(events, {
  orgId: 'acme',
  from: '2026-03-01',
  to: '2026-03-31',
  asKnownAt: '2026-03-09T00:00:00Z',
});
const reports: ReportData[] = [];
export {
  arbEventLog,
  checking,
  getEventStoreDBEventStore,
  handler,
  heads,
  invoice,
  logs,
  opening,
  reporting,
  reports,
  sealed,
  text,
};
`,
);
writeFileSync(
  join(scratch, 'consumer.cts'),
  `import { canonicalJson } from '@tally/domain';
import ledger = require('@tally/ledger');

const text: string = canonicalJson({ a: 1 });
export const store = ledger.getInMemoryEventStore();
export { text };
`,
);
writeFileSync(
  join(scratch, 'consumer.test.ts'),
  `import { invoicesBetween } from '@tally/domain';
import { arbEventLog, invoiceDeterminismProperty } from '@tally/testing';
import fc from 'fast-check';
import { expect, test } from 'vitest';

test('every generated history has its invoices', () => {
  fc.assert(
    fc.property(arbEventLog({ months: 6 }), (log) => {
      const result = invoicesBetween(log.events, {
        orgId: log.orgId,
        from: log.startDate,
        to: log.endDate,
        asKnownAt: '2100-01-01T00:00:00Z',
      });
      expect(result._tag).toBe('Right');
    }),
    { numRuns: 25 },
  );
});

test("the kit's invoice determinism property holds", () => {
  fc.assert(invoiceDeterminismProperty(), { numRuns: 10 });
});
`,
);
writeFileSync(
  join(scratch, 'tsconfig.json'),
  `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['consumer.ts', 'consumer.cts', 'consumer.test.ts'],
    },
    null,
    2,
  )}\n`,
);

step('strict tsc --noEmit (nodenext) over a consumer .ts, .cts and test', () => {
  run('npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json'], inScratch);
});

copyFileSync(join(root, 'examples/auditor/history.jsonl'), join(scratch, 'history.jsonl'));
step('the tally binary: --help, and invoices of a small file', () => {
  const help = run('npx', ['--no', '--', 'tally', '--help'], inScratch);
  check(/Usage: tally/.test(help), `tally --help printed:\n${help}`);
  const invoices = run(
    'npx',
    [
      '--no',
      '--',
      'tally',
      'invoices',
      '--events',
      'history.jsonl',
      '--org',
      'chemistry',
      '--from',
      '2026-01-01',
      '--to',
      '2026-12-31',
      '--as-known-at',
      '2026-12-31T00:00:00Z',
    ],
    inScratch,
  );
  const lines = invoices.trim().split('\n');
  const parsed = lines.map((line) => JSON.parse(line));
  check(
    parsed.length === 12 && parsed.every((invoice) => invoice.orgId === 'chemistry'),
    `tally invoices printed ${lines.length} lines, not chemistry's 12 monthly invoices:\n${invoices}`,
  );
});

step("a vitest property test on @tally/testing's arbitraries", () => {
  run('npx', ['--no', '--', 'vitest', 'run', '--reporter=dot'], inScratch);
});

if (args.has('--keep')) console.log(`consumer check: the scratch project is in ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
console.log(`consumer check passed (${((performance.now() - started) / 1000).toFixed(0)} s)`);
