// Per-user tally dates (docs/money-and-time.md#tally-dates): fixed {month, day} pairs, every year.
import { Temporal } from 'temporal-polyfill';
import type { CivilDate, TallyMonth } from '../events/types.js';
import { fromPlainDate, toPlainDate } from './civil-date.js';

/** Feb, May, Aug and Nov 15 (day 15 starts the third week of the month). */
export const DEFAULT_TALLY_SCHEDULE: readonly TallyMonth[] = Object.freeze([
  Object.freeze({ month: 2, day: 15 }),
  Object.freeze({ month: 5, day: 15 }),
  Object.freeze({ month: 8, day: 15 }),
  Object.freeze({ month: 11, day: 15 }),
]);

// Longest each month can be (February in a leap year): a pair beyond it never names a date.
const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function requireTallyMonth(entry: TallyMonth, index: number): void {
  const { month, day } = entry;
  const longest = Number.isInteger(month) ? LONGEST_MONTH[month - 1] : undefined;
  if (longest === undefined || !Number.isInteger(day) || day < 1 || day > longest) {
    throw new RangeError(`schedule[${index}] is not a day of the year: {month: ${month}, day: ${day}}`);
  }
}

/** Every date `{month, day}` of each year with `from <= date <= to`, ascending and without
 * duplicates. February 29 falls on February 28 in common years, like an anchored date. */
export function tallyDates(schedule: readonly TallyMonth[], from: CivilDate, to: CivilDate): CivilDate[] {
  schedule.forEach(requireTallyMonth);
  const first = toPlainDate(from, 'from');
  const last = toPlainDate(to, 'to');
  // Validated YYYY-MM-DD strings are fixed width, so they compare and sort like dates.
  const dates = new Set<CivilDate>();
  for (let year = first.year; year <= last.year; year++) {
    for (const { month, day } of schedule) {
      const date = fromPlainDate(Temporal.PlainDate.from({ year, month, day }, { overflow: 'constrain' }));
      if (date >= from && date <= to) dates.add(date);
    }
  }
  return [...dates].sort();
}
