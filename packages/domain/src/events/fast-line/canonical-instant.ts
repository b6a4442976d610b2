// Whether a string is an instant in its canonical spelling (instant.ts): a real UTC date and
// time `YYYY-MM-DDTHH:MM:SS`, then `Z`, or a fraction of 1 to 3 digits whose last digit is not
// 0, then `Z` (`...07:00:00Z`, `...07:00:00.25Z`). Those are the spellings InstantCodec
// decodes to themselves; every other one (a fraction to trim, an offset, no such day) is left
// to it. This is isCanonicalInstant without a regex and an Either per instant; the property
// tests hold the two equal.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two digits at `i` as a number, or -1 when either is not an ASCII digit. */
function twoDigits(text: string, i: number): number {
  const tens = text.charCodeAt(i) - 0x30;
  const units = text.charCodeAt(i + 1) - 0x30;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

export function isCanonicalInstantFast(text: string): boolean {
  const length = text.length;
  if (length !== 20 && (length < 22 || length > 24)) return false;
  if (
    text.charCodeAt(4) !== 0x2d || // -
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(10) !== 0x54 || // T
    text.charCodeAt(13) !== 0x3a || // :
    text.charCodeAt(16) !== 0x3a ||
    text.charCodeAt(length - 1) !== 0x5a // Z
  ) {
    return false;
  }
  if (length > 20) {
    // `.d`, `.dd` or `.ddd`: digits, the last of them not a trailing zero.
    if (text.charCodeAt(19) !== 0x2e) return false;
    for (let i = 20; i < length - 1; i++) {
      const digit = text.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) return false;
    }
    if (text.charCodeAt(length - 2) === 0x30) return false;
  }
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  // Year 0000 is outside the range (0001 to 9999): the codecs say so.
  if (century === 0 && yearOfCentury === 0) return false;
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (day <= 28) return true;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}
