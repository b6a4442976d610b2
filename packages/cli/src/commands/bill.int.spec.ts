// `tally bill` over a file (docs/cli.md, "tally bill"): the run's summary printed, with --append
// the issued invoices written at the file's end as canonical lines, so the next run sees them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runTally } from '../cli.js';
import { memoryIo } from '../fixtures/memory-io.spec-helper.js';
import { tempFile } from '../fixtures/sample-log.spec-helper.js';

const frozen = new URL('../../../domain/src/log/fixtures/frozen-v1.jsonl', import.meta.url);

async function bill(args: string[]) {
  const memory = memoryIo();
  const code = await runTally(['bill', ...args], memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

describe('tally bill', () => {
  it('prints the run at an instant as a table and appends nothing without --append', async () => {
    const path = await tempFile('events.jsonl', await readFile(frozen, 'utf8'));
    const result = await bill([path, '--org', 'dept-chem', '--at', '2026-04-09T08:00:00Z']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'billing run at 2026-04-09T08:00:00Z: 1 invoice issued for 1 organization',
        'account   currency  total  organizations  invoices',
        'PTA-4410  USD       10.00  dept-chem      CHEM-4',
        '',
      ].join('\n'),
    );
    expect(await readFile(path, 'utf8')).toBe(await readFile(frozen, 'utf8'));
  });

  it('with --append writes the invoices at the end of the file; a second run at the same instant issues nothing', async () => {
    const path = await tempFile('events.jsonl', await readFile(frozen, 'utf8'));
    const first = await bill([
      path,
      '--all-orgs',
      '--at',
      '2026-05-09T08:00:00Z',
      '--append',
      '--format',
      'jsonl',
    ]);
    expect(first.code).toBe(0);
    const issued = first.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(
      issued.map((event) => [
        event.schemaVersion,
        event.data.number,
        event.data.billingDate,
        event.data.total,
      ]),
    ).toEqual([
      [2, 'CHEM-4', '2026-04-09', '10.00'],
      [2, 'CHEM-5', '2026-05-09', '20.00'],
    ]);
    expect(issued[0].data.lines[1]).toMatchObject({ kind: 'adjustment', amount: '-10.00' });
    const text = await readFile(path, 'utf8');
    expect(text).toBe(`${await readFile(frozen, 'utf8')}${first.stdout}`);
    const second = await bill([
      path,
      '--all-orgs',
      '--at',
      '2026-05-09T08:00:00Z',
      '--append',
      '--format',
      'csv',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('billingAccount,currency,total,organizations,invoices\r\n');
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('needs exactly one of --org and --all-orgs', async () => {
    const path = await tempFile('events.jsonl', await readFile(frozen, 'utf8'));
    const result = await bill([path, '--at', '2026-04-09T08:00:00Z']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give exactly one of --org ORG and --all-orgs');
  });

  it('refuses --all-orgs on EventStoreDB, which cannot list its organizations', async () => {
    const result = await bill([
      '--esdb',
      'esdb://localhost:2113?tls=false',
      '--all-orgs',
      '--at',
      '2026-04-09T08:00:00Z',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--all-orgs: EventStoreDB cannot list its organizations; name one with --org',
    );
  });
});
