import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { civilFromDays, daysFromCivil } from '../time/instant.js';
import { DEFAULT_TALLY_SCHEDULE, tallyDates } from './tally-dates.js';

const RUNS = { numRuns: 100 };
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateOfDays = (days: number) => {
  const [y, m, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
};

describe('tallyDates', () => {
  test('the default schedule is Feb, May, Aug and Nov 15', () => {
    expect(DEFAULT_TALLY_SCHEDULE).toEqual([
      { month: 2, day: 15 },
      { month: 5, day: 15 },
      { month: 8, day: 15 },
      { month: 11, day: 15 },
    ]);
    expect(Object.isFrozen(DEFAULT_TALLY_SCHEDULE)).toBe(true);
  });

  test('lists the dates in the window across years, ascending, bounds inclusive', () => {
    expect(tallyDates(DEFAULT_TALLY_SCHEDULE, '2026-05-15', '2027-02-15')).toEqual([
      '2026-05-15',
      '2026-08-15',
      '2026-11-15',
      '2027-02-15',
    ]);
    expect(tallyDates(DEFAULT_TALLY_SCHEDULE, '2026-05-16', '2026-08-14')).toEqual([]);
    expect(tallyDates(DEFAULT_TALLY_SCHEDULE, '2027-01-01', '2026-01-01')).toEqual([]);
  });

  test('sorts an unordered schedule and drops duplicates', () => {
    const schedule = [
      { month: 11, day: 1 },
      { month: 3, day: 1 },
      { month: 11, day: 1 },
    ];
    expect(tallyDates(schedule, '2026-01-01', '2026-12-31')).toEqual(['2026-03-01', '2026-11-01']);
  });

  test('February 29 is February 28 in a common year', () => {
    expect(tallyDates([{ month: 2, day: 29 }], '2027-01-01', '2028-12-31')).toEqual([
      '2027-02-28',
      '2028-02-29',
    ]);
  });

  test.each([
    { month: 2, day: 30 },
    { month: 4, day: 31 },
    { month: 13, day: 1 },
    { month: 0, day: 1 },
    { month: 5, day: 0 },
    { month: 5, day: 1.5 },
  ])('refuses %o, naming it', (entry) => {
    expect(() => tallyDates([DEFAULT_TALLY_SCHEDULE[0] ?? entry, entry], '2026-01-01', '2026-12-31')).toThrow(
      new RangeError(`schedule[1] is not a day of the year: {month: ${entry.month}, day: ${entry.day}}`),
    );
  });

  // Schedules without Feb 29, checked against a walk over every day of the window.
  const entry = fc
    .integer({ min: 1, max: 12 })
    .chain((month) =>
      fc.record({ month: fc.constant(month), day: fc.integer({ min: 1, max: month === 2 ? 28 : 30 }) }),
    );
  const start = fc.integer({ min: daysFromCivil(2020, 1, 1), max: daysFromCivil(2030, 12, 31) });

  test.prop([fc.array(entry, { maxLength: 6 }), start, fc.integer({ min: 0, max: 900 })], RUNS)(
    'equals the days of the window whose month and day are in the schedule',
    (schedule, first, span) => {
      const expected: string[] = [];
      for (let day = first; day <= first + span; day++) {
        const [, m, d] = civilFromDays(day);
        if (schedule.some((e) => e.month === m && e.day === d)) expected.push(dateOfDays(day));
      }
      expect(tallyDates(schedule, dateOfDays(first), dateOfDays(first + span))).toEqual(expected);
    },
  );
});
