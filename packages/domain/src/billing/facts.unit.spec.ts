import { describe, expect, it } from 'vitest';
import { eventLog } from './event-log.spec-helper.js';
import type { BillingFacts } from './facts.js';
import { collectBillingFacts } from './facts.js';

const yearly = {
  model: 'per-device',
  billing: 'yearly',
  termYears: 1,
  annualPricePerDevice: '120.00',
  devices: 10,
} as const;
const perUser = { model: 'per-user', annualPricePerLicense: '1000.00', initialLicenses: 5 } as const;
const known = '2030-01-01T00:00:00Z';

const facts = (events: Parameters<typeof collectBillingFacts>[0], asKnownAt = known): BillingFacts => {
  const result = collectBillingFacts(events, { orgId: 'acme', asKnownAt });
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
};
const failure = (events: Parameters<typeof collectBillingFacts>[0], orgId = 'acme', asKnownAt = known) => {
  const result = collectBillingFacts(events, { orgId, asKnownAt });
  if (result._tag === 'Right') throw new Error('expected a BillingError');
  return result.left;
};

describe('collectBillingFacts', () => {
  it('reads zone, currency, the default half-up rounding and the 48-hour lead', () => {
    const log = eventLog({ timeZone: 'America/Los_Angeles', currency: 'EUR' }).subscribe(
      '2026-01-09',
      yearly,
    );
    const f = facts(log.events);
    expect(f).toMatchObject({
      timeZone: 'America/Los_Angeles',
      currency: 'EUR',
      rounding: 'half-up',
      tallyLeadHours: 48,
      startDate: '2026-01-09',
      startInstant: '2026-01-09T08:00:00Z',
      canceledAt: null,
    });
    expect(f.billing).toMatchObject({ model: 'per-device-yearly', devicesOrdered: 10 });
  });

  it('chains renewals in termStart order whatever order they were appended in', () => {
    const log = eventLog().subscribe('2024-02-29', yearly);
    log.renew({ termStart: '2026-02-28', termYears: 2, annualPricePerDevice: '150.00' }, '2026-02-01');
    log.renew({ termStart: '2025-02-28' }, '2025-02-01');
    const f = facts(log.events);
    if (f.billing.model !== 'per-device-yearly') throw new Error('model');
    expect(f.billing.terms.map((t) => [t.start, t.end, t.termYears, t.annualPrice])).toEqual([
      ['2024-02-29', '2025-02-28', 1, 12000n],
      ['2025-02-28', '2026-02-28', 1, 12000n],
      ['2026-02-28', '2028-02-29', 2, 15000n],
    ]);
  });

  it('refuses a renewal whose termStart is not the current term end, naming both dates', () => {
    const log = eventLog().subscribe('2024-02-29', yearly).renew({ termStart: '2025-03-01' }, '2025-02-01');
    const error = failure(log.events);
    expect(error.code).toBe('InvalidRenewal');
    expect(error.message).toContain('2025-03-01');
    expect(error.message).toContain('2025-02-28');
  });

  it('drops events recorded after asKnownAt (a renewal and a cancellation not known yet)', () => {
    const log = eventLog().subscribe('2026-01-01', perUser);
    log.renew({ termStart: '2027-01-01' }, '2026-12-01', '2026-12-01T00:00:00Z');
    log.cancel('2026-06-01', '2026-06-02');
    const early = facts(log.events, '2026-06-01T12:00:00Z');
    expect(early.canceledAt).toBeNull();
    if (early.billing.model !== 'per-user') throw new Error('model');
    expect(early.billing.terms).toHaveLength(1);
    const late = facts(log.events);
    expect(late.canceledAt).toBe('2026-06-01T00:00:00Z');
  });

  it('takes the earliest cancellation', () => {
    const log = eventLog().subscribe('2026-01-01', perUser).cancel('2026-08-01').cancel('2026-05-01');
    expect(facts(log.events).canceledAt).toBe('2026-05-01T00:00:00Z');
  });

  it('gives typed errors for an unknown org, no subscription, a bad price and a bad asKnownAt', () => {
    const registered = eventLog();
    expect(failure(registered.events, 'other').code).toBe('UnknownOrganization');
    expect(failure(registered.events).code).toBe('NoSubscription');
    const badPrice = eventLog({ currency: 'JPY' }).subscribe('2026-01-01', {
      ...perUser,
      annualPricePerLicense: '10.50',
    });
    const error = failure(badPrice.events);
    expect(error.code).toBe('InvalidPrice');
    expect(error.message).toContain('annualPricePerLicense');
    expect(failure(registered.events, 'acme', 'yesterday').code).toBe('InvalidArgument');
  });

  it('refuses a second SubscriptionStarted and a renewal of a monthly plan', () => {
    const twice = eventLog().subscribe('2026-01-01', perUser).subscribe('2026-02-01', perUser);
    expect(failure(twice.events).code).toBe('InconsistentLog');
    const monthly = eventLog()
      .subscribe('2026-01-01', { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' })
      .renew({ termStart: '2027-01-01' }, '2026-12-01');
    expect(failure(monthly.events).code).toBe('InvalidRenewal');
  });
});
