import { fc, test } from '@fast-check/vitest';
import { arbInstant } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { isCanonicalInstant } from '../instant.js';
import { isCanonicalInstantFast } from './canonical-instant.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// Any digits, real dates or not, fractions of 0 to 4 digits with or without trailing zeros, and
// now and then one character replaced: the fast check must say what isCanonicalInstant says.
const arbSpelling = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{0,4}$/)),
  )
  .map(
    ([y, mo, d, h, mi, s, fraction]) =>
      `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction}Z`,
  );
const arbMutated = fc
  .tuple(arbSpelling, fc.nat(), fc.constantFrom('', 'x', '0', '9', '.', ' ', 'z', '+', '\u0660'))
  .map(([text, at, piece]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + piece + text.slice(i + 1);
  });

describe('isCanonicalInstantFast', () => {
  test.prop([fc.oneof(arbSpelling, arbMutated, arbInstant())], { numRuns: 2000 })(
    'says what isCanonicalInstant says',
    (text) => {
      expect(isCanonicalInstantFast(text)).toBe(isCanonicalInstant(text));
    },
  );

  it.each([
    ['2026-03-07T07:00:00Z', true],
    ['2026-03-07T07:00:00.25Z', true],
    ['2026-03-07T07:00:00.007Z', true],
    ['2024-02-29T23:59:59.999Z', true],
    ['2026-03-07T07:00:00.250Z', false],
    ['2026-03-07T07:00:00.0Z', false],
    ['2026-03-07T07:00:00.Z', false],
    ['2026-03-07T07:00:00.1234Z', false],
    ['2025-02-29T00:00:00Z', false],
    ['2100-02-29T00:00:00Z', false],
    ['2000-02-29T00:00:00Z', true],
    ['2026-04-31T00:00:00Z', false],
    ['2026-03-07T24:00:00Z', false],
  ])('%s: %s', (text, canonical) => {
    expect(isCanonicalInstantFast(text)).toBe(canonical);
    expect(isCanonicalInstant(text)).toBe(canonical);
  });
});
