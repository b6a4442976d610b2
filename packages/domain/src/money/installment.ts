// The 12 monthly installments of a per-user annual price (docs/money-and-time.md#installments). Each is the
// difference of two cumulative roundings, so the rounding errors cancel and the 12 sum to P.
import type { Rounding } from '../events/types.js';
import { mulDivRound } from './rounding.js';

export const INSTALLMENTS_PER_YEAR = 12;

/** Installment k (1..12) of an annual amount: `round(P·k/12) − round(P·(k−1)/12)`.
 * P = 1000.00 gives 83.33, 83.34, 83.33, 83.33, 83.34, ... and the twelve sum to exactly P. */
export function installment(annualMinor: bigint, k: number, rounding: Rounding): bigint {
  if (!Number.isInteger(k) || k < 1 || k > INSTALLMENTS_PER_YEAR) {
    throw new RangeError(`installment: k must be an integer from 1 to ${INSTALLMENTS_PER_YEAR}, got ${k}`);
  }
  const months = BigInt(INSTALLMENTS_PER_YEAR);
  const through = (n: number) => mulDivRound(annualMinor, BigInt(n), months, rounding);
  return through(k) - through(k - 1);
}
