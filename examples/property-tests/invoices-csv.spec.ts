// A user's property suite with @tally/testing: generated, valid histories -> invoices -> CSV ->
// parsed back -> the same totals, whatever the plan, zone, currency or late recordings.
import { type Invoice, invoicesBetween, parseMoney } from '@tally/domain';
import { arbEventLog, type GeneratedEventLog, given } from '@tally/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoicesToCsv, parseCsv } from './invoices-csv.js';

const invoicesOf = (log: GeneratedEventLog): Invoice[] => {
  const result = invoicesBetween(log.events, {
    orgId: log.orgId,
    from: log.startDate,
    to: log.endDate,
    asKnownAt: '2100-01-01T00:00:00Z',
  });
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
};

const minor = (text: string, currency: string): bigint => {
  const parsed = parseMoney(text, currency);
  if (parsed._tag === 'Left') throw new Error(`${text}: ${parsed.left}`);
  return parsed.right;
};

/** Invoice totals by billing date, summed from the CSV rows. */
function totalsFromCsv(csv: string): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const row of parseCsv(csv)) {
    const date = row.billingDate ?? '';
    totals.set(date, (totals.get(date) ?? 0n) + minor(row.amount ?? '', row.currency ?? ''));
  }
  return totals;
}

describe('invoicesToCsv', () => {
  it('keeps every invoice total through CSV and back', () => {
    fc.assert(
      fc.property(arbEventLog({ months: 18 }), (log) => {
        const invoices = invoicesOf(log);
        const totals = totalsFromCsv(invoicesToCsv(invoices));
        expect(totals).toEqual(new Map(invoices.map((invoice) => [invoice.billingDate, invoice.total])));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every line description intact (quoted where needed)', () => {
    fc.assert(
      fc.property(arbEventLog({ licensing: 'per-device-yearly' }), (log) => {
        const invoices = invoicesOf(log);
        const rows = parseCsv(invoicesToCsv(invoices)).filter((row) => row.kind !== 'none');
        expect(rows.map((row) => row.description)).toEqual(
          invoices.flatMap((invoice) => invoice.lines.map((line) => line.description)),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('a generated history is a ready "given" for the decider', () => {
    const [log] = fc.sample(arbEventLog({ licensing: 'per-user', maxEvents: 2 }), { seed: 1, numRuns: 1 });
    if (log === undefined) throw new Error('no sample');
    const at = '2030-01-01T00:00:00Z';
    given(log.events)
      .when({ type: 'ActivateDevice', orgId: log.orgId, at, data: { deviceId: 'laptop', userId: 'ann' } })
      .then([{ type: 'DeviceActivated', data: { deviceId: 'laptop', userId: 'ann' } }]);
  });
});
