// Runs the example as a user would (through tsx): a department's month on the in-memory store and
// on the EventStoreDB test server, the late deactivation credited on the April invoice.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

it('issues March, corrects it on the April invoice, and issues nothing on a second run, on both stores', async () => {
  const { EVENTSTORE_CONNECTION_STRING: _ignored, ...env } = process.env;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/billing-run/main.ts'], {
    cwd: root,
    env,
    timeout: 60_000,
  });
  const month = [
    'billing run at 2026-03-09T16:00:00Z: 1 invoice issued for 1 organization',
    'account   currency  total  organizations  invoices',
    'PTA-4410  USD       30.00  chem           CHEM-1',
    '',
    ', billing run at 2026-04-09T16:00:00Z: 1 invoice issued for 1 organization',
    'account   currency  total  organizations  invoices',
    'PTA-4410  USD       10.00  chem           CHEM-2',
    '',
    'CHEM-2 (invoice) for 2026-04-09, total 10.00 USD',
    '  devices      20.00  2 devices × 10.00',
    '  adjustment  -10.00  correction of CHEM-1 (2026-03-09): devices 3 → 2',
  ].join('\n');
  for (const store of ['in-memory store', 'EventStoreDB test server']) {
    expect(stdout).toContain(`${store}, ${month.replace('\n, ', `\n${store}, `)}`);
    expect(stdout).toContain(`${store}: a second run at 2026-04-09T16:00:00Z issues 0 invoices`);
  }
  expect(
    stdout.match(
      /^why: revision 6 DeviceDeactivated occurred 2026-03-05T18:00:00Z, recorded 2026-03-20T17:00:00Z/gm,
    ),
  ).toHaveLength(2);
});
