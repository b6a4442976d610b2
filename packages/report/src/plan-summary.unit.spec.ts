// The report header says when each plan counts: per-user plans at their tally dates, per-device
// plans the plan's own lead (tallyLeadHours) before each billing date.
import { collectBillingFacts, type Plan } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { summarizePlan } from './plan-summary.js';
import { eventsOf } from './report-fixture.spec-helper.js';

function detailsOf(plan: Plan, tallyLeadHours?: number): readonly string[] {
  const events = eventsOf('acme', [
    {
      type: 'OrganizationRegistered',
      occurredAt: '2026-01-01T00:00:00Z',
      data: {
        name: 'Acme',
        serialCode: 'S',
        billingAccount: 'B',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
        coldStorage: false,
      },
    },
    {
      type: 'SubscriptionStarted',
      occurredAt: '2026-01-01T00:01:00Z',
      data: { startDate: '2026-01-10', plan, ...(tallyLeadHours === undefined ? {} : { tallyLeadHours }) },
    },
  ]);
  const facts = collectBillingFacts(events, { orgId: 'acme', asKnownAt: '2026-02-01T00:00:00Z' });
  if (facts._tag === 'Left') throw new Error(facts.left.message);
  return summarizePlan(facts.right, plan).details;
}

const monthly: Plan = { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '9.50' };
const yearly: Plan = {
  model: 'per-device',
  billing: 'yearly',
  termYears: 1,
  annualPricePerDevice: '120.00',
  devices: 3,
};
const perUser: Plan = { model: 'per-user', annualPricePerLicense: '120.00', initialLicenses: 10 };

describe('summarizePlan: when the counts are taken', () => {
  it("per-device monthly: the plan's tallyLeadHours before each billing date", () => {
    const details = detailsOf(monthly, 72);
    expect(details).toContain(
      "Quantity: billable devices are counted 72 h before the start of the billing date in Europe/Berlin (not before the subscription's start)",
    );
    expect(details.join('\n')).not.toContain('48 h');
  });

  it('per-device monthly: 48 h when the plan sets no lead, and "at the start" for a lead of 0', () => {
    expect(detailsOf(monthly).join('\n')).toContain('counted 48 h before the start of the billing date');
    expect(detailsOf(monthly, 0).join('\n')).toContain(
      'counted at the start of the billing date in Europe/Berlin',
    );
  });

  it('per-device yearly: monthly checks and renewed terms use the lead; the first term has no tally', () => {
    expect(detailsOf(yearly, 24)).toContain(
      "Monthly checks and renewed terms: billable devices are counted 24 h before the start of the billing date in Europe/Berlin (not before the subscription's start); the first term's allocation is the devices ordered",
    );
  });

  it('per-user: the tally dates, counted at their start, and no lead at all', () => {
    const details = detailsOf(perUser, 72);
    expect(details).toContain(
      'Quantity: licenses in use at the latest tally date (Feb 15, May 15, Aug 15, Nov 15) on or before the billing date, counted at the start of that date in Europe/Berlin; 10 initial licenses before the first',
    );
    expect(details.join('\n')).not.toMatch(/ h before|billing date are taken/);
    expect(details).toContain('Subscription started 2026-01-10');
  });
});
