// The folds' instant parser (a fast path for the canonical spellings, the wire's rule for the
// rest) must accept exactly the instants the wire's InstantCodec accepts, at their value: an
// impossible date or time (month 13, February 30, 24:00) read as the instant it overflows into
// would count devices at the wrong time without a word.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseInstant as readInstant } from '../events/instant.js';
import { instantToEpochMs } from '../time/instant.js';
import { parseInstant } from './parse-instant.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
// Every field a little past its range, so that most strings are close to real instants.
const arbInstantLike = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom('', '.5', '.25', '.125', '.250', '.1234', '.'),
  )
  .map(
    ([y, mo, d, h, mi, s, fraction]) =>
      `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction}Z`,
  );

/** The wire's answer: the instant's epoch ms, or undefined when InstantCodec refuses it. */
function wireMs(text: string): number | undefined {
  const read = readInstant(text);
  return read._tag === 'Right' ? instantToEpochMs(read.right) : undefined;
}

function parsedMs(text: string): number | undefined {
  try {
    return parseInstant(text, 'at');
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain(`at: "${text}"`);
    return undefined;
  }
}

describe('parseInstant (the folds)', () => {
  test.prop([arbInstantLike], { numRuns: 2000 })('accepts what the wire accepts, at its value', (text) => {
    expect(parsedMs(text)).toBe(wireMs(text));
  });

  it('refuses dates and times that do not exist, after 1970 and before it', () => {
    for (const text of [
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-03-07T24:00:00Z',
      '2026-03-07T07:60:00Z',
      '2026-03-07T07:00:60Z',
      '1969-13-01T00:00:00Z',
    ]) {
      expect(() => parseInstant(text, 'at')).toThrow(RangeError);
    }
    expect(parseInstant('2024-02-29T00:00:00Z', 'at')).toBe(1_709_164_800_000);
    expect(parseInstant('1969-12-31T23:59:59Z', 'at')).toBe(-1000);
  });
});
