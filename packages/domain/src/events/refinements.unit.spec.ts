import { fc, test } from '@fast-check/vitest';
import { arbInstant } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { epochMsToInstant, instantToEpochMs } from '../time/instant.js';
import { isCivilDate, parseCivilDate } from './civil-date.js';
import { isCanonicalInstant, parseInstant } from './instant.js';
import { isTimeZone } from './time-zone.js';

describe('instants', () => {
  it.each([
    ['2026-03-07T07:00:00.000Z', '2026-03-07T07:00:00Z'],
    ['2026-03-07T07:00:00.0Z', '2026-03-07T07:00:00Z'],
    ['2026-03-07T07:00:00.250Z', '2026-03-07T07:00:00.25Z'],
    ['2026-03-07T07:00:00.5Z', '2026-03-07T07:00:00.5Z'],
    ['2026-03-07T07:00:00.007Z', '2026-03-07T07:00:00.007Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z'],
  ])('%s decodes to %s', (text, canonical) => {
    expect(parseInstant(text)).toEqual({ _tag: 'Right', right: canonical });
    expect(isCanonicalInstant(text)).toBe(text === canonical);
  });

  it.each([
    '2026-03-07T07:00Z',
    '2026-03-07t07:00:00z',
    '2026-03-07T07:00:00',
    '2026-03-07T07:00:00+00:00',
    '2026-03-07T07:00:00.1234Z',
    '2025-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-03-07T24:00:00Z',
    '2026-03-07T23:60:00Z',
    '2026-03-07T23:59:60Z',
    ' 2026-03-07T07:00:00Z',
  ])('%s is refused', (text) => {
    expect(parseInstant(text)._tag).toBe('Left');
  });

  test.prop([fc.integer({ min: 0, max: 4_102_444_800_000 })], { numRuns: 200 })(
    'every millisecond instant spelled with 3 fraction digits decodes to the canonical spelling',
    (ms) => {
      const canonical = epochMsToInstant(ms);
      const padded = `${canonical.slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}Z`;
      expect(parseInstant(padded)).toEqual({ _tag: 'Right', right: canonical });
      expect(instantToEpochMs(canonical)).toBe(ms);
    },
  );

  // Oracle: the integer arithmetic of time/instant.ts. A field out of range rolls over there, so
  // an input is real exactly when the round trip keeps its date and time.
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  test.prop(
    [
      fc.record({
        year: fc.integer({ min: 1900, max: 2400 }),
        month: fc.integer({ min: 0, max: 13 }),
        day: fc.integer({ min: 0, max: 32 }),
        hour: fc.integer({ min: 0, max: 25 }),
        minute: fc.integer({ min: 0, max: 61 }),
        second: fc.integer({ min: 0, max: 61 }),
        fraction: fc.stringMatching(/^\d{0,3}$/),
      }),
    ],
    { numRuns: 300 },
  )('accepts exactly the real date-times, spelled as epochMsToInstant spells them', (f) => {
    const dateTime = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
    const text = `${dateTime}${f.fraction === '' ? '' : `.${f.fraction}`}Z`;
    const oracle = epochMsToInstant(instantToEpochMs(text));
    expect(parseInstant(text)).toEqual(
      oracle.startsWith(dateTime)
        ? { _tag: 'Right', right: oracle }
        : { _tag: 'Left', left: expect.any(String) },
    );
  });

  test.prop([arbInstant()], { numRuns: 200 })('generated instants are canonical', (instant) => {
    expect(isCanonicalInstant(instant)).toBe(true);
  });
});

describe('civil dates', () => {
  it.each(['2026-01-31', '2024-02-29', '2000-02-29', '1999-12-31'])('%s is a date', (text) => {
    expect(isCivilDate(text)).toBe(true);
  });
  it.each([
    '2025-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-00-10',
    '2026-1-31',
    '20260131',
    '2026-01-31T00:00',
    20260131,
  ])('%s is not', (text) => {
    expect(parseCivilDate(text)._tag).toBe('Left');
  });
});

describe('time zones', () => {
  it.each(['UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Chatham', 'Etc/GMT+5'])(
    '%s is a zone',
    (zone) => {
      expect(isTimeZone(zone)).toBe(true);
    },
  );
  it.each(['', 'Mars/Olympus_Mons', 'america/los_angeles', '+05:00', '-08', 'Z', 42])('%s is not', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});
