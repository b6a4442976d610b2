// Which fields a renewal may carry for a plan (docs/billing.md, "Which billing dates are
// billed"): a per-user year is 1 year and may change its license price; a per-device yearly term
// may change its length and its device price; a per-device monthly plan is never renewed. One
// rule for the decider, the log checker and billing, so a log the checker accepts is a log
// billing can price.
import type { Plan, SubscriptionRenewed } from '../events/types.js';

export interface RenewalFieldProblem {
  /** `data.annualPricePerDevice`, or `type` when the plan is never renewed. */
  readonly field: string;
  readonly problem: string;
}

export function renewalFieldProblem(
  plan: Plan,
  data: SubscriptionRenewed['data'],
): RenewalFieldProblem | undefined {
  if (plan.model === 'per-user') {
    if (data.termYears !== undefined && data.termYears !== 1) {
      return {
        field: 'data.termYears',
        problem: `a per-user subscription year is 1 year, not ${data.termYears}`,
      };
    }
    return data.annualPricePerDevice === undefined
      ? undefined
      : {
          field: 'data.annualPricePerDevice',
          problem: 'annualPricePerDevice on a per-user subscription (use annualPricePerLicense)',
        };
  }
  if (plan.billing === 'monthly') {
    return { field: 'type', problem: 'a per-device monthly subscription is never renewed' };
  }
  return data.annualPricePerLicense === undefined
    ? undefined
    : {
        field: 'data.annualPricePerLicense',
        problem: 'annualPricePerLicense on a per-device subscription (use annualPricePerDevice)',
      };
}
