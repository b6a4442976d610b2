// Expected failures of invoicing, as values: a caller (the CLI, an auditor's script) can branch on
// `code` and show `message`, which names the org, the event, the date or the field at fault.
import type { CivilDate } from '../events/types.js';

export type BillingErrorCode =
  | 'UnknownOrganization'
  | 'NoSubscription'
  | 'InconsistentLog'
  | 'InvalidPrice'
  | 'InvalidRenewal'
  | 'InvalidArgument'
  | 'NotABillingDate'
  | 'NotBilled'
  | 'NoSuchLine'
  /** A date the billing rules need (a service period's end, a tally instant) would fall
   * outside the years 0001-9999. */
  | 'DateOutOfRange';

export interface BillingError {
  readonly code: BillingErrorCode;
  readonly message: string;
  /** For `NotABillingDate`: the nearest billing dates around the date asked for (absent when
   * there is none, e.g. before the subscription's first billing date). */
  readonly nearestBefore?: CivilDate;
  readonly nearestAfter?: CivilDate;
}

export function billingError(
  code: BillingErrorCode,
  message: string,
  nearest: { readonly before?: CivilDate | undefined; readonly after?: CivilDate | undefined } = {},
): BillingError {
  return {
    code,
    message,
    ...(nearest.before === undefined ? {} : { nearestBefore: nearest.before }),
    ...(nearest.after === undefined ? {} : { nearestAfter: nearest.after }),
  };
}

const CODES: ReadonlySet<string> = new Set<BillingErrorCode>([
  'UnknownOrganization',
  'NoSubscription',
  'InconsistentLog',
  'InvalidPrice',
  'InvalidRenewal',
  'InvalidArgument',
  'NotABillingDate',
  'NotBilled',
  'NoSuchLine',
  'DateOutOfRange',
]);

export function isBillingError(value: unknown): value is BillingError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return (
    typeof candidate.code === 'string' && CODES.has(candidate.code) && typeof candidate.message === 'string'
  );
}
