// `tally invoice` and `tally invoices` on a log with issued invoices (docs/cli.md#tally-invoice):
// test vector 9 (docs/test-vectors.md) issued through `tally bill --append`, then read back as
// known before and after each InvoiceIssued was recorded. The run at 2026-03-09 issues January and
// February too (ACME-1, ACME-2), so the vector's ACME-1 and ACME-2 are ACME-3 and ACME-4 here.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTally } from './cli.js';
import { memoryIo } from './fixtures/memory-io.spec-helper.js';

const line = (type: string, id: string, occurredAt: string, data: unknown, recordedAt = occurredAt) =>
  `${JSON.stringify({ type, eventId: id, orgId: 'acme', occurredAt, recordedAt, data })}\n`;
const activated = (device: string, occurredAt: string, recordedAt = occurredAt) =>
  line(
    'DeviceActivated',
    `act-${device}`,
    occurredAt,
    { deviceId: device, userId: `u-${device}` },
    recordedAt,
  );

/** Vector 9 before its issues: 10.00 USD a device, monthly from 2026-01-09, three devices. */
const VECTOR_9 =
  line('OrganizationRegistered', 'reg', '2026-01-02T17:00:00Z', {
    name: 'Acme',
    serialCode: 'ACME',
    billingAccount: 'PTA-1',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    coldStorage: false,
  }) +
  line('SubscriptionStarted', 'sub', '2026-01-02T17:05:00Z', {
    startDate: '2026-01-09',
    plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
  }) +
  activated('d-1', '2026-01-05T18:00:00Z') +
  activated('d-2', '2026-01-05T18:00:00Z') +
  activated('d-3', '2026-02-05T18:00:00Z');

let directory = '';
let path = '';

async function tally(argv: string[]) {
  const memory = memoryIo();
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

async function bill(at: string) {
  const result = await tally(['bill', path, '--org', 'acme', '--at', at, '--append']);
  expect(result.code, result.stderr).toBe(0);
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tally-issued-'));
  path = join(directory, 'vector-9.jsonl');
  await writeFile(path, VECTOR_9);
  await bill('2026-03-09T08:00:00Z');
  // The fourth device, in use since 03-01, recorded on 03-20: after ACME-3 was issued.
  await appendFile(path, activated('d-4', '2026-03-01T12:00:00Z', '2026-03-20T16:00:00Z'));
  await bill('2026-04-09T07:00:00Z');
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const invoice = (date: string, asKnownAt: string, format: string) =>
  tally(['invoice', path, '--org', 'acme', '--date', date, '--as-known-at', asKnownAt, '--format', format]);
const invoices = (asKnownAt: string, format: string) =>
  tally([
    'invoices',
    path,
    '--org',
    'acme',
    '--from',
    '2026-03-01',
    '--to',
    '2026-04-30',
    '--as-known-at',
    asKnownAt,
    '--format',
    format,
  ]);

describe('test vector 9 through tally invoice', () => {
  it('shows ACME-4 as issued: 4 devices and the adjustment of ACME-3, total 50.00 (json)', async () => {
    const result = await invoice('2026-04-09', '2026-05-01T00:00:00Z', 'json');
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(JSON.parse(result.stdout)).toEqual({
      orgId: 'acme',
      billingDate: '2026-04-09',
      currency: 'USD',
      asKnownAt: '2026-04-09T07:00:00Z',
      number: 'ACME-4',
      document: 'invoice',
      lines: [
        {
          kind: 'devices',
          description: '4 devices × 10.00',
          quantity: 4,
          unitAmount: '10.00',
          amount: '40.00',
          servicePeriod: { start: '2026-04-09', end: '2026-05-09' },
          tallyAt: '2026-04-07T07:00:00Z',
        },
        {
          kind: 'adjustment',
          description: 'correction of ACME-3 (2026-03-09): devices 3 → 4',
          quantity: 1,
          unitAmount: null,
          amount: '10.00',
          servicePeriod: { start: '2026-03-09', end: '2026-04-09' },
          tallyAt: '2026-03-07T07:00:00Z',
          corrects: { invoiceNumber: 'ACME-3', billingDate: '2026-03-09', kind: 'devices' },
        },
      ],
      total: '50.00',
      manifest: expect.anything(),
    });
  });

  it('shows ACME-3 as it was sent (3 devices), not as the rules give it now', async () => {
    const result = await invoice('2026-03-09', '2026-05-01T00:00:00Z', 'text');
    expect(result.stdout).toBe(
      [
        'Invoice ACME-3 for acme on 2026-03-09 (USD, issued as known at 2026-03-09T08:00:00Z)',
        'KIND     DESCRIPTION        QTY   UNIT  AMOUNT  SERVICE PERIOD            TALLY AT',
        'devices  3 devices × 10.00    3  10.00   30.00  2026-03-09 to 2026-04-09  2026-03-07T07:00:00Z',
        'Total USD 30.00',
        '',
      ].join('\n'),
    );
  });

  it('shows the computed invoice, without number or adjustment, before ACME-4 was recorded', async () => {
    const result = await invoice('2026-04-09', '2026-04-09T06:59:59Z', 'json');
    const json = JSON.parse(result.stdout);
    expect(json).not.toHaveProperty('number');
    expect(json.lines.map((one: { kind: string }) => one.kind)).toEqual(['devices']);
    expect(json.total).toBe('40.00');
  });

  it('marks the adjustment row in text and CSV', async () => {
    const text = await invoice('2026-04-09', '2026-05-01T00:00:00Z', 'text');
    expect(text.stdout).toContain(
      'Invoice ACME-4 for acme on 2026-04-09 (USD, issued as known at 2026-04-09T07:00:00Z)',
    );
    expect(text.stdout).toMatch(
      /adjustment {2}correction of ACME-3 \(2026-03-09\): devices 3 → 4 +1 +- +10\.00 {2}2026-03-09 to 2026-04-09/,
    );
    const csv = await invoice('2026-04-09', '2026-05-01T00:00:00Z', 'csv');
    expect(csv.stdout.split('\r\n')).toEqual([
      'orgId,billingDate,currency,asKnownAt,kind,description,quantity,unitAmount,amount,servicePeriodStart,servicePeriodEnd,tallyAt,invoiceTotal,number,document,correctsInvoice,correctsBillingDate',
      'acme,2026-04-09,USD,2026-04-09T07:00:00Z,devices,4 devices × 10.00,4,10.00,40.00,2026-04-09,2026-05-09,2026-04-07T07:00:00Z,50.00,ACME-4,invoice,,',
      'acme,2026-04-09,USD,2026-04-09T07:00:00Z,adjustment,correction of ACME-3 (2026-03-09): devices 3 → 4,1,,10.00,2026-03-09,2026-04-09,2026-03-07T07:00:00Z,50.00,ACME-4,invoice,ACME-3,2026-03-09',
      '',
    ]);
  });
});

describe('test vector 9 through tally invoices', () => {
  it('lists each date as known at the instant: issued ones by number, the grand total of what was sent', async () => {
    const before = await invoices('2026-03-20T00:00:00Z', 'text');
    expect(before.stdout).toBe(
      [
        'Invoices for acme (as known at 2026-03-20T00:00:00Z)',
        'BILLING DATE  LINES                      TOTAL USD',
        '2026-03-09    ACME-3: 3 devices × 10.00      30.00',
        '2026-04-09    3 devices × 10.00              30.00',
        'Grand total of 2 invoices: USD 60.00',
        '',
      ].join('\n'),
    );
    const after = await invoices('2026-05-01T00:00:00Z', 'text');
    expect(after.stdout).toContain(
      '2026-04-09    ACME-4: 4 devices × 10.00; correction of ACME-3 (2026-03-09): devices 3 → 4      50.00',
    );
    expect(after.stdout).toContain('Grand total of 2 invoices: USD 80.00');
  });

  it('prints the issued JSON line for an issued date and the invoice JSON for the others (jsonl)', async () => {
    const result = await invoices('2026-04-01T00:00:00Z', 'jsonl');
    const [march, april] = result.stdout
      .trimEnd()
      .split('\n')
      .map((one) => JSON.parse(one));
    expect(march).toMatchObject({ number: 'ACME-3', total: '30.00' });
    expect(april).not.toHaveProperty('number');
    expect(april).toMatchObject({ asKnownAt: '2026-04-01T00:00:00Z', total: '40.00' });
  });
});
