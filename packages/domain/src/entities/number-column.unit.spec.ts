import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberColumn } from './number-column.js';

// A full block holds 32,768 numbers: sizes around one and two blocks cross both kinds of growth
// (the first block doubled, then blocks added).
const BLOCK = 32_768;

const arbValue = fc.oneof(
  fc.integer({ min: -1, max: 2_000_000 }),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -0),
);

type Step =
  | { readonly kind: 'push'; readonly value: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: number };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  arbValue.map((value) => ({ kind: 'push' as const, value })),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: arbValue }),
);

/** Compares every number (NaN and -0 included); one expectation names the first that differs. */
function expectSame(column: NumberColumn, model: readonly number[]): void {
  expect(column.length).toBe(model.length);
  let differs = -1;
  for (let i = 0; i < model.length && differs === -1; i++)
    if (!Object.is(column.get(i), model[i])) differs = i;
  expect(differs === -1 ? 'none' : `${differs}: ${column.get(differs)} instead of ${model[differs]}`).toBe(
    'none',
  );
}

describe('NumberColumn', () => {
  it('holds what a plain array holds after any pushes and sets', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 200 }), (steps) => {
        const column = new NumberColumn();
        const model: number[] = [];
        for (const step of steps) {
          if (step.kind === 'push') {
            expect(column.push(step.value)).toBe(model.length);
            model.push(step.value);
          } else if (model.length > 0) {
            const at = step.at % model.length;
            column.set(at, step.value);
            model[at] = step.value;
          }
        }
        expectSame(column, model);
        expect([...column.toFloat64Array()]).toEqual(model);
      }),
    );
  });

  it('keeps every number across block boundaries, and its copies are independent', () => {
    for (const size of [BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 5]) {
      const column = new NumberColumn();
      const model: number[] = [];
      for (let i = 0; i < size; i++) {
        const value = i % 7 === 0 ? Number.NaN : i * 1_000 + 0.5;
        column.push(value);
        model.push(value);
      }
      expectSame(column, model);
      const copy = column.clone();
      column.set(size - 1, -7);
      copy.set(0, 42);
      expect(copy.get(size - 1)).toBe(model[size - 1]);
      expect(Object.is(column.get(0), model[0])).toBe(true);
      model[size - 1] = -7;
      expectSame(column, model);
      expectSame(NumberColumn.from(column.toFloat64Array()), model);
      expectSame(NumberColumn.from(model), model);
    }
  });

  it('is built from a Float64Array, a list or a fill, of any length', () => {
    fc.assert(
      fc.property(
        fc.array(arbValue, { maxLength: 100 }),
        fc.nat({ max: 3 * BLOCK }),
        arbValue,
        (values, length, fill) => {
          expectSame(NumberColumn.from(new Float64Array(values)), values);
          expectSame(NumberColumn.from(values), values);
          const filled = NumberColumn.filled(length, fill);
          expect(filled.length).toBe(length);
          for (const at of [0, length >> 1, length - 1])
            if (at >= 0) expect(Object.is(filled.get(at), fill)).toBe(true);
          // A filled column grows on like any other.
          expect(filled.push(1)).toBe(length);
          expect(filled.get(length)).toBe(1);
        },
      ),
      { numRuns: 30 },
    );
  });
});
