// The organization the issuing specs start from: registered in UTC and subscribed per device,
// monthly at 10.00, from 2026-01-01.
import type { Command } from '@tally/domain';

export const ACME = 'acme';
export const ACME_SET_UP_AT = '2026-01-01T00:00:00Z';

export const acmeSetUp: readonly Command[] = [
  {
    type: 'RegisterOrganization',
    orgId: ACME,
    at: ACME_SET_UP_AT,
    data: {
      name: 'Acme',
      serialCode: 'AC',
      billingAccount: 'BA-1',
      timeZone: 'UTC',
      currency: 'USD',
      coldStorage: false,
    },
  },
  {
    type: 'StartSubscription',
    orgId: ACME,
    at: ACME_SET_UP_AT,
    data: {
      startDate: '2026-01-01',
      plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
    },
  },
];
