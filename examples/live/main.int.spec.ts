// Runs the example as a user would (through tsx) and checks what it prints.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

it('follows the store live, resumes after a restart, starts a new handler from a snapshot, serves the rows', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/live/main.ts'], {
    cwd: root,
    timeout: 60_000,
  });
  expect(stdout).toContain(
    'caught up: checkpoint 3, 4 events; acme: 2 billable, allocation 2 (left 0), next billing date 2026-04-01 (tally 2026-03-30T04:00:00Z), next invoice 0 line(s)',
  );
  expect(stdout).toContain('live: checkpoint 4, 5 events; acme: 3 billable, allocation 2 (left -1)');
  expect(stdout).toContain(
    'next invoice line: 1 device over allocation of 2, 120.00 each prorated 334/365 days, overage',
  );
  expect(stdout).toContain('state stored in tally-live-dashboard: LiveProjectionState');
  expect(stdout).toContain('restarted: checkpoint 5, 6 events; acme: 2 billable');
  expect(stdout).toContain('snapshot in tally-snapshot-acme at revision 3');
  expect(stdout).toContain('new process appended at revision 6');
  const rows = JSON.parse(stdout.slice(stdout.indexOf('{')));
  expect(rows).toMatchObject({
    orgId: 'acme',
    events: 7,
    billableDevices: 3,
    nextInvoiceTotal: '109.81 USD',
  });
});
