// A subscription's billing dates, anchored monthly (docs/money-and-time.md#anchored-schedules): `startDate + k
// months` computed from the anchor every time and clamped to month end.
import { addMonthsClamped, type CivilDate, type SubscriptionStarted } from '@tally/domain';
import fc from 'fast-check';

/** Anything that names a subscription's start date: the event, its data, or a generated log. */
export type SubscriptionLike =
  | SubscriptionStarted
  | SubscriptionStarted['data']
  | { readonly startDate: CivilDate }
  | CivilDate;

export interface BillingDateOptions {
  /** Largest k in `startDate + k months`; default 24. */
  readonly maxMonths?: number;
}

const startDateOf = (subscription: SubscriptionLike): CivilDate =>
  typeof subscription === 'string'
    ? subscription
    : 'data' in subscription
      ? subscription.data.startDate
      : subscription.startDate;

/** The k-th billing date with its k, shrinking toward the start date itself (k = 0). */
export function arbBillingMonth(
  subscription: SubscriptionLike,
  options: BillingDateOptions = {},
): fc.Arbitrary<{ readonly k: number; readonly billingDate: CivilDate }> {
  const anchor = startDateOf(subscription);
  return fc
    .nat({ max: options.maxMonths ?? 24 })
    .map((k) => ({ k, billingDate: addMonthsClamped(anchor, k) }));
}

/** A billing date of the subscription: one of its anchored monthly dates. */
export function arbBillingDate(
  subscription: SubscriptionLike,
  options: BillingDateOptions = {},
): fc.Arbitrary<CivilDate> {
  return arbBillingMonth(subscription, options).map(({ billingDate }) => billingDate);
}
