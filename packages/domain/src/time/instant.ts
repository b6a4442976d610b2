// Instants as epoch milliseconds, computed with integer arithmetic on the canonical UTC string:
// folds compare millions of instants, and this avoids both Date and a Temporal object per event.
import { requireYearInRange } from '../calendar/date-range.js';
import type { Instant } from '../events/types.js';

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

/** Days from 1970-01-01 to a proleptic Gregorian civil date (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Epoch milliseconds of a canonical instant; NaN when the string is not one. */
export function instantToEpochMs(instant: Instant): number {
  const match = INSTANT_PATTERN.exec(instant);
  if (match === null) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac] = match as unknown as string[];
  const days = daysFromCivil(Number(y), Number(mo), Number(d));
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0'));
  return ((days * 24 + Number(h)) * 60 + Number(mi)) * 60_000 + Number(s) * 1000 + ms;
}

/** Canonical instant string of epoch milliseconds (inverse of `instantToEpochMs`);
 * DateOutOfRangeError outside the years 0001-9999. */
export function epochMsToInstant(epochMs: number): Instant {
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const totalSeconds = (epochMs - ms) / 1000;
  const secondOfDay = ((totalSeconds % 86_400) + 86_400) % 86_400;
  const days = (totalSeconds - secondOfDay) / 86_400;
  const [year, month, day] = civilFromDays(days);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  requireYearInRange(
    year,
    () => `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}-${pad(month)}-${pad(day)}`,
  );
  const time = `${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor((secondOfDay % 3600) / 60))}:${pad(secondOfDay % 60)}`;
  const fraction = ms === 0 ? '' : `.${pad(ms, 3).replace(/0+$/, '')}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}${fraction}Z`;
}

/** Inverse of `daysFromCivil`. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
