import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { frozenCopy } from './frozen-copy.js';

const isDeepFrozen = (value: unknown): boolean =>
  value === null ||
  typeof value !== 'object' ||
  (Object.isFrozen(value) && Object.values(value).every((field) => isDeepFrozen(field)));

test.prop([fc.jsonValue()], { numRuns: 150 })('is an equal, deeply frozen, separate copy', (value) => {
  const original = structuredClone(value);
  const copy = frozenCopy(value);
  expect(copy).toEqual(original);
  expect(isDeepFrozen(copy)).toBe(true);
  // The input stays unfrozen and unshared: the caller may still mutate its own objects.
  if (typeof value === 'object' && value !== null) {
    expect(copy).not.toBe(value);
    expect(Object.isFrozen(value)).toBe(false);
  }
});
