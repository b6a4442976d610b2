// Every small example a new user copies from must run. Each is started as its own process,
// as a user would run it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const run = (script: string) => execFileSync(tsx, [script], { cwd: root, encoding: 'utf8' });

describe('examples', () => {
  it('quickstart prints the invoice of three devices counted 48 hours before the billing date', () => {
    const invoice = JSON.parse(run('examples/quickstart/main.ts'));
    expect(invoice.billingDate).toBe('2026-03-09');
    expect(invoice.lines).toHaveLength(1);
    expect(invoice.lines[0]).toMatchObject({ kind: 'devices', quantity: 3, tallyAt: '2026-03-07T07:00:00Z' });
    expect(invoice.total).toBe('30.00');
  });

  it('the demo prints a year of invoices for each of its three organizations', () => {
    const output = run('examples/demo/main.ts');
    for (const title of ['Physics', 'Harbor Dental', 'Genomics Lab'])
      expect(output).toContain(`=== ${title}`);
    expect(output.match(/total for 12 invoices/g)).toHaveLength(3);
  });

  it('the same demo on EventStoreDB (the gRPC test server) prints the same invoices', () => {
    const invoicesOf = (output: string) => output.slice(output.indexOf('==='));
    const onEventStoreDB = run('examples/eventstoredb/demo.ts');
    expect(onEventStoreDB).toContain('in-process test server');
    expect(invoicesOf(onEventStoreDB)).toBe(invoicesOf(run('examples/demo/main.ts')));
  });
});
