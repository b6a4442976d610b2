// Runs the example as a user would (through tsx), against the in-process test server.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

it('appends a history, retries it harmlessly and reads it back in order', async () => {
  const { EVENTSTORE_CONNECTION_STRING: _ignored, ...env } = process.env;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/eventstoredb/main.ts'], {
    cwd: root,
    env,
    timeout: 60_000,
  });
  expect(stdout).toMatch(/^in-process test server at esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/m);
  expect(stdout).toMatch(/^appended 4 events to tally-org-example-\w+; last revision 3$/m);
  expect(stdout).toContain('retried: last revision still 3');
  const rows = stdout.split('\n').filter((line) => /^ {2}\d+ {2}/.test(line));
  expect(rows.map((line) => line.trim().split(/\s+/).slice(0, 3))).toEqual([
    ['0', '2026-03-01T17:00:00Z', 'OrganizationRegistered'],
    ['1', '2026-03-01T17:05:00Z', 'SubscriptionStarted'],
    ['2', '2026-03-06T23:30:00Z', 'DeviceActivated'],
    ['3', '2026-03-06T23:45:00Z', 'ArchiveCreated'],
  ]);
});
