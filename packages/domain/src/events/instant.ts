// Instants on the wire: UTC ISO-8601 with a `Z`, seconds required, at most millisecond
// precision, in the years 0001 to 9999. Decoding normalizes to the one canonical spelling of types.ts (`...07:00:00Z`,
// `...07:00:00.25Z`), so equal instants are equal strings and sort as strings.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { YEAR_RANGE } from './civil-date.js';
import { type Codec, primitive } from './combinators.js';
import { quote, show } from './show.js';
import type { Instant } from './types.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?[+-]\d{2}:?\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** The number written by the digits of `text` in [start, end) (already known to be digits). */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

// Decoding a log checks two instants per event, so this works on character codes rather than
// building epoch milliseconds and a new string (the canonical form differs from a valid input
// only in its fraction). `refinements.unit.spec.ts` holds it equal to epochMsToInstant's spelling.
function isRealDateTime(text: string): boolean {
  return (
    dateExists(digitsAt(text, 0, 4), digitsAt(text, 5, 7), digitsAt(text, 8, 10)) &&
    digitsAt(text, 11, 13) < 24 &&
    digitsAt(text, 14, 16) < 60 &&
    digitsAt(text, 17, 19) < 60
  );
}

/** Whether `year-month-day` is a day of the proleptic Gregorian calendar. */
export function dateExists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/** The canonical instant written by `text`, or why it is not one. */
export function parseInstant(text: unknown): Either<string, Instant> {
  if (typeof text !== 'string') {
    return left(`expected a UTC ISO-8601 instant such as "2026-03-07T07:00:00Z", got ${show(text)}`);
  }
  if (!ISO_UTC.test(text)) {
    return left(
      WITH_OFFSET.test(text)
        ? `${quote(text)} is not a UTC ISO-8601 instant (write it in UTC, ending in Z)`
        : `${quote(text)} is not a UTC ISO-8601 instant`,
    );
  }
  // `YYYY-MM-DDTHH:MM:SS` is 19 characters; then `Z`, or `.fff...Z`.
  const fractionDigits = text.length - 21;
  if (fractionDigits > 3) {
    return left(`${quote(text)} has ${fractionDigits} fractional second digits; at most 3 (milliseconds)`);
  }
  // Four digits cannot pass 9999; year 0 is outside the range too (docs/wire-format.md).
  if (digitsAt(text, 0, 4) === 0) return left(`${quote(text)} is outside the years ${YEAR_RANGE}`);
  if (!isRealDateTime(text)) return left(`${quote(text)} is not a real instant (no such date or time)`);
  if (fractionDigits < 1) return right(text);
  const fraction = text.slice(20, -1).replace(/0+$/, '');
  return right(fraction === '' ? `${text.slice(0, 19)}Z` : `${text.slice(0, 20)}${fraction}Z`);
}

export const isCanonicalInstant = (text: unknown): text is Instant => {
  const parsed = parseInstant(text);
  return parsed._tag === 'Right' && parsed.right === text;
};

/** Decodes any valid spelling to the canonical one; `is` accepts only the canonical one. */
export const InstantCodec: Codec<Instant> = primitive('a UTC ISO-8601 instant', parseInstant);
