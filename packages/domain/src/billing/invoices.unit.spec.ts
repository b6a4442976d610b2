// Example tests: docs/test-vectors.md and hand-computed invoices. Every expected amount below is
// worked out by hand from the rules (the arithmetic is in the comments), not by the code.
import { describe, expect, it } from 'vitest';
import type { InvoiceJson, Plan, TallyEvent } from '../events/types.js';
import { invoiceAt, invoicesBetween } from './api.js';
import type { BillingError } from './errors.js';
import { type EventLog, eventLog, withDevices } from './event-log.spec-helper.js';
import { explainInvoiceLine } from './explain.js';
import { serializeInvoice, toInvoiceJson } from './invoice.js';

const KNOWN = '2030-01-01T00:00:00Z';
const monthly: Plan = { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' };

const between = (log: EventLog, from: string, to: string): InvoiceJson[] => {
  const result = invoicesBetween(log.events, { orgId: log.orgId, from, to, asKnownAt: KNOWN });
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right.map(toInvoiceJson);
};
const at = (log: EventLog, billingDate: string): InvoiceJson => {
  const result = invoiceAt(log.events, { orgId: log.orgId, billingDate, asKnownAt: KNOWN });
  if (result._tag === 'Left') throw new Error(result.left.message);
  return toInvoiceJson(result.right);
};
const failureAt = (events: readonly TallyEvent[], billingDate: string): BillingError => {
  const result = invoiceAt(events, { orgId: 'acme', billingDate, asKnownAt: KNOWN });
  if (result._tag === 'Right') throw new Error(`expected no invoice on ${billingDate}`);
  return result.left;
};
const summary = (invoices: readonly InvoiceJson[]) =>
  invoices.map((i) => [
    i.billingDate,
    i.lines.map((l) => `${l.kind} ${l.quantity} ${l.amount}`).join('; '),
    i.total,
  ]);

describe('per-device yearly (docs/billing.md#per-device-yearly)', () => {
  // Vector 4: term 2025-03-15 → 2026-03-15 (365 days), 120.00 per device per year, 10 ordered.
  const vector4 = () => {
    const log = eventLog().subscribe('2025-03-15', {
      model: 'per-device',
      billing: 'yearly',
      termYears: 1,
      annualPricePerDevice: '120.00',
      devices: 10,
    });
    withDevices(log, 10, '2025-03-01');
    log.activate('d11', 'u-d11', '2025-09-10'); // before the 2025-09-15 tally (2025-09-13T00:00Z)
    log.activate('d12', 'u-d12', '2025-11-01').activate('d13', 'u-d13', '2025-11-01');
    for (const id of ['d1', 'd2', 'd3', 'd4', 'd5']) log.deactivate(id, '2025-12-01');
    for (const id of ['d14', 'd15', 'd16']) log.activate(id, `u-${id}`, '2026-01-01');
    return log;
  };

  it('vector 4: the term up front, then one device over on 2025-09-15 with 181 days left is 59.51', () => {
    const invoices = between(vector4(), '2025-03-15', '2026-02-15');
    expect(invoices[0]?.lines).toEqual([
      {
        kind: 'term',
        description: '10 devices × 120.00 for a 1-year term',
        quantity: 10,
        unitAmount: '120.00',
        amount: '1200.00',
        servicePeriod: { start: '2025-03-15', end: '2026-03-15' },
        tallyAt: null,
      },
    ]);
    // 120.00 × 181 / 365 = 59.5068... → 59.51
    expect(invoices.find((i) => i.billingDate === '2025-09-15')?.lines).toEqual([
      {
        kind: 'overage',
        description: '1 device over allocation of 10, 120.00 each prorated 181/365 days',
        quantity: 1,
        unitAmount: '120.00',
        amount: '59.51',
        servicePeriod: { start: '2025-09-15', end: '2026-03-15' },
        tallyAt: '2025-09-13T00:00:00Z',
      },
    ]);
    // 2 more on 2025-11-15 with 120 days left (15+31+31+28+15): 2 × 120.00 × 120 / 365 = 78.904... → 78.90.
    // December's 8 devices and January's 11 stay under the allocation of 13: no refund, no charge.
    expect(summary(invoices)).toEqual([
      ['2025-03-15', 'term 10 1200.00', '1200.00'],
      ['2025-04-15', '', '0.00'],
      ['2025-05-15', '', '0.00'],
      ['2025-06-15', '', '0.00'],
      ['2025-07-15', '', '0.00'],
      ['2025-08-15', '', '0.00'],
      ['2025-09-15', 'overage 1 59.51', '59.51'],
      ['2025-10-15', '', '0.00'],
      ['2025-11-15', 'overage 2 78.90', '78.90'],
      ['2025-12-15', '', '0.00'],
      ['2026-01-15', '', '0.00'],
      ['2026-02-15', '', '0.00'],
    ]);
    expect(invoices.find((i) => i.billingDate === '2025-11-15')?.lines[0]?.description).toBe(
      '2 devices over allocation of 11, 120.00 each prorated 120/365 days',
    );
  });

  it('a range starting inside the term still knows the allocation raised before it', () => {
    expect(summary(between(vector4(), '2025-10-15', '2025-11-15'))).toEqual([
      ['2025-10-15', '', '0.00'],
      ['2025-11-15', 'overage 2 78.90', '78.90'],
    ]);
  });

  it('explains the overage line: tally instant, rule, and the device that made the count', () => {
    const log = vector4();
    const result = explainInvoiceLine(log.events, {
      orgId: 'acme',
      billingDate: '2025-09-15',
      asKnownAt: KNOWN,
      lineIndex: 0,
      includeCounted: true,
    });
    if (result._tag === 'Left') throw new Error(result.left.message);
    const explanation = result.right;
    expect(explanation.tallyAt).toBe('2025-09-13T00:00:00Z');
    expect(explanation.counted).toBe(11);
    expect(explanation.rule).toContain('billable devices 11');
    expect(explanation.rule).toContain('allocation 10');
    const d11 = explanation.countedAtTally?.billableDevices.find((d) => d.deviceId === 'd11');
    const activation = log.events.find((e) => e.type === 'DeviceActivated' && e.data.deviceId === 'd11');
    expect(d11?.countedBy.eventId).toBe(activation?.eventId);
    expect(explanation.countedAtTally?.billableDevices).toHaveLength(11);
    const noLine = explainInvoiceLine(log.events, {
      orgId: 'acme',
      billingDate: '2025-09-15',
      asKnownAt: KNOWN,
      lineIndex: 1,
    });
    expect(noLine._tag === 'Left' && noLine.left.code).toBe('NoSuchLine');
  });

  it('anchored on Jan 31: checks on month ends, 1 device over on 2026-02-28 with 337 days left', () => {
    const log = eventLog().subscribe('2026-01-31', {
      model: 'per-device',
      billing: 'yearly',
      termYears: 1,
      annualPricePerDevice: '120.00',
      devices: 1,
    });
    log.activate('d1', 'u1', '2026-01-01').activate('d2', 'u2', '2026-02-20');
    // 120.00 × 337 / 365 = 110.794... → 110.79
    expect(summary(between(log, '2026-01-31', '2026-05-31'))).toEqual([
      ['2026-01-31', 'term 1 120.00', '120.00'],
      ['2026-02-28', 'overage 1 110.79', '110.79'],
      ['2026-03-31', '', '0.00'],
      ['2026-04-30', '', '0.00'],
      ['2026-05-31', '', '0.00'],
    ]);
  });

  it('a 2-year term: paid 2 × annual up front, prorated over 730 days, renewed for 1 year at a new price', () => {
    const log = eventLog().subscribe('2025-03-15', {
      model: 'per-device',
      billing: 'yearly',
      termYears: 2,
      annualPricePerDevice: '100.00',
      devices: 3,
    });
    withDevices(log, 3, '2025-03-01');
    log.activate('d4', 'u4', '2026-03-01');
    log.renew({ termStart: '2027-03-15', termYears: 1, annualPricePerDevice: '110.00' }, '2027-02-01');
    const invoices = between(log, '2025-03-15', '2027-04-15');
    expect(invoices[0]?.lines[0]).toMatchObject({
      description: '3 devices × 200.00 for a 2-year term (100.00 per year)',
      quantity: 3,
      unitAmount: '200.00',
      amount: '600.00',
      servicePeriod: { start: '2025-03-15', end: '2027-03-15' },
    });
    // 1 × 200.00 × 365 / 730 = 100.00
    expect(invoices.find((i) => i.billingDate === '2026-03-15')?.lines[0]).toMatchObject({
      kind: 'overage',
      quantity: 1,
      amount: '100.00',
      servicePeriod: { start: '2026-03-15', end: '2027-03-15' },
    });
    // 24 monthly dates in the first term, then the renewed term: allocation = 4 billable at the tally.
    expect(invoices.filter((i) => i.lines.length > 0).map((i) => i.billingDate)).toEqual([
      '2025-03-15',
      '2026-03-15',
      '2027-03-15',
    ]);
    expect(invoices.find((i) => i.billingDate === '2027-03-15')?.lines[0]).toMatchObject({
      kind: 'term',
      quantity: 4,
      unitAmount: '110.00',
      amount: '440.00',
      servicePeriod: { start: '2027-03-15', end: '2028-03-15' },
      tallyAt: '2027-03-13T00:00:00Z',
    });
  });

  it('a leap-day anchor: 365-day first term, 336 days left on 2024-03-29, renewal on 2025-02-28, then the 29th again', () => {
    const log = eventLog().subscribe('2024-02-29', {
      model: 'per-device',
      billing: 'yearly',
      termYears: 1,
      annualPricePerDevice: '120.00',
      devices: 1,
    });
    log.activate('d1', 'u1', '2024-02-01').activate('d2', 'u2', '2024-03-20');
    log.renew({ termStart: '2025-02-28' }, '2025-02-01');
    const invoices = between(log, '2024-02-29', '2025-03-29');
    // 120.00 × 336 / 365 = 110.4657... → 110.47
    expect(invoices[1]).toMatchObject({ billingDate: '2024-03-29', total: '110.47' });
    expect(invoices[1]?.lines[0]?.description).toContain('336/365 days');
    expect(invoices.find((i) => i.billingDate === '2025-02-28')?.lines[0]).toMatchObject({
      kind: 'term',
      quantity: 2,
      amount: '240.00',
      servicePeriod: { start: '2025-02-28', end: '2026-02-28' },
    });
    // Monthly dates come from the anchor every time: 2024-02-29 + 13 months is 2025-03-29.
    expect(invoices.at(-1)?.billingDate).toBe('2025-03-29');
  });

  it('nothing is billed in a term that began without a renewal', () => {
    const log = eventLog().subscribe('2025-03-15', {
      model: 'per-device',
      billing: 'yearly',
      termYears: 1,
      annualPricePerDevice: '120.00',
      devices: 1,
    });
    expect(between(log, '2026-03-15', '2026-12-31')).toEqual([]);
    const error = failureAt(log.events, '2026-03-15');
    expect(error.code).toBe('NotBilled');
    expect(error.message).toContain('2026-03-15');
  });

  it('JPY: an exact half rounds differently half-up and half-even (183 × 245 / 366 = 122.5)', () => {
    // Term 2024-01-01 → 2025-01-01 is 366 days; 2024-05-01 → 2025-01-01 is 245 days.
    const jpy = (rounding: 'half-up' | 'half-even') => {
      const log = eventLog({ currency: 'JPY', rounding }).subscribe('2024-01-01', {
        model: 'per-device',
        billing: 'yearly',
        termYears: 1,
        annualPricePerDevice: '183',
        devices: 1,
      });
      return log.activate('d1', 'u1', '2023-12-01').activate('d2', 'u2', '2024-04-10');
    };
    expect(at(jpy('half-up'), '2024-05-01').lines[0]?.amount).toBe('123');
    expect(at(jpy('half-even'), '2024-05-01').lines[0]?.amount).toBe('122');
    expect(at(jpy('half-up'), '2024-05-01').total).toBe('123');
  });
});

describe('per-device monthly (docs/billing.md#per-device-monthly)', () => {
  it('vector 5: the tally 48 exact hours before the DST change; 07:30Z is not in it, 06:59:59Z is', () => {
    const log = eventLog({ timeZone: 'America/Los_Angeles' }).subscribe('2026-01-09', monthly);
    log.activate('early', 'u1', '2026-03-07T06:59:59Z').activate('late', 'u2', '2026-03-07T07:30:00Z');
    expect(at(log, '2026-03-09').lines).toEqual([
      {
        kind: 'devices',
        description: '1 device × 10.00',
        quantity: 1,
        unitAmount: '10.00',
        amount: '10.00',
        servicePeriod: { start: '2026-03-09', end: '2026-04-09' },
        tallyAt: '2026-03-07T07:00:00Z',
      },
    ]);
    expect(at(log, '2026-04-09').lines[0]?.quantity).toBe(2);
  });

  it('a tally across the autumn change: 2026-11-02 starts 08:00Z (PST), tally 2026-10-31T08:00Z', () => {
    const log = eventLog({ timeZone: 'America/Los_Angeles' }).subscribe('2026-09-02', monthly);
    expect(at(log, '2026-11-02').lines[0]?.tallyAt).toBe('2026-10-31T08:00:00Z');
  });

  it('vector 6: zero devices give one minimum line, quantity 1, on every invoice', () => {
    const invoices = between(eventLog().subscribe('2026-01-01', monthly), '2026-01-01', '2026-04-01');
    expect(invoices).toHaveLength(4);
    for (const invoice of invoices) {
      expect(invoice.lines).toEqual([
        {
          kind: 'minimum',
          description: 'minimum 1 license × 10.00',
          quantity: 1,
          unitAmount: '10.00',
          amount: '10.00',
          servicePeriod: { start: invoice.billingDate, end: expect.any(String) },
          tallyAt: expect.any(String),
        },
      ]);
      expect(invoice.total).toBe('10.00');
    }
  });

  it('vector 7: a deactivated device in cold storage is billed every month until ArchivePurged', () => {
    const log = eventLog({ coldStorage: true }).subscribe('2026-01-01', monthly);
    log.activate('d1', 'u1', '2025-12-01');
    log.activate('d2', 'u2', '2026-01-05').archive('a2', 'd2', '2026-01-06');
    log.deactivate('d2', '2026-02-10');
    log.purge('a2', '2026-04-20');
    expect(summary(between(log, '2026-01-01', '2026-06-01'))).toEqual([
      ['2026-01-01', 'devices 1 10.00', '10.00'],
      ['2026-02-01', 'devices 2 20.00', '20.00'],
      ['2026-03-01', 'devices 2 20.00', '20.00'],
      ['2026-04-01', 'devices 2 20.00', '20.00'],
      ['2026-05-01', 'devices 1 10.00', '10.00'],
      ['2026-06-01', 'devices 1 10.00', '10.00'],
    ]);
  });

  it('cancellation: a date is billed only when its start is before the cancellation instant', () => {
    const canceledAt = (instant: string) => eventLog().subscribe('2026-01-01', monthly).cancel(instant);
    expect(
      between(canceledAt('2026-04-01T00:00:00Z'), '2026-01-01', '2026-12-31').map((i) => i.billingDate),
    ).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(between(canceledAt('2026-04-01T00:00:01Z'), '2026-01-01', '2026-12-31').at(-1)?.billingDate).toBe(
      '2026-04-01',
    );
    const error = failureAt(canceledAt('2026-04-01T00:00:00Z').events, '2026-05-01');
    expect(error.code).toBe('NotBilled');
    expect(error.message).toContain('2026-04-01T00:00:00Z');
  });

  it('a date that is not a billing date names the nearest billing dates before and after', () => {
    const log = eventLog().subscribe('2026-01-31', monthly);
    const error = failureAt(log.events, '2026-03-15');
    expect(error).toMatchObject({
      code: 'NotABillingDate',
      nearestBefore: '2026-02-28',
      nearestAfter: '2026-03-31',
    });
    expect(error.message).toContain('2026-02-28');
    expect(error.message).toContain('2026-03-31');
    const early = failureAt(log.events, '2025-12-31');
    expect(early).toMatchObject({ code: 'NotABillingDate', nearestAfter: '2026-01-31' });
    expect(early.nearestBefore).toBeUndefined();
  });
});

describe('per-user (docs/billing.md#per-user)', () => {
  it('a department year with changes every quarter, by hand', () => {
    const log = eventLog({ coldStorage: true }).subscribe('2025-01-01', {
      model: 'per-user',
      annualPricePerLicense: '1000.00',
      initialLicenses: 5,
    });
    // Q1: three users back up; u4 registers a device but never backs up (holds no license).
    log.backedUp('u1', '2025-01-10').backedUp('u2', '2025-01-10').backedUp('u3', '2025-01-10');
    log.activate('d-u4', 'u4', '2025-01-10');
    // Tally 2025-02-15: u1 u2 u3 = 3.
    // Q2: u4's first backup, u5 joins, u2 canceled (data deleted), u1's device deactivated but
    // its archive stays in cold storage (still in use).
    log.archive('a-u4', 'd-u4', '2025-03-01').backedUp('u5', '2025-03-05');
    log.deactivate('d-u2', '2025-04-01').purge('a-u2', '2025-04-01');
    log.deactivate('d-u1', '2025-04-02');
    // Tally 2025-05-15: u1 u3 u4 u5 = 4.
    log.backedUp('u6', '2025-06-01').backedUp('u7', '2025-06-01').purge('a-u1', '2025-07-01');
    // Tally 2025-08-15: u3 u4 u5 u6 u7 = 5.
    log.deactivate('d-u3', '2025-09-01').purge('a-u3', '2025-09-01');
    log.backedUp('u8', '2025-11-14T23:59:59Z').backedUp('u9', '2025-11-15T00:00:00Z');
    log.backedUp('u10', '2025-11-15T00:00:01Z');
    // Tally 2025-11-15T00:00:00Z: u4 u5 u6 u7 u8 u9 = 6 (u10 is one second late).
    // Installments of 1000.00: 83.33, 83.34, 83.33, 83.33, 83.34, 83.33, 83.33, 83.34, 83.33, 83.33, 83.34, 83.33.
    expect(summary(between(log, '2025-01-01', '2025-12-31'))).toEqual([
      ['2025-01-01', 'installment 5 416.65', '416.65'], // no tally yet: initialLicenses 5 × 83.33
      ['2025-02-01', 'installment 5 416.70', '416.70'], // 5 × 83.34
      ['2025-03-01', 'installment 3 249.99', '249.99'], // 3 × 83.33
      ['2025-04-01', 'installment 3 249.99', '249.99'], // 3 × 83.33
      ['2025-05-01', 'installment 3 250.02', '250.02'], // 3 × 83.34
      ['2025-06-01', 'installment 4 333.32', '333.32'], // 4 × 83.33
      ['2025-07-01', 'installment 4 333.32', '333.32'], // 4 × 83.33
      ['2025-08-01', 'installment 4 333.36', '333.36'], // 4 × 83.34
      ['2025-09-01', 'installment 5 416.65', '416.65'], // 5 × 83.33
      ['2025-10-01', 'installment 5 416.65', '416.65'], // 5 × 83.33
      ['2025-11-01', 'installment 5 416.70', '416.70'], // 5 × 83.34
      ['2025-12-01', 'installment 6 499.98', '499.98'], // 6 × 83.33
    ]);
    const march = at(log, '2025-03-01').lines[0];
    expect(march).toEqual({
      kind: 'installment',
      description: '3 licenses × installment 3 of 12 (83.33)',
      quantity: 3,
      unitAmount: '83.33',
      amount: '249.99',
      servicePeriod: { start: '2025-03-01', end: '2025-04-01' },
      tallyAt: '2025-02-15T00:00:00Z',
    });
    expect(at(log, '2025-01-01').lines[0]?.tallyAt).toBeNull();
  });

  it('Q = 0 leaves the line out: an invoice with no lines and total 0.00', () => {
    const log = eventLog().subscribe('2026-01-01', {
      model: 'per-user',
      annualPricePerLicense: '1000.00',
      initialLicenses: 0,
    });
    expect(at(log, '2026-01-01')).toMatchObject({ lines: [], total: '0.00' });
  });

  it('the next year needs SubscriptionRenewed, which may change the price', () => {
    const log = eventLog().subscribe('2026-01-01', {
      model: 'per-user',
      annualPricePerLicense: '1000.00',
      initialLicenses: 5,
    });
    log.backedUp('u1', '2026-01-05').backedUp('u2', '2026-01-05');
    expect(failureAt(log.events, '2027-01-01').code).toBe('NotBilled');
    log.renew({ termStart: '2027-01-01', annualPricePerLicense: '1200.00' }, '2026-12-01');
    // Latest tally 2026-11-15: 2 licenses; installment 1 of 1200.00 = 100.00.
    expect(at(log, '2027-01-01').lines[0]).toMatchObject({
      description: '2 licenses × installment 1 of 12 (100.00)',
      amount: '200.00',
      tallyAt: '2026-11-15T00:00:00Z',
    });
  });

  it('JPY 1206 a year: installment 1 is 100.5 exactly, so half-up 101 and half-even 100', () => {
    const jpy = (rounding: 'half-up' | 'half-even') =>
      eventLog({ currency: 'JPY', rounding }).subscribe('2026-01-01', {
        model: 'per-user',
        annualPricePerLicense: '1206',
        initialLicenses: 2,
        tallySchedule: [],
      });
    // round(100.5) − round(0) and round(201) − round(100.5)
    expect(summary(between(jpy('half-up'), '2026-01-01', '2026-02-01'))).toEqual([
      ['2026-01-01', 'installment 2 202', '202'],
      ['2026-02-01', 'installment 2 200', '200'],
    ]);
    expect(summary(between(jpy('half-even'), '2026-01-01', '2026-02-01'))).toEqual([
      ['2026-01-01', 'installment 2 200', '200'],
      ['2026-02-01', 'installment 2 202', '202'],
    ]);
  });
});

describe('determinism', () => {
  it('the same events give the same bytes', () => {
    const build = () => {
      const log = eventLog().subscribe('2026-01-31', monthly);
      return withDevices(log, 3, '2026-01-01');
    };
    const bytes = (log: EventLog) => {
      const result = invoiceAt(log.events, { orgId: 'acme', billingDate: '2026-02-28', asKnownAt: KNOWN });
      if (result._tag === 'Left') throw new Error(result.left.message);
      return serializeInvoice(result.right);
    };
    expect(bytes(build())).toBe(bytes(build()));
    expect(bytes(build())).toContain('"asKnownAt":"2030-01-01T00:00:00Z"');
  });
});
