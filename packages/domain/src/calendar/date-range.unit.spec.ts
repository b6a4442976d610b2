// Dates and instants stay in the years 0001 to 9999 (calendar/date-range.ts): decoding refuses
// others, and a computation that would leave the range throws DateOutOfRangeError (a billing
// entry point answers a `DateOutOfRange` BillingError) instead of writing `+010000-01-31`.
import { fc, test } from '@fast-check/vitest';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { invoicesBetween } from '../billing/api.js';
import { replayChecked } from '../decide/consistency.js';
import { parseCivilDate } from '../events/civil-date.js';
import { isCanonicalInstantFast } from '../events/fast-line/canonical-instant.js';
import { parseInstant } from '../events/instant.js';
import type { TallyEvent } from '../events/types.js';
import { daysFromCivil, epochMsToInstant, instantToEpochMs } from '../time/instant.js';
import { addMonthsClamped, addYearsClamped, monthlyDates } from './anchored.js';
import { DateOutOfRangeError, isDateOutOfRangeError } from './date-range.js';
import { startOfDate } from './zoned.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const FOUR_DIGIT_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;
const FIRST_MS = daysFromCivil(1, 1, 1) * MS_PER_DAY;
const LAST_MS = daysFromCivil(10000, 1, 1) * MS_PER_DAY - 1;

/** Real dates in the last ten years of the range, month ends often. */
const lateDate = fc
  .record({
    year: fc.integer({ min: 9990, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constant(31)),
  })
  .map(({ year, month, day }) =>
    Temporal.PlainDate.from({ year, month, day }, { overflow: 'constrain' }).toString(),
  );

/** `compute()`'s date, or 'out of range' when it throws DateOutOfRangeError. */
function outcome(compute: () => string): string {
  try {
    return compute();
  } catch (error) {
    if (isDateOutOfRangeError(error)) return 'out of range';
    throw error;
  }
}

describe('computed dates near the end of the range', () => {
  test.prop([lateDate, fc.integer({ min: 0, max: 150 })], { numRuns: 300 })(
    'addMonthsClamped gives a four-digit date, or DateOutOfRangeError exactly when it would pass 9999',
    (anchor, months) => {
      const exact = Temporal.PlainDate.from(anchor).add({ months }, { overflow: 'constrain' });
      expect(outcome(() => addMonthsClamped(anchor, months))).toBe(
        exact.year > 9999 ? 'out of range' : exact.toString(),
      );
    },
  );

  test.prop([lateDate, fc.integer({ min: 0, max: 12 })], { numRuns: 200 })(
    'addYearsClamped likewise',
    (anchor, years) => {
      const exact = Temporal.PlainDate.from(anchor).add({ years }, { overflow: 'constrain' });
      expect(outcome(() => addYearsClamped(anchor, years))).toBe(
        exact.year > 9999 ? 'out of range' : exact.toString(),
      );
    },
  );

  test.prop([lateDate, lateDate], { numRuns: 200 })(
    'monthlyDates up to any late date ends inside the range, without throwing',
    (anchor, to) => {
      const dates = monthlyDates(anchor, anchor, to);
      for (const date of dates) expect(date).toMatch(FOUR_DIGIT_DATE);
      if (anchor <= to) expect(dates[0]).toBe(anchor);
      expect(monthlyDates(anchor, anchor, '9999-12-31').at(-1)?.startsWith('9999-')).toBe(true);
    },
  );

  test.prop(
    [
      fc.oneof(
        fc.integer({ min: FIRST_MS - 3 * MS_PER_DAY, max: FIRST_MS + 3 * MS_PER_DAY }),
        fc.integer({ min: LAST_MS - 3 * MS_PER_DAY, max: LAST_MS + 3 * MS_PER_DAY }),
      ),
    ],
    { numRuns: 300 },
  )('epochMsToInstant writes four-digit years, and refuses to write any other', (ms) => {
    if (ms < FIRST_MS || ms > LAST_MS) {
      expect(() => epochMsToInstant(ms)).toThrow(DateOutOfRangeError);
      return;
    }
    const instant = epochMsToInstant(ms);
    expect(instant).toMatch(/^\d{4}-/);
    expect(instantToEpochMs(instant)).toBe(ms);
  });

  it('the start of 0001-01-01 east of UTC is before the range; the start of 9999-12-31 is inside', () => {
    expect(() => startOfDate('0001-01-01', 'Asia/Tokyo')).toThrow(
      'a date the billing rules need would be +000000-12-31, outside the years 0001 to 9999 that Tally handles',
    );
    expect(startOfDate('0001-01-01', 'America/Los_Angeles')).toMatch(/^0001-01-01T0\d:\d\d:\d\dZ$/);
    expect(startOfDate('9999-12-31', 'America/Los_Angeles')).toBe('9999-12-31T08:00:00Z');
  });
});

describe('decoding refuses dates and instants outside the years 0001 to 9999', () => {
  test.prop(
    [fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })],
    {
      numRuns: 200,
    },
  )('a date or instant of year 0 is refused, every other year taken', (year, month, day) => {
    const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    const instant = `${date}T00:00:00Z`;
    const inRange = year >= 1;
    expect(parseCivilDate(date)._tag).toBe(inRange ? 'Right' : 'Left');
    expect(parseInstant(instant)._tag).toBe(inRange ? 'Right' : 'Left');
    expect(isCanonicalInstantFast(instant)).toBe(inRange);
  });

  it('names the range', () => {
    expect(parseCivilDate('0000-12-31')).toStrictEqual({
      _tag: 'Left',
      left: '"0000-12-31" is outside the years 0001 to 9999',
    });
    expect(parseInstant('0000-12-31T23:59:59Z')).toStrictEqual({
      _tag: 'Left',
      left: '"0000-12-31T23:59:59Z" is outside the years 0001 to 9999',
    });
    expect(parseInstant('+010000-01-01T00:00:00Z')._tag).toBe('Left');
    expect(parseInstant('9999-12-31T23:59:59.999Z')).toStrictEqual({
      _tag: 'Right',
      right: '9999-12-31T23:59:59.999Z',
    });
    expect(parseCivilDate('0001-01-01')._tag).toBe('Right');
  });
});

const at = '2026-01-01T00:00:00Z';
const registered: TallyEvent = {
  type: 'OrganizationRegistered',
  eventId: 'e-1',
  orgId: 'o',
  occurredAt: at,
  recordedAt: at,
  data: {
    name: 'O',
    serialCode: 'O-1',
    billingAccount: 'B',
    timeZone: 'UTC',
    currency: 'USD',
    coldStorage: false,
  },
};
const started = (startDate: string, yearly: boolean): TallyEvent => ({
  type: 'SubscriptionStarted',
  eventId: 'e-2',
  orgId: 'o',
  occurredAt: at,
  recordedAt: at,
  data: {
    startDate,
    plan: yearly
      ? { model: 'per-device', billing: 'yearly', termYears: 1, annualPricePerDevice: '10.00', devices: 1 }
      : { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
  },
});

describe('billing near the end of the range', () => {
  test.prop([lateDate], { numRuns: 40 })(
    'invoices up to 9999-12-31 are the ones inside the range, or a DateOutOfRange error naming the last',
    (startDate) => {
      const events = [registered, started(startDate, false)];
      const result = invoicesBetween(events, {
        orgId: 'o',
        from: startDate,
        to: '9999-12-31',
        asKnownAt: at,
      });
      // The last billing date's service period ends a month later: always past 9999-12-31 here
      // when that date is in December.
      if (result._tag === 'Right') {
        for (const invoice of result.right) {
          for (const line of invoice.lines) expect(line.servicePeriod.end).toMatch(FOUR_DIGIT_DATE);
        }
        return;
      }
      expect(result.left.code).toBe('DateOutOfRange');
      expect(result.left.message).toMatch(
        /^the service period of the billing date 9999-12-\d\d would end on \+010000-01-\d\d, after 9999-12-31, the last date Tally handles$/,
      );
    },
  );

  it('a yearly term that would end in year 10000 is refused at the event that opens it', () => {
    expect(replayChecked([registered, started('9999-03-01', true)])).toMatchObject({
      _tag: 'Left',
      left: {
        index: 1,
        eventId: 'e-2',
        field: 'data.startDate',
        message:
          'data.startDate: the term would end on +010000-03-01, after 9999-12-31, the last date Tally handles',
      },
    });
    expect(replayChecked([registered, started('9998-03-01', true)])._tag).toBe('Right');
  });
});
