// Runs both examples as a user would (through tsx): the demo on a throwaway PostgreSQL server,
// whose invoices must be the in-memory demo's, and the PGlite folder example.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = async (script: string) =>
  (await run(process.execPath, ['--import', 'tsx', script], { cwd: root, timeout: 120_000 })).stdout;

it('the demo on PostgreSQL prints the same invoices as on the in-memory store', async () => {
  const [onPostgres, inMemory] = await Promise.all([
    tsx('examples/postgres/demo.ts'),
    tsx('examples/demo/main.ts'),
  ]);
  expect(onPostgres).toMatch(/^(throwaway PostgreSQL server|PostgreSQL at TALLY_POSTGRES_URL)/);
  const invoicesOf = (output: string) => output.slice(output.indexOf('==='));
  expect(invoicesOf(inMemory).length).toBeGreaterThan(1000);
  expect(invoicesOf(onPostgres)).toBe(invoicesOf(inMemory));
});

it('keeps a ledger in a PGlite folder: append, a harmless retry, the stream, and readAll after a checkpoint', async () => {
  const stdout = await tsx('examples/postgres/main.ts');
  expect(stdout).toMatch(/^appended 3 events to tally-org-example-\w+; last revision 2$/m);
  expect(stdout).toContain('retried: last revision still 2');
  const rows = stdout.split('\n').filter((line) => /^ {2}\d+ {2}/.test(line));
  expect(rows.map((line) => line.trim().split(/\s+/))).toEqual([
    ['0', '2026-03-01T17:00:00Z', 'OrganizationRegistered'],
    ['1', '2026-03-01T17:05:00Z', 'SubscriptionStarted'],
    ['2', '2026-03-06T23:30:00Z', 'DeviceActivated'],
  ]);
  expect(stdout).toMatch(/^readAll: 3 events in the folder so far; checkpoint \d+$/m);
  expect(stdout).toMatch(/^after the checkpoint: tally-org-example-\w+ revision 3 DeviceActivated$/m);
});
