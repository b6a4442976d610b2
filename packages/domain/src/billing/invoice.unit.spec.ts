import { describe, expect, it } from 'vitest';
import type { InvoiceJson } from '../events/types.js';
import {
  type InvoiceLine,
  makeInvoice,
  serializeInvoice,
  serializeInvoiceJson,
  toInvoiceJson,
} from './invoice.js';

const line = (amount: bigint, unitAmount = amount): InvoiceLine => ({
  kind: 'devices',
  description: `x`,
  quantity: 1,
  unitAmount,
  amount,
  servicePeriod: { start: '2026-03-09', end: '2026-04-09' },
  tallyAt: '2026-03-07T07:00:00Z',
  basis: { rule: 'test', counted: 1 },
});

const header = {
  orgId: 'acme',
  billingDate: '2026-03-09',
  currency: 'USD',
  asKnownAt: '2026-11-22T00:00:00Z',
};

describe('invoice JSON', () => {
  it('writes the invoice example byte for byte', () => {
    const invoice = makeInvoice(header, [
      { ...line(12000n, 1000n), quantity: 12, description: '12 devices × 10.00' },
    ]);
    expect(serializeInvoice(invoice)).toBe(
      '{"orgId":"acme","billingDate":"2026-03-09","currency":"USD","asKnownAt":"2026-11-22T00:00:00Z",' +
        '"lines":[{"kind":"devices","description":"12 devices × 10.00","quantity":12,"unitAmount":"10.00",' +
        '"amount":"120.00","servicePeriod":{"start":"2026-03-09","end":"2026-04-09"},' +
        '"tallyAt":"2026-03-07T07:00:00Z"}],"total":"120.00"}',
    );
  });

  it('totals the lines and prints exactly the currency digits', () => {
    const usd = toInvoiceJson(makeInvoice(header, [line(5n), line(10050n)]));
    expect(usd.total).toBe('100.55');
    expect(usd.lines.map((l) => l.amount)).toEqual(['0.05', '100.50']);
    const jpy = toInvoiceJson(makeInvoice({ ...header, currency: 'JPY' }, [line(1200n)]));
    expect(jpy.total).toBe('1200');
    const kwd = toInvoiceJson(makeInvoice({ ...header, currency: 'KWD' }, [line(1250n)]));
    expect(kwd.total).toBe('1.250');
  });

  it('an invoice without lines has total 0 with the currency digits', () => {
    expect(toInvoiceJson(makeInvoice(header, [])).total).toBe('0.00');
    expect(makeInvoice(header, []).total).toBe(0n);
  });

  it('serializes with the fixed key order whatever order the object was built in', () => {
    const shuffled = {
      total: '1.00',
      lines: [
        {
          tallyAt: null,
          servicePeriod: { end: '2026-04-09', start: '2026-03-09' },
          amount: '1.00',
          unitAmount: '1.00',
          quantity: 1,
          description: 'd',
          kind: 'minimum',
        },
      ],
      asKnownAt: 'k',
      currency: 'USD',
      billingDate: '2026-03-09',
      orgId: 'o',
    } as InvoiceJson;
    expect(serializeInvoiceJson(shuffled)).toBe(
      '{"orgId":"o","billingDate":"2026-03-09","currency":"USD","asKnownAt":"k","lines":[{"kind":"minimum",' +
        '"description":"d","quantity":1,"unitAmount":"1.00","amount":"1.00","servicePeriod":' +
        '{"start":"2026-03-09","end":"2026-04-09"},"tallyAt":null}],"total":"1.00"}',
    );
  });
});
