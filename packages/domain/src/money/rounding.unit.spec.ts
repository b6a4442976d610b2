import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Rounding } from '../events/types.js';
import { mulDivRound } from './rounding.js';

const RUNS = { numRuns: 200 };
const abs = (x: bigint) => (x < 0n ? -x : x);

describe('mulDivRound examples', () => {
  test('exact halves: half-up goes away from zero, half-even to the even neighbour', () => {
    expect(mulDivRound(5n, 1n, 2n, 'half-up')).toBe(3n);
    expect(mulDivRound(5n, 1n, 2n, 'half-even')).toBe(2n);
    expect(mulDivRound(7n, 1n, 2n, 'half-up')).toBe(4n);
    expect(mulDivRound(7n, 1n, 2n, 'half-even')).toBe(4n);
    expect(mulDivRound(-5n, 1n, 2n, 'half-up')).toBe(-3n);
    expect(mulDivRound(-5n, 1n, 2n, 'half-even')).toBe(-2n);
    expect(mulDivRound(5n, -1n, 2n, 'half-up')).toBe(-3n);
    expect(mulDivRound(1n, 1n, 2n, 'half-even')).toBe(0n);
    expect(mulDivRound(-1n, 1n, 2n, 'half-up')).toBe(-1n);
  });

  test('off a half both round to the nearest integer', () => {
    for (const rounding of ['half-up', 'half-even'] as const) {
      expect(mulDivRound(1n, 1n, 3n, rounding)).toBe(0n);
      expect(mulDivRound(2n, 1n, 3n, rounding)).toBe(1n);
      expect(mulDivRound(-2n, 1n, 3n, rounding)).toBe(-1n);
      expect(mulDivRound(-1n, 1n, 3n, rounding)).toBe(0n);
      expect(mulDivRound(100000n, 7n, 12n, rounding)).toBe(58333n);
    }
  });

  test('vector 4 (docs/test-vectors.md): 120.00 × 181/365 = 59.51', () => {
    // 12000 × 181 / 365 = 5950.68...: one rounding of the exact fraction.
    expect(mulDivRound(12000n, 181n, 365n, 'half-up')).toBe(5951n);
    expect(mulDivRound(12000n, 181n, 365n, 'half-even')).toBe(5951n);
  });

  test('rounds once: 0.447 of a unit is 0, where two roundings (0.45, then 0.5) would give 1', () => {
    // 149 × 3 / 1000 = 0.447.
    expect(mulDivRound(149n, 3n, 1000n, 'half-up')).toBe(0n);
  });

  test.each([0n, -1n, -12n])('refuses the denominator %s with a RangeError naming it', (denominator) => {
    expect(() => mulDivRound(1n, 1n, denominator, 'half-up')).toThrow(
      new RangeError(`mulDivRound: denominator must be positive, got ${denominator}`),
    );
  });
});

// Reference: the nearest of the two integers around p/d, chosen by comparing exact distances
// |p − c·d| (the rational distance |p/d − c| scaled by d > 0); ties broken by the rule.
function referenceRound(p: bigint, d: bigint, rounding: Rounding): bigint {
  let floor = p / d;
  if (floor * d > p) floor -= 1n; // BigInt division truncates; step down to the true floor
  const ceil = floor + 1n;
  const distFloor = abs(p - floor * d);
  const distCeil = abs(p - ceil * d);
  if (distFloor < distCeil) return floor;
  if (distCeil < distFloor) return ceil;
  if (rounding === 'half-even') return floor % 2n === 0n ? floor : ceil;
  return abs(floor) > abs(ceil) ? floor : ceil;
}

const amount = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n });
const numerator = fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n });
const denominator = fc.oneof(fc.bigInt({ min: 1n, max: 20n }), fc.bigInt({ min: 1n, max: 10n ** 9n }));
const rounding = fc.constantFrom<Rounding>('half-up', 'half-even');

describe('mulDivRound properties', () => {
  test.prop([amount, numerator, denominator, rounding], RUNS)(
    'equals the nearest integer found by exact rational comparison',
    (a, n, d, r) => {
      expect(mulDivRound(a, n, d, r)).toBe(referenceRound(a * n, d, r));
    },
  );

  test.prop([amount, numerator, denominator, rounding], RUNS)(
    'is within half a unit of the exact value',
    (a, n, d, r) => {
      const result = mulDivRound(a, n, d, r);
      expect(abs(a * n - result * d) * 2n <= d).toBe(true);
    },
  );

  test.prop([amount, numerator, denominator], RUNS)(
    'half-up and half-even differ exactly on exact halves whose truncated quotient is even',
    (a, n, d) => {
      const p = a * n;
      const exactHalf = (2n * p) % d === 0n && p % d !== 0n;
      const truncatedEven = (p / d) % 2n === 0n;
      const up = mulDivRound(a, n, d, 'half-up');
      const even = mulDivRound(a, n, d, 'half-even');
      expect(up !== even).toBe(exactHalf && truncatedEven);
      if (up !== even) expect(abs(up)).toBe(abs(even) + 1n);
    },
  );

  // Exact halves are rare among random fractions, so build them: (2q + 1) / 2 = q + 0.5.
  test.prop(
    [fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.boolean(), fc.bigInt({ min: 1n, max: 1000n })],
    RUNS,
  )(
    'on q + 1/2 half-up gives q + 1 and half-even gives the even one of q and q + 1',
    (q, negative, scale) => {
      const sign = negative ? -1n : 1n;
      const amountOfHalves = sign * (2n * q + 1n) * scale;
      const expectedEven = q % 2n === 0n ? q : q + 1n;
      expect(mulDivRound(amountOfHalves, 1n, 2n * scale, 'half-up')).toBe(sign * (q + 1n));
      expect(mulDivRound(amountOfHalves, 1n, 2n * scale, 'half-even')).toBe(sign * expectedEven);
    },
  );

  test.prop([amount, numerator, denominator, rounding], RUNS)('is odd: f(−a) = −f(a)', (a, n, d, r) => {
    expect(mulDivRound(-a, n, d, r)).toBe(-mulDivRound(a, n, d, r));
  });
});
