// docs/money-and-time.md#anchored-schedules: the k-th date is always computed from the anchor, never from
// the previous date, so a Jan 31 anchor returns to the 31st after February's clamp to the 28th.
import type { CivilDate } from '../events/types.js';
import { fromPlainDate, requireCount, toPlainDate } from './civil-date.js';
import { isDateOutOfRangeError } from './date-range.js';

/** `compute()`, or undefined when the date it computes is outside the years 0001-9999. */
function inRangeOrUndefined(compute: () => CivilDate): CivilDate | undefined {
  try {
    return compute();
  } catch (error) {
    if (isDateOutOfRangeError(error)) return undefined;
    throw error;
  }
}

/** `anchor + months`, clamped to the end of the target month (2026-01-31 + 1 = 2026-02-28). */
export function addMonthsClamped(anchor: CivilDate, months: number): CivilDate {
  requireCount(months, 'months');
  // Pure in its two arguments, slow through Temporal, and asked for the same anchors' dates by
  // every invoice of a billing run: remembered (a bounded map, cleared when full).
  const key = `${anchor} ${months}`;
  const known = monthsCache.get(key);
  if (known !== undefined) return known;
  const date = fromPlainDate(toPlainDate(anchor, 'anchor').add({ months }, { overflow: 'constrain' }));
  if (monthsCache.size >= MONTHS_CACHE_SIZE) monthsCache.clear();
  monthsCache.set(key, date);
  return date;
}

const MONTHS_CACHE_SIZE = 50_000;
const monthsCache = new Map<string, CivilDate>();

/** `anchor + years`, clamped the same way (2024-02-29 + 1 = 2025-02-28, + 4 = 2028-02-29). */
export function addYearsClamped(anchor: CivilDate, years: number): CivilDate {
  requireCount(years, 'years');
  return fromPlainDate(toPlainDate(anchor, 'anchor').add({ years }, { overflow: 'constrain' }));
}

/** The anchored monthly dates `anchor + k months` (k >= 0) with `from <= date <= to`, ascending.
 * Empty when `from > to`. Each date lies in its own calendar month, so the list is strictly
 * increasing. */
export function monthlyDates(anchor: CivilDate, from: CivilDate, to: CivilDate): CivilDate[] {
  const anchorDate = toPlainDate(anchor, 'anchor');
  const fromDate = toPlainDate(from, 'from');
  toPlainDate(to, 'to');
  // Validated YYYY-MM-DD strings are fixed width, so they compare like the dates they name.
  if (from > to) return [];
  // anchor + k months lands in calendar month (anchor's month + k), so no k below the month
  // distance to `from` can reach it: start there instead of walking from the anchor.
  const monthDistance = (fromDate.year - anchorDate.year) * 12 + (fromDate.month - anchorDate.month);
  const dates: CivilDate[] = [];
  for (let k = Math.max(0, monthDistance); ; k++) {
    const date = inRangeOrUndefined(() => addMonthsClamped(anchor, k));
    // A date past 9999-12-31 is past `to` too.
    if (date === undefined || date > to) break;
    if (date >= from) dates.push(date);
  }
  return dates;
}
