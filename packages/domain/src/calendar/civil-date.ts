// Civil dates (`YYYY-MM-DD`) as Temporal.PlainDate. Every calendar function takes and returns the
// string form of events/types.ts and goes through here, so invalid input fails in one way.
import { Temporal } from 'temporal-polyfill';
import type { CivilDate } from '../events/types.js';
import { requireYearInRange } from './date-range.js';

// Temporal also accepts `2026-01-31T10:00`, `+002026-01-31` and `20260131`; a CivilDate is only
// the plain four-digit-year form, the form the wire carries and the form we print.
const CIVIL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True when `text` is a real `YYYY-MM-DD` date (2026-02-30 is not). */
export function isCivilDate(text: string): boolean {
  if (!CIVIL_DATE_PATTERN.test(text)) return false;
  try {
    Temporal.PlainDate.from(text, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/** The PlainDate of a CivilDate; a RangeError naming the argument and the value otherwise. */
export function toPlainDate(date: CivilDate, argument = 'date'): Temporal.PlainDate {
  if (CIVIL_DATE_PATTERN.test(date)) {
    try {
      return Temporal.PlainDate.from(date, { overflow: 'reject' });
    } catch {
      // fall through to the error below, which names the value
    }
  }
  throw new RangeError(`${argument} must be a valid YYYY-MM-DD date, got "${date}"`);
}

/** The CivilDate of a PlainDate; DateOutOfRangeError outside the years 0001-9999 (Temporal
 * would write `+010000-01-31`). */
export function fromPlainDate(date: Temporal.PlainDate): CivilDate {
  requireYearInRange(date.year, () => date.toString());
  return date.toString();
}

/** Negative when a is before b, zero when equal, positive when after. */
export function compareDates(a: CivilDate, b: CivilDate): number {
  return Temporal.PlainDate.compare(toPlainDate(a, 'a'), toPlainDate(b, 'b'));
}

/** Whole days from a to b (`b − a`): 2025-03-15 to 2026-03-15 is 365, the reverse is -365. */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return toPlainDate(a, 'a').until(toPlainDate(b, 'b'), { largestUnit: 'days' }).days;
}

/** Throws unless `value` is a non-negative safe integer; `name` says which argument it was. */
export function requireCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
