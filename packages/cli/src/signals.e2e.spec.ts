// SIGINT and SIGTERM on the real executable (a child process, a real signal): what a command
// writes on the way to its result is removed, and stdout never holds part of an export. The
// child gets a temporary folder of its own (TMPDIR) so that what it leaves there can be seen.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeEvent, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { tempFile } from './fixtures/sample-log.spec-helper.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Child {
  readonly process: ChildProcess;
  readonly tmp: string;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function tally(args: string[]): Child {
  const tmp = mkdtempSync(join(tmpdir(), 'tally-signal-test-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', ...args], {
    cwd: root,
    env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    ),
  );
  return { process: child, tmp, exited };
}

/** What tally made in a temporary folder (tsx keeps its cache there too). */
const tallyFiles = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('tally-'));

/** Waits until `seen()` holds (the command got that far), polling. */
async function until(seen: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!seen()) {
    if (Date.now() > deadline) throw new Error(`the command never got to ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A consistent log of one per-device org with `devices` activations: long enough to export
 * for a while. */
function bigLog(devices: number): string {
  const at = (i: number) => new Date(Date.UTC(2026, 0, 2) + i * 1000).toISOString().replace('.000Z', 'Z');
  const envelope = (i: number) => ({
    eventId: `big-${i}`,
    orgId: 'big',
    occurredAt: at(i),
    recordedAt: at(i),
  });
  const events: TallyEvent[] = [
    {
      ...envelope(0),
      type: 'OrganizationRegistered',
      data: {
        name: 'Big',
        serialCode: 'BIG-1',
        billingAccount: 'BA-9',
        timeZone: 'UTC',
        currency: 'USD',
        coldStorage: false,
      },
    },
    {
      ...envelope(1),
      type: 'SubscriptionStarted',
      data: {
        startDate: '2026-01-09',
        plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
      },
    },
  ];
  const lines = events.map((event) => `${serializeEvent(event)}\n`);
  for (let i = 2; i < devices + 2; i++) {
    const event: TallyEvent = {
      ...envelope(i),
      type: 'DeviceActivated',
      data: { deviceId: `d-${i}`, userId: `u-${i % 100}` },
    };
    lines.push(`${serializeEvent(event)}\n`);
  }
  return lines.join('');
}

describe('a signal', () => {
  it('during --events - removes the copy of stdin (SIGINT, exit 130)', async () => {
    const child = tally(['counts', '--events', '-', '--org', 'acme', '--at', '2026-03-01T00:00:00Z']);
    child.process.stdin?.write('{"type":"OrganizationRegistered"');
    await until(() => tallyFiles(child.tmp).some((name) => name.startsWith('tally-stdin-')), 'the spool');
    child.process.kill('SIGINT');
    const result = await child.exited;
    expect(result).toEqual({ code: 130, stdout: '', stderr: 'tally: stopped by SIGINT\n' });
    expect(tallyFiles(child.tmp)).toEqual([]);
  });

  it('during export --out removes FILE.partial and writes no FILE (SIGTERM, exit 143)', async () => {
    const source = await tempFile('big.jsonl', bigLog(300_000));
    const out = join(mkdtempSync(join(tmpdir(), 'tally-signal-out-')), 'big.sealed.jsonl');
    const child = tally(['export', source, '--org', 'big', '--out', out, '--quiet']);
    await until(() => existsSync(`${out}.partial`), 'FILE.partial');
    child.process.kill('SIGTERM');
    const result = await child.exited;
    expect(result).toEqual({ code: 143, stdout: '', stderr: 'tally: stopped by SIGTERM\n' });
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('during export to stdout leaves stdout empty and removes its temporary file (SIGINT)', async () => {
    const source = await tempFile('big.jsonl', bigLog(300_000));
    const child = tally(['export', source, '--org', 'big', '--quiet']);
    await until(() => tallyFiles(child.tmp).some((name) => name.startsWith('tally-export-')), 'its file');
    child.process.kill('SIGINT');
    const result = await child.exited;
    expect(result).toEqual({ code: 130, stdout: '', stderr: 'tally: stopped by SIGINT\n' });
    expect(tallyFiles(child.tmp)).toEqual([]);
  });
});
