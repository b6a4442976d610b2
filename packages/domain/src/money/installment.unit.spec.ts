import { fc, test } from '@fast-check/vitest';
import { installmentsSumProperty } from '@tally/testing';
import { describe, expect } from 'vitest';
import { formatMoney, parseMoney } from './decimal.js';
import { installment } from './installment.js';

const RUNS = { numRuns: 200 };
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe('installment', () => {
  test('vector 3 (docs/test-vectors.md): installments of 1000.00', () => {
    const parsed = parseMoney('1000.00', 'USD');
    if (parsed._tag === 'Left') throw new Error(parsed.left);
    const annual = parsed.right;
    const expected = [
      '83.33',
      '83.34',
      '83.33',
      '83.33',
      '83.34',
      '83.33',
      '83.33',
      '83.34',
      '83.33',
      '83.33',
      '83.34',
      '83.33',
    ];
    for (const r of ['half-up', 'half-even'] as const) {
      const amounts = MONTHS.map((k) => installment(annual, k, r));
      expect(amounts.map((a) => formatMoney(a, 'USD'))).toEqual(expected);
      expect(
        formatMoney(
          amounts.reduce((s, a) => s + a, 0n),
          'USD',
        ),
      ).toBe('1000.00');
    }
  });

  test('the rounding rule shows where a twelfth is an exact half: 6 cents a year', () => {
    // 6/12 = 0.5 cents a month. Cumulative round(6k/12) = round(k/2):
    // half-up: 1,1,2,2,3,3,... → 1,0,1,0,...; half-even: 0,1,2,2,2,3,4,4,... → 0,1,1,0,0,1,1,0,...
    expect(MONTHS.map((k) => installment(6n, k, 'half-up'))).toEqual([
      1n,
      0n,
      1n,
      0n,
      1n,
      0n,
      1n,
      0n,
      1n,
      0n,
      1n,
      0n,
    ]);
    expect(MONTHS.map((k) => installment(6n, k, 'half-even'))).toEqual([
      0n,
      1n,
      1n,
      0n,
      0n,
      1n,
      1n,
      0n,
      0n,
      1n,
      1n,
      0n,
    ]);
  });

  test.each([0, 13, 1.5, -1, Number.NaN])('refuses k = %s with a RangeError naming it', (k) => {
    expect(() => installment(100n, k, 'half-up')).toThrow(
      new RangeError(`installment: k must be an integer from 1 to 12, got ${k}`),
    );
  });

  test('the 12 installments sum to the annual amount exactly, each floor or ceil of P/12', () => {
    // The kit's reusable property (@tally/testing) over amounts up to 10^18 minor units.
    fc.assert(installmentsSumProperty({ installment, maxAnnual: 10n ** 18n }), RUNS);
  });
});
