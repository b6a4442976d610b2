import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { epochMsToInstant, instantToEpochMs } from '../time/instant.js';
import { occurredAtMs, parseInstant, recordedAtMs } from './parse-instant.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('parseInstant', () => {
  // Any digits in any position: the fast path must agree with the regex parser, which does no
  // range checks either (month 13 is read as a month).
  test.prop(
    [
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
    ],
    { numRuns: 200 },
  )('agrees with instantToEpochMs on whole-second instants', (y, mo, d, h, mi, s) => {
    const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`;
    expect(parseInstant(text, 'at')).toBe(instantToEpochMs(text));
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

  // The days of the last date are kept: a run of instants with few dates, in any order, must
  // read each one as if it were the first.
  test.prop(
    [
      fc.array(
        fc.record({
          date: fc.constantFrom('2024-02-29', '2024-03-01', '2025-01-31', '2025-12-31', '1999-03-07'),
          time: fc.tuple(fc.nat(23), fc.nat(59), fc.nat(59)),
        }),
        { minLength: 2, maxLength: 30 },
      ),
    ],
    { numRuns: 100 },
  )('reads a run of instants sharing dates as each alone', (instants) => {
    for (const { date, time } of instants) {
      const text = `${date}T${time.map((n) => pad(n)).join(':')}Z`;
      expect(parseInstant(text, 'at')).toBe(instantToEpochMs(text));
    }
  });

  // One character of a canonical instant changed to anything near a digit or a separator: the
  // branch-free check must refuse exactly what the general parser refuses, and agree on the rest.
  test.prop(
    [fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.nat(), fc.integer({ min: 0x20, max: 0x7e })],
    { numRuns: 500 },
  )('refuses what instantToEpochMs refuses when one character is changed', (ms, at, code) => {
    const canonical = epochMsToInstant(ms);
    const i = at % canonical.length;
    const text = canonical.slice(0, i) + String.fromCharCode(code) + canonical.slice(i + 1);
    const expected = instantToEpochMs(text);
    if (Number.isNaN(expected)) expect(() => parseInstant(text, 'at')).toThrow(RangeError);
    else expect(parseInstant(text, 'at')).toBe(expected);
  });

  it('names the event and the field of an event instant it refuses', () => {
    const event = { eventId: 'e-7', occurredAt: '2026-03-07T07:00:00Z', recordedAt: '2026-03-07T07:0:00Z' };
    expect(occurredAtMs(event)).toBe(instantToEpochMs(event.occurredAt));
    expect(() => recordedAtMs(event)).toThrow(/event e-7 recordedAt/);
    expect(() => occurredAtMs({ ...event, occurredAt: '2026-03-07T07:00:00z' })).toThrow(
      /event e-7 occurredAt/,
    );
  });
});
