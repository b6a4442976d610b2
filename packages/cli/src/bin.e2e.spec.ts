// The real executable: `tsx packages/cli/src/bin.ts` in a child process. Exit codes, and
// results on stdout only, messages on stderr only.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invoiceAt, serializeInvoice } from '@tally/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, sampleEvents, tempFile, toJsonl } from './fixtures/sample-log.spec-helper.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const events = sampleEvents();
let logPath = '';

function tally(args: string[], input?: string) {
  const result = spawnSync('npx', ['tsx', 'packages/cli/src/bin.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^npm warn.*\n/gm, '') };
}

beforeAll(async () => {
  logPath = await tempFile('events.jsonl', toJsonl(events));
});

describe('tally (bin)', () => {
  it('exits 0 with the invoice bytes on stdout and nothing on stderr', () => {
    const asKnownAt = '2026-11-01T00:00:00Z';
    const expected = invoiceAt(eventsOf(events, 'acme'), {
      orgId: 'acme',
      billingDate: '2026-02-09',
      asKnownAt,
    });
    if (expected._tag === 'Left') throw new Error(expected.left.message);
    expect(
      tally([
        'invoice',
        '--events',
        logPath,
        '--org',
        'acme',
        '--date',
        '2026-02-09',
        '--as-known-at',
        asKnownAt,
      ]),
    ).toEqual({
      code: 0,
      stdout: `${serializeInvoice(expected.right)}\n`,
      stderr: '',
    });
  });

  it('exits 2 on bad input with one line on stderr and nothing on stdout', () => {
    const result = tally(
      ['counts', '--events', '-', '--org', 'acme', '--at', '2026-03-01T00:00:00Z'],
      '{"type":\n',
    );
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'stdin:1: -: line: not valid JSON: Unexpected end of JSON input\n',
    });
  });

  it('exits 2 on a usage error, with one line on stderr', () => {
    const result = tally(['invoice', '--events', logPath, '--date', '2026-03-09']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "tally invoice: required option '--org <ORG>' not specified (see 'tally invoice --help')\n",
    );
  });

  it('reads --events from a FIFO and from <(cat FILE) like a file', () => {
    const counts = (source: string) =>
      spawnSync(
        'bash',
        [
          '-c',
          `npx tsx packages/cli/src/bin.ts counts --events ${source} --org acme --at 2026-03-01T00:00:00Z`,
        ],
        { cwd: root, encoding: 'utf8' },
      );
    const fromFile = tally(['counts', '--events', logPath, '--org', 'acme', '--at', '2026-03-01T00:00:00Z']);
    expect(fromFile.code).toBe(0);
    const substituted = counts(`<(cat ${logPath})`);
    expect(substituted.status).toBe(0);
    expect(substituted.stdout).toBe(fromFile.stdout);
    const fifo = join(dirname(logPath), 'events.fifo');
    const fromFifo = spawnSync(
      'bash',
      [
        '-c',
        `mkfifo ${fifo} && (cat ${logPath} > ${fifo} &) && npx tsx packages/cli/src/bin.ts counts --events ${fifo} --org acme --at 2026-03-01T00:00:00Z`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(fromFifo.status).toBe(0);
    expect(fromFifo.stdout).toBe(fromFile.stdout);
  });

  it('exits 1 when verify fails, naming the line', async () => {
    const result = tally(['verify', logPath]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `${logPath}:1: acme-001: chain: missing: this is not a sealed export; seal the log with tally export (tally export LOG --org ORG --out sealed.jsonl) and verify that\n`,
    );
  });

  it('keeps the progress bar off stderr when it is not a terminal', () => {
    const result = tally(['export', '--events', logPath, '--org', 'acme', '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(eventsOf(events, 'acme').length);
  });
});
