// One exact rounding of a fraction of an amount (docs/money-and-time.md#rounding-once). Every money rule is
// "amount × numerator / denominator, rounded once", so this is the only place money is rounded.
import type { Rounding } from '../events/types.js';

/** `amount × numerator / denominator` rounded once to an integer. Off an exact half it rounds to
 * the nearest integer; on an exact half `half-up` goes away from zero (2.5 → 3, -2.5 → -3) and
 * `half-even` goes to the even neighbour (2.5 → 2, 3.5 → 4, -2.5 → -2). The denominator must be
 * positive (callers pass day counts and month counts; a sign there is a bug). */
export function mulDivRound(
  amount: bigint,
  numerator: bigint,
  denominator: bigint,
  rounding: Rounding,
): bigint {
  if (denominator <= 0n) {
    throw new RangeError(`mulDivRound: denominator must be positive, got ${denominator}`);
  }
  const product = amount * numerator;
  // BigInt division truncates toward zero and the remainder takes the dividend's sign, so work
  // on magnitudes and put the sign back at the end: rounding is then symmetric around zero.
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const quotient = magnitude / denominator;
  const twiceRemainder = (magnitude % denominator) * 2n;
  let rounded = quotient;
  if (twiceRemainder > denominator) rounded = quotient + 1n;
  else if (twiceRemainder === denominator) {
    const roundAway = rounding === 'half-up' || quotient % 2n === 1n;
    if (roundAway) rounded = quotient + 1n;
  }
  return negative ? -rounded : rounded;
}
