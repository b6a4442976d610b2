import { describe, expect, it } from 'vitest';
import type { Plan } from '../events/types.js';
import { eventLog } from './event-log.spec-helper.js';
import { collectBillingFacts } from './facts.js';
import { monthIndexAtOrAfter, scheduleInvoices } from './schedule.js';

const monthly: Plan = { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' };
const yearly: Plan = {
  model: 'per-device',
  billing: 'yearly',
  termYears: 1,
  annualPricePerDevice: '120.00',
  devices: 1,
};
const perUser: Plan = { model: 'per-user', annualPricePerLicense: '1000.00', initialLicenses: 5 };

const schedule = (log: ReturnType<typeof eventLog>, from: string, to: string) => {
  const facts = collectBillingFacts(log.events, { orgId: 'acme', asKnownAt: '2040-01-01T00:00:00Z' });
  if (facts._tag === 'Left') throw new Error(facts.left.message);
  const result = scheduleInvoices(facts.right, from, to);
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
};

describe('scheduleInvoices', () => {
  it('vector 1: anchor 2026-01-31 monthly bills 01-31, 02-28, 03-31, 04-30', () => {
    const s = schedule(eventLog().subscribe('2026-01-31', monthly), '2026-01-01', '2026-05-15');
    expect(s.entries.map((e) => e.billingDate)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
    expect(s.entries.map((e) => e.nextBillingDate)).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
  });

  it('vector 2: anchor 2024-02-29 yearly, terms start 2024-02-29, 2025-02-28, 2026-02-28, 2027-02-28, 2028-02-29', () => {
    const log = eventLog().subscribe('2024-02-29', yearly);
    for (const termStart of ['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']) {
      log.renew({ termStart }, '2024-03-01');
    }
    const s = schedule(log, '2024-01-01', '2029-03-31');
    expect(s.entries.filter((e) => e.kind === 'term-start').map((e) => e.billingDate)).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
    ]);
    // 12 months per term, five terms: 60 billing dates; the last term ends on 2029-02-28.
    expect(s.entries).toHaveLength(60);
  });

  it('vector 5: a Los Angeles tally 48 exact hours before 2026-03-09 crosses the DST change', () => {
    const log = eventLog({ timeZone: 'America/Los_Angeles' }).subscribe('2026-01-09', monthly);
    const s = schedule(log, '2026-03-09', '2026-03-09');
    expect(s.entries.map((e) => e.tallyAt)).toEqual(['2026-03-07T07:00:00Z']);
  });

  it('never tallies before the start of the subscription', () => {
    const s = schedule(eventLog().subscribe('2026-01-01', monthly), '2026-01-01', '2026-02-01');
    expect(s.entries.map((e) => e.tallyAt)).toEqual(['2026-01-01T00:00:00Z', '2026-01-30T00:00:00Z']);
  });

  it('per-user: the latest tally date on or before the billing date, none before the first', () => {
    const log = eventLog().subscribe('2026-01-15', perUser);
    const s = schedule(log, '2026-01-01', '2026-06-30');
    expect(s.entries.map((e) => [e.billingDate, e.tallyAt])).toEqual([
      ['2026-01-15', null],
      ['2026-02-15', '2026-02-15T00:00:00Z'],
      ['2026-03-15', '2026-02-15T00:00:00Z'],
      ['2026-04-15', '2026-02-15T00:00:00Z'],
      ['2026-05-15', '2026-05-15T00:00:00Z'],
      ['2026-06-15', '2026-05-15T00:00:00Z'],
    ]);
    expect(s.tallyInstants).toEqual(['2026-02-15T00:00:00Z', '2026-05-15T00:00:00Z']);
  });

  it('per-user: ends with the year unless renewed', () => {
    const s = schedule(eventLog().subscribe('2026-01-15', perUser), '2026-01-01', '2027-06-30');
    expect(s.entries.at(-1)?.billingDate).toBe('2026-12-15');
  });

  it('a range inside a yearly term also walks the term from its start (for the allocation)', () => {
    const s = schedule(eventLog().subscribe('2026-01-31', yearly), '2026-06-01', '2026-07-31');
    expect(s.entries.map((e) => [e.billingDate, e.kind, e.inRange])).toEqual([
      ['2026-01-31', 'term-start', false],
      ['2026-02-28', 'monthly-check', false],
      ['2026-03-31', 'monthly-check', false],
      ['2026-04-30', 'monthly-check', false],
      ['2026-05-31', 'monthly-check', false],
      ['2026-06-30', 'monthly-check', true],
      ['2026-07-31', 'monthly-check', true],
    ]);
  });

  it('stops at the cancellation: a date is billed only when it starts before it', () => {
    const log = eventLog().subscribe('2026-01-01', monthly).cancel('2026-04-01T00:00:00Z');
    expect(schedule(log, '2026-01-01', '2026-12-31').entries.map((e) => e.billingDate)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
  });

  it('monthIndexAtOrAfter finds the first anchored date on or after a date', () => {
    expect(monthIndexAtOrAfter('2026-01-31', '2026-03-01')).toBe(2);
    expect(monthIndexAtOrAfter('2026-01-31', '2026-02-28')).toBe(1);
    expect(monthIndexAtOrAfter('2026-01-31', '2026-03-31')).toBe(2);
    expect(monthIndexAtOrAfter('2026-01-31', '2025-01-01')).toBe(0);
  });
});
