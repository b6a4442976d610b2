import { fc, test } from '@fast-check/vitest';
import { Temporal } from 'temporal-polyfill';
import { describe, expect } from 'vitest';
import { civilFromDays, daysFromCivil, epochMsToInstant, instantToEpochMs } from '../time/instant.js';
import { startOfDate, tallyInstant } from './zoned.js';

const RUNS = { numRuns: 100 };
const HOUR = 3_600_000;
const LONG_AGO = '2000-01-01T00:00:00Z';
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateOfDays = (days: number) => {
  const [y, m, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
};
const localTime = (instant: string, timeZone: string) =>
  Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone).toPlainDateTime();
const clockHoursBetween = (earlier: string, later: string, timeZone: string) =>
  localTime(earlier, timeZone).until(localTime(later, timeZone), { largestUnit: 'hours' }).hours;

describe('vector 5 (docs/test-vectors.md): America/Los_Angeles, billing date 2026-03-09', () => {
  const zone = 'America/Los_Angeles';
  const start = startOfDate('2026-03-09', zone);
  const tally = tallyInstant('2026-03-09', zone, 48, LONG_AGO);

  test('the date starts at 2026-03-09T07:00:00Z (PDT) and is tallied at 2026-03-07T07:00:00Z', () => {
    expect(start).toBe('2026-03-09T07:00:00Z');
    expect(tally).toBe('2026-03-07T07:00:00Z');
  });

  test('the tally instant is 2026-03-06 23:00 PST: 49 clock hours before local midnight', () => {
    const local = Temporal.Instant.from(tally).toZonedDateTimeISO(zone);
    expect(local.toPlainDateTime().toString()).toBe('2026-03-06T23:00:00');
    expect(local.offset).toBe('-08:00');
    expect(Temporal.Instant.from(start).toZonedDateTimeISO(zone).offset).toBe('-07:00');
    expect(clockHoursBetween(tally, start, zone)).toBe(49);
  });

  test('a device activated at 07:30Z is not in the tally; one at 06:59:59Z is', () => {
    const tallyMs = instantToEpochMs(tally);
    expect(instantToEpochMs('2026-03-07T07:30:00Z') > tallyMs).toBe(true);
    expect(instantToEpochMs('2026-03-07T06:59:59Z') <= tallyMs).toBe(true);
  });
});

describe('startOfDate', () => {
  test('America/Santiago 2026-09-06: DST skips midnight, the day starts at 01:00 -03:00', () => {
    // Chile springs forward at 24:00 on Saturday 5 September 2026: 00:00 on the 6th never happens.
    expect(() =>
      Temporal.ZonedDateTime.from(
        { timeZone: 'America/Santiago', year: 2026, month: 9, day: 6, hour: 0 },
        { disambiguation: 'reject' },
      ),
    ).toThrow(RangeError);
    const start = startOfDate('2026-09-06', 'America/Santiago');
    expect(start).toBe('2026-09-06T04:00:00Z');
    const local = Temporal.Instant.from(start).toZonedDateTimeISO('America/Santiago');
    expect(local.toPlainDateTime().toString()).toBe('2026-09-06T01:00:00');
    expect(local.offset).toBe('-03:00');
    // And one second earlier it is still the 5th.
    expect(localTime(epochMsToInstant(instantToEpochMs(start) - 1000), 'America/Santiago').toString()).toBe(
      '2026-09-05T23:59:59',
    );
  });

  test('America/Havana 2026-03-08: the day starts at 01:00 -04:00', () => {
    const start = startOfDate('2026-03-08', 'America/Havana');
    expect(start).toBe('2026-03-08T05:00:00Z');
    expect(localTime(start, 'America/Havana').toString()).toBe('2026-03-08T01:00:00');
  });

  test('a date the zone skipped entirely is empty: it starts where the next date starts', () => {
    // Samoa moved across the date line: 2011-12-29 23:59:59 -10:00 was followed by 2011-12-31 00:00 +14:00.
    expect(startOfDate('2011-12-30', 'Pacific/Apia')).toBe('2011-12-30T10:00:00Z');
    expect(startOfDate('2011-12-31', 'Pacific/Apia')).toBe('2011-12-30T10:00:00Z');
    expect(startOfDate('2011-12-29', 'Pacific/Apia')).toBe('2011-12-29T10:00:00Z');
  });

  test('ordinary days start at local midnight', () => {
    expect(startOfDate('2026-01-15', 'Europe/Berlin')).toBe('2026-01-14T23:00:00Z');
    expect(startOfDate('2026-07-15', 'Europe/Berlin')).toBe('2026-07-14T22:00:00Z');
    expect(startOfDate('2026-07-15', 'UTC')).toBe('2026-07-15T00:00:00Z');
    expect(startOfDate('2026-07-15', 'Asia/Kolkata')).toBe('2026-07-14T18:30:00Z');
  });

  test('refuses an unknown zone or a bad date, naming the value', () => {
    expect(() => startOfDate('2026-01-01', 'Mars/Olympus_Mons')).toThrow(
      new RangeError('timeZone must be a known IANA time zone, got "Mars/Olympus_Mons"'),
    );
    expect(() => startOfDate('2026-02-29', 'UTC')).toThrow(
      new RangeError('date must be a valid YYYY-MM-DD date, got "2026-02-29"'),
    );
  });
});

describe('tallyInstant', () => {
  test.each([
    // [zone, billing date, local clock hours between tally and start]
    ['Europe/Berlin', '2026-03-30', 49], // CET → CEST on 2026-03-29
    ['Europe/Berlin', '2026-10-26', 47], // CEST → CET on 2026-10-25
    ['America/New_York', '2026-03-09', 49], // EST → EDT on 2026-03-08
    ['America/New_York', '2026-11-02', 47], // EDT → EST on 2026-11-01
    ['America/New_York', '2026-06-15', 48],
  ] as const)('%s %s: 48 exact hours are %i clock hours', (zone, date, clockHours) => {
    const start = startOfDate(date, zone);
    const tally = tallyInstant(date, zone, 48, LONG_AGO);
    expect(instantToEpochMs(start) - instantToEpochMs(tally)).toBe(48 * HOUR);
    expect(clockHoursBetween(tally, start, zone)).toBe(clockHours);
  });

  test('is never earlier than notBefore, which comes back in canonical form', () => {
    expect(tallyInstant('2026-03-09', 'America/Los_Angeles', 48, '2026-03-08T00:00:00Z')).toBe(
      '2026-03-08T00:00:00Z',
    );
    expect(tallyInstant('2026-03-09', 'America/Los_Angeles', 48, '2026-03-08T00:00:00.500Z')).toBe(
      '2026-03-08T00:00:00.5Z',
    );
    expect(tallyInstant('2026-03-09', 'America/Los_Angeles', 0, LONG_AGO)).toBe('2026-03-09T07:00:00Z');
  });

  test('refuses a negative or fractional lead and a malformed notBefore, naming the value', () => {
    expect(() => tallyInstant('2026-03-09', 'UTC', -1, LONG_AGO)).toThrow(
      new RangeError('leadHours must be a non-negative integer, got -1'),
    );
    expect(() => tallyInstant('2026-03-09', 'UTC', 1.5, LONG_AGO)).toThrow('got 1.5');
    expect(() => tallyInstant('2026-03-09', 'UTC', 48, '2026-03-08 00:00')).toThrow(
      'notBefore must be a canonical UTC instant (YYYY-MM-DDTHH:MM:SSZ), got "2026-03-08 00:00"',
    );
    expect(() => tallyInstant('2026-03-09', 'Nowhere/Land', 48, LONG_AGO)).toThrow('"Nowhere/Land"');
  });

  const zones = fc.constantFrom(
    'Europe/Berlin',
    'America/New_York',
    'America/Los_Angeles',
    'America/Santiago',
    'Australia/Lord_Howe',
    'Asia/Tokyo',
    'UTC',
  );
  const date = fc
    .integer({ min: daysFromCivil(2020, 1, 1), max: daysFromCivil(2035, 12, 31) })
    .map(dateOfDays);
  const notBefore = fc
    .integer({ min: instantToEpochMs('2019-12-01T00:00:00Z'), max: instantToEpochMs('2036-01-01T00:00:00Z') })
    .map(epochMsToInstant);

  test.prop([date, zones, fc.integer({ min: 0, max: 24 * 40 }), notBefore], RUNS)(
    'is max(start − lead exact hours, notBefore): never after the start unless notBefore is',
    (billingDate, zone, lead, floor) => {
      const tally = tallyInstant(billingDate, zone, lead, floor);
      const tallyMs = instantToEpochMs(tally);
      const startMs = instantToEpochMs(startOfDate(billingDate, zone));
      const floorMs = instantToEpochMs(floor);
      expect(epochMsToInstant(tallyMs)).toBe(tally); // canonical
      expect(tallyMs >= floorMs).toBe(true);
      if (floorMs <= startMs) expect(tallyMs <= startMs).toBe(true);
      expect(tallyMs).toBe(Math.max(startMs - lead * HOUR, floorMs));
    },
  );

  // Random days rarely fall beside a DST change, so half the draws come from the weeks around the
  // EU (last Sunday of March and October) and US (2nd Sunday of March, 1st of November) changes.
  const nearDstChange = fc
    .record({
      year: fc.integer({ min: 2020, max: 2035 }),
      window: fc.constantFrom<[number, number]>([3, 7], [3, 26], [10, 24], [10, 31]),
      offset: fc.integer({ min: 0, max: 9 }),
    })
    .map(({ year, window: [month, day], offset }) => dateOfDays(daysFromCivil(year, month, day) + offset));

  test.prop([fc.oneof(date, nearDstChange), fc.constantFrom('Europe/Berlin', 'America/New_York')], RUNS)(
    'the exact lead is always 48 hours; on the clock it is 48 plus the offset change (47 or 49 across DST)',
    (billingDate, zone) => {
      const start = startOfDate(billingDate, zone);
      const tally = tallyInstant(billingDate, zone, 48, LONG_AGO);
      expect(instantToEpochMs(start) - instantToEpochMs(tally)).toBe(48 * HOUR);
      const offsetHours = (instant: string) =>
        Temporal.Instant.from(instant).toZonedDateTimeISO(zone).offsetNanoseconds / 3.6e12;
      const shift = offsetHours(start) - offsetHours(tally);
      const clock = clockHoursBetween(tally, start, zone);
      expect(clock).toBe(48 + shift);
      expect([47, 48, 49]).toContain(clock);
    },
  );

  test.prop([date, zones], RUNS)(
    'startOfDate is the first instant whose local date is the date',
    (billingDate, zone) => {
      const startMs = instantToEpochMs(startOfDate(billingDate, zone));
      expect(localTime(epochMsToInstant(startMs), zone).toPlainDate().toString()).toBe(billingDate);
      expect(
        localTime(epochMsToInstant(startMs - 1), zone)
          .toPlainDate()
          .toString() < billingDate,
      ).toBe(true);
    },
  );
});
