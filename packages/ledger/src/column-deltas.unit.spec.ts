// A column written as deltas gives back every double exactly, whatever it holds; small integers
// take a byte each; bytes that are cut short, hold no value or another number of values than
// the column's length are refused.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeDeltas, deltaScale, encodeDeltas } from './column-deltas.js';

const sameValues = (back: readonly number[], values: readonly number[]) => {
  expect(back.length).toBe(values.length);
  for (const [i, value] of values.entries()) expect(Object.is(back[i], value)).toBe(true);
};

describe('column deltas', () => {
  test.prop([fc.array(fc.double(), { maxLength: 200 })])('any doubles come back bit for bit', (values) => {
    sameValues(decodeDeltas(encodeDeltas(values), values.length), values);
  });

  test.prop([
    fc.array(
      fc.oneof(
        fc.integer({ min: -1, max: 3 }),
        fc.maxSafeInteger(),
        fc.maxSafeNat().map((n) => -n),
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0.5),
      ),
      { maxLength: 200 },
    ),
  ])('integers of any size, mixed with markers, come back exactly', (values) => {
    sameValues(decodeDeltas(encodeDeltas(values), values.length), values);
  });

  test.prop([
    fc.array(
      fc.oneof(
        fc.integer({ min: -9_007_199_254_740, max: 9_007_199_254_740 }).map((n) => n * 1000),
        fc.constantFrom(Number.NaN, Number.NEGATIVE_INFINITY, -0, 0.5, 1_767_225_600_001, 1_767_225_600_100),
      ),
      { maxLength: 100 },
    ),
  ])('in units of their scale, any values come back exactly', (values) => {
    const scale = deltaScale(values);
    expect(scale).toBe(values.some((value) => Number.isSafeInteger(value) && value % 1000 !== 0) ? 1 : 1000);
    sameValues(decodeDeltas(encodeDeltas(values, scale), values.length, scale), values);
    // A scale that is no factor of some of them: those are written raw, still exact.
    sameValues(decodeDeltas(encodeDeltas(values, 7), values.length, 7), values);
  });

  // Codes below 2^28 (differences within ±2^26) are read in int32 arithmetic, longer ones in
  // doubles: differences on both sides of that edge, and of every varint length around it.
  test.prop([
    fc.array(
      fc.oneof(
        fc.integer({ min: -(2 ** 29), max: 2 ** 29 }),
        fc.constantFrom(2 ** 26 - 1, 2 ** 26, -(2 ** 26), -(2 ** 26) - 1, 2 ** 19, -(2 ** 19) - 1, 2 ** 12),
      ),
      { maxLength: 100 },
    ),
  ])('differences either side of four bytes come back exactly', (steps) => {
    let sum = 0;
    const values = steps.map((step) => {
      sum += step;
      return sum;
    });
    sameValues(decodeDeltas(encodeDeltas(values), values.length), values);
  });

  test.prop([fc.array(fc.integer({ min: -30, max: 30 }), { maxLength: 100 })])(
    'values that differ by less than 32 take one byte each',
    (values) => {
      let sum = 0;
      const running = values.map((step) => {
        sum += step;
        return sum;
      });
      expect(encodeDeltas(running).length).toBe(values.length);
    },
  );

  it('epoch ms a minute apart take three bytes; NaN and infinities one; other doubles nine', () => {
    const start = 1_767_225_600_000;
    expect(encodeDeltas([start, start + 60_000]).length).toBe(7 + 3);
    // In seconds: 5 + 2.
    expect(encodeDeltas([start, start + 60_000], 1000).length).toBe(5 + 2);
    expect(encodeDeltas([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]).length).toBe(3);
    expect(encodeDeltas([0.25, -0]).length).toBe(18);
  });

  it('refuses bytes cut short or holding no value', () => {
    const bytes = encodeDeltas([1_767_225_600_000, 0.25]);
    expect(() => decodeDeltas(bytes.subarray(0, 3), 2)).toThrow(/cut short/);
    expect(() => decodeDeltas(bytes.subarray(0, bytes.length - 1), 2)).toThrow(/cut short/);
    expect(() => decodeDeltas(Uint8Array.of(9), 1)).toThrow(/no value/);
    expect(() => decodeDeltas(Uint8Array.of(129, 1), 1)).toThrow(/no value/);
  });

  test.prop([fc.array(fc.double(), { minLength: 1, maxLength: 50 }), fc.integer({ min: -3, max: 3 })])(
    'bytes holding another number of values than the length given are refused',
    (values, off) => {
      fc.pre(off !== 0 && values.length + off >= 0);
      expect(() => decodeDeltas(encodeDeltas(values), values.length + off)).toThrow(/do not hold/);
    },
  );

  it('a length of none, bytes of none', () => {
    expect(decodeDeltas(encodeDeltas([]), 0)).toEqual([]);
  });
});
