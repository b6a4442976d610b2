// The plan in words for the report header: what is counted, at what price, over which terms.
import { type BillingFacts, DEFAULT_TALLY_SCHEDULE, formatMoney, type Plan } from '@tally/domain';
import { MONTH_NAMES } from './chart-scales.js';
import type { PlanSummary } from './types.js';

export function summarizePlan(facts: BillingFacts, plan: Plan | undefined): PlanSummary {
  const money = (minor: bigint) => `${formatMoney(minor, facts.currency)} ${facts.currency}`;
  const common = [
    `Subscription started ${facts.startDate}`,
    ...(facts.canceledAt === null ? [] : [`Canceled, effective ${facts.canceledAt}`]),
  ];
  // Per-device plans count at the billing date's start less the plan's lead (tallyLeadHours).
  const lead =
    facts.tallyLeadHours === 0
      ? `at the start of the billing date in ${facts.timeZone}`
      : `${facts.tallyLeadHours} h before the start of the billing date in ${facts.timeZone}`;
  const deviceTally = `billable devices are counted ${lead} (not before the subscription's start)`;
  const billing = facts.billing;
  switch (billing.model) {
    case 'per-user': {
      const schedule = (billing.tallySchedule ?? DEFAULT_TALLY_SCHEDULE)
        .map(({ month, day }) => `${MONTH_NAMES[month - 1] ?? month} ${day}`)
        .join(', ');
      return {
        model: 'per-user',
        label: 'Per-user licenses, paid in 12 monthly installments a year',
        details: [
          ...billing.terms.map(
            (term) =>
              `Subscription year ${term.start} to ${term.end}: ${money(term.annualPrice)} per license per year`,
          ),
          `Quantity: licenses in use at the latest tally date (${schedule}) on or before the billing date, counted at the start of that date in ${facts.timeZone}; ${billing.initialLicenses} initial licenses before the first`,
          ...common,
        ],
      };
    }
    case 'per-device-monthly':
      return {
        model: 'per-device-monthly',
        label: 'Per-device, monthly',
        details: [
          `${money(billing.monthlyPrice)} per billable device per month, at least one license`,
          `Quantity: ${deviceTally}`,
          ...common,
        ],
      };
    case 'per-device-yearly': {
      const years = plan?.model === 'per-device' && plan.billing === 'yearly' ? plan.termYears : undefined;
      return {
        model: 'per-device-yearly',
        label: `Per-device, yearly${years === undefined ? '' : ` (${years}-year terms)`}, paid up front`,
        details: [
          ...billing.terms.map(
            (term) => `Term ${term.start} to ${term.end}: ${money(term.annualPrice)} per device per year`,
          ),
          `Allocation: ${billing.devicesOrdered} devices ordered (at least 1); monthly checks bill devices over it, prorated to the term's end`,
          `Monthly checks and renewed terms: ${deviceTally}; the first term's allocation is the devices ordered`,
          ...common,
        ],
      };
    }
  }
}
