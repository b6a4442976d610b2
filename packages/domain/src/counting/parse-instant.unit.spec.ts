// The folds' instant parser (a fast path for the canonical spellings, the wire's rule for the
// rest) must accept exactly the instants the wire's InstantCodec accepts, at their value: an
// impossible date or time (month 13, February 30, 24:00) read as the instant it overflows into
// would count devices at the wrong time without a word.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseInstant as readInstant } from '../events/instant.js';
import { epochMsToInstant, instantToEpochMs } from '../time/instant.js';
import { occurredAtMs, parseInstant, recordedAtMs } from './parse-instant.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wire's answer: the instant's epoch ms, or undefined when InstantCodec refuses it. */
function wireMs(text: string): number | undefined {
  const read = readInstant(text);
  return read._tag === 'Right' ? instantToEpochMs(read.right) : undefined;
}

/** The folds' answer, or undefined when refused (a RangeError naming the field and the text). */
function parsedMs(text: string): number | undefined {
  try {
    return parseInstant(text, 'at');
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain(`at: "${text}"`);
    return undefined;
  }
}

describe('parseInstant', () => {
  // Any digits in any position, fractions of any length with or without trailing zeros: the
  // fast path and the general one together must say what the wire says.
  test.prop(
    [
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.constantFrom('', '.5', '.25', '.125', '.250', '.1234', '.'),
    ],
    { numRuns: 1000 },
  )('accepts what the wire accepts, at its value', (y, mo, d, h, mi, s, fraction) => {
    const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction}Z`;
    expect(parsedMs(text)).toBe(wireMs(text));
  });

  test.prop([fc.integer({ min: 0, max: 253_402_300_799_999 })], { numRuns: 300 })(
    'reads instants with a fraction as the ledger clock writes them, on the fast path',
    (ms) => {
      const text = epochMsToInstant(ms);
      expect(parseInstant(text, 'at')).toBe(ms);
    },
  );

  it('reads fractions through the general parser', () => {
    expect(parseInstant('2026-03-07T07:00:00.25Z', 'at')).toBe(
      instantToEpochMs('2026-03-07T07:00:00Z') + 250,
    );
  });

  it.each(['2026-03-07 07:00:00Z', '2026-03-07T07:00:0aZ', '2026-03-07T07:00:00+01:00', ''])(
    'refuses %j, naming the field',
    (text) => {
      expect(() => parseInstant(text, 'event e-1 occurredAt')).toThrow(/event e-1 occurredAt/);
    },
  );

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

  // The days of the last date are kept: a run of instants with few dates, in any order, must
  // read each one as if it were the first (an impossible date among them included).
  test.prop(
    [
      fc.array(
        fc.record({
          date: fc.constantFrom(
            '2024-02-29',
            '2024-03-01',
            '2025-01-31',
            '2025-12-31',
            '1999-03-07',
            '2025-02-29',
          ),
          time: fc.tuple(fc.nat(23), fc.nat(59), fc.nat(59)),
        }),
        { minLength: 2, maxLength: 30 },
      ),
    ],
    { numRuns: 100 },
  )('reads a run of instants sharing dates as each alone', (instants) => {
    for (const { date, time } of instants) {
      const text = `${date}T${time.map((n) => pad(n)).join(':')}Z`;
      expect(parsedMs(text)).toBe(wireMs(text));
    }
  });

  // One character of a canonical instant changed to anything near a digit or a separator: the
  // branch-free check must refuse exactly what the wire refuses, and agree on the rest.
  test.prop(
    [fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.nat(), fc.integer({ min: 0x20, max: 0x7e })],
    { numRuns: 500 },
  )('refuses what the wire refuses when one character is changed', (ms, at, code) => {
    const canonical = epochMsToInstant(ms);
    const i = at % canonical.length;
    const text = canonical.slice(0, i) + String.fromCharCode(code) + canonical.slice(i + 1);
    expect(parsedMs(text)).toBe(wireMs(text));
  });

  it('names the event and the field of an event instant it refuses', () => {
    const event = { eventId: 'e-7', occurredAt: '2026-03-07T07:00:00Z', recordedAt: '2026-03-07T07:0:00Z' };
    expect(occurredAtMs(event)).toBe(instantToEpochMs(event.occurredAt));
    expect(() => recordedAtMs(event)).toThrow(/event e-7 recordedAt/);
    expect(() => occurredAtMs({ ...event, occurredAt: '2026-03-07T07:00:00z' })).toThrow(
      /event e-7 occurredAt/,
    );
    expect(() => occurredAtMs({ ...event, occurredAt: '2026-02-30T07:00:00Z' })).toThrow(
      /event e-7 occurredAt/,
    );
  });
});
