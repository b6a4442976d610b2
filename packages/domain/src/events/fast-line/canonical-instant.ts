// Whether a string is an instant in its canonical spelling (instant.ts): a real UTC date and
// time `YYYY-MM-DDTHH:MM:SS`, then `Z`, or a fraction of 1 to 3 digits whose last digit is not
// 0, then `Z` (`...07:00:00Z`, `...07:00:00.25Z`). Those are the spellings InstantCodec
// decodes to themselves; every other one (a fraction to trim, an offset, no such day) is left
// to it. This is isCanonicalInstant without building an Either per instant; the property tests
// hold the two equal.
//
// The rule is in two parts, so that the line patterns (line-patterns.ts) can check the first
// inside their own match: the spelling, each field in its range, as a regular expression; then
// whether the day exists in its month, which a pattern cannot say.

import { dateExists } from '../instant.js';

/** The spelling of a canonical instant, captured: the years 0001 to 9999, months 01-12, days
 * 01-31, hours 00-23, minutes and seconds 00-59, and a fraction of 1 to 3 digits not ending in
 * 0. Whether the day exists in its month is `dayExists`'s to say. */
export const CANONICAL_INSTANT_SHAPE =
  '((?!0000)\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{0,2}[1-9])?Z)';

const SHAPE = new RegExp(`^${CANONICAL_INSTANT_SHAPE}$`);

const digit = (text: string, i: number) => text.charCodeAt(i) - 0x30;

/** For text of CANONICAL_INSTANT_SHAPE: whether its day exists in its month (days 1 to 28
 * always do, so most instants are answered by two characters). */
export function dayExists(text: string): boolean {
  const dayTens = digit(text, 8);
  if (dayTens < 2 || (dayTens === 2 && digit(text, 9) < 9)) return true;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  return dateExists(year, digit(text, 5) * 10 + digit(text, 6), dayTens * 10 + digit(text, 9));
}

export function isCanonicalInstantFast(text: string): boolean {
  return SHAPE.test(text) && dayExists(text);
}
