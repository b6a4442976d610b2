// Counts and limits: JSON numbers that are exact integers (no 1.5 devices, no 1e300).
import { left, right } from 'fp-ts/lib/Either.js';
import { type Codec, primitive } from './combinators.js';
import { show } from './show.js';

function integerAtLeast(min: number, noun: string): Codec<number> {
  return primitive(noun, (input) =>
    typeof input === 'number' && Number.isSafeInteger(input) && input >= min
      ? right(input + 0) // `+ 0` turns -0 into 0, so encoding and decoding agree
      : left(`expected ${noun}, got ${show(input)}`),
  );
}

export const PositiveInteger: Codec<number> = integerAtLeast(1, 'a positive integer');
export const NonNegativeInteger: Codec<number> = integerAtLeast(0, 'a non-negative integer');
/** A signed count (an adjustment's quantity difference). */
export const Integer: Codec<number> = integerAtLeast(Number.MIN_SAFE_INTEGER, 'an integer');

/** An integer in `[min, max]` (a month number). */
export function integerBetween(min: number, max: number): Codec<number> {
  const noun = `an integer from ${min} to ${max}`;
  return primitive(noun, (input) =>
    typeof input === 'number' && Number.isSafeInteger(input) && input >= min && input <= max
      ? right(input + 0)
      : left(`expected ${noun}, got ${show(input)}`),
  );
}
