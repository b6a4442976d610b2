import { startTestServer } from '@tally/eventstoredb';
import { execFileSync, spawnSync } from 'node:child_process';
const server = await startTestServer({ batchAppend: true });
for (let i = 0; i < 2; i++) {
  const r = spawnSync('pnpm', ['--silent', 'tally', 'import', 'examples/auditor/history.jsonl', '--esdb', server.connectionString], { encoding: 'utf8' });
  console.log('$ tally import examples/auditor/history.jsonl --esdb', server.connectionString, '\n' + r.stderr.replace(/^npm warn.*\n/gm, ''), 'exit', r.status);
}
const r = spawnSync('pnpm', ['--silent', 'tally', 'invoices', '--esdb', server.connectionString, '--org', 'chemistry', '--from', '2026-11-01', '--to', '2026-12-31', '--as-known-at', '2026-12-31T00:00:00Z', '--format', 'text'], { encoding: 'utf8' });
console.log(r.stdout, r.status);
await server.stop();
