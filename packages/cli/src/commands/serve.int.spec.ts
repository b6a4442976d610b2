// `tally serve` as a user runs it: over an event file and over a PGlite folder it prints its URL,
// serves the orgs' live rows, and stops on SIGINT as every command does (exit 130); bad options are usage errors.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const FILE = 'examples/billing-run/chemistry.jsonl';
const folder = mkdtempSync(join(tmpdir(), 'tally-serve-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function tally(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The URL the server prints on stderr. */
function urlOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /tally serve: (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });

describe('tally serve', () => {
  it('serves the live rows of an event file on 127.0.0.1 and stops on SIGINT (exit 130)', async () => {
    const child = tally(['serve', '--events', FILE, '--port', '0']);
    const url = await urlOf(child);
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const exited = exitOf(child);
    let rows: { orgId: string; events: number }[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i += 1) {
      rows = (await (await fetch(new URL('orgs.json', url))).json()) as typeof rows;
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows.map((row) => row.orgId)).toEqual(['chem']);
    expect((await fetch(url)).headers.get('content-type')).toContain('text/html');
    child.kill('SIGINT');
    // As every tally command interrupted: 128 + 2, with a line saying so.
    const { code, stderr } = await exited;
    expect(code).toBe(130);
    expect(stderr).toContain('stopped by SIGINT');
  }, 60_000);

  it('serves a PGlite folder that tally import filled', async () => {
    const dir = join(folder, 'ledger');
    const imported = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/cli/src/bin.ts', 'import', FILE, '--pglite', dir],
      {
        cwd: root,
      },
    );
    expect((await exitOf(imported)).code).toBe(0);
    const child = tally(['serve', '--pglite', dir, '--port', '0']);
    const url = await urlOf(child);
    const exited = exitOf(child);
    let rows: { orgId: string; events: number }[] = [];
    for (let i = 0; i < 200 && rows.length === 0; i += 1) {
      rows = (await (await fetch(new URL('orgs.json', url))).json()) as typeof rows;
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows[0]?.orgId).toBe('chem');
    child.kill('SIGINT');
    expect((await exited).code).toBe(130);
  }, 60_000);

  it('refuses an event file any other command refuses, at the same line', async () => {
    const file = join(folder, 'inconsistent.jsonl');
    const lines = readFileSync(FILE, 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[0] as string) as { orgId: string; recordedAt: string };
    const unknown = {
      type: 'DeviceDeactivated',
      eventId: 'never-activated',
      orgId: first.orgId,
      occurredAt: first.recordedAt,
      recordedAt: first.recordedAt,
      data: { deviceId: 'd-never' },
    };
    writeFileSync(file, `${[lines[0], JSON.stringify(unknown), ...lines.slice(1)].join('\n')}\n`);
    const served = await exitOf(tally(['serve', '--events', file, '--port', '0']));
    const counted = await exitOf(
      tally(['counts', '--events', file, '--org', first.orgId, '--at', first.recordedAt]),
    );
    expect(served.code).not.toBe(0);
    expect(served.stderr).toContain(`${file}:2:`);
    expect(served.stderr.trim()).toBe(counted.stderr.trim());
  }, 60_000);

  it('refuses a bad port and a missing source as usage errors (exit 2)', async () => {
    const badPort = await exitOf(tally(['serve', '--events', FILE, '--port', '70000']));
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/not a port number/);
    const noSource = await exitOf(tally(['serve', '--port', '0']));
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/exactly one source/);
  }, 60_000);
});
