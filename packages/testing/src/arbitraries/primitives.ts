// Valid wire values: canonical instants, real dates, real zones, currencies and money strings
// with the right digits. Each shrinks toward something short a person can read (2000-01-01,
// "0.00", `d-0`).
import type { CivilDate, DecimalString, Instant } from '@tally/domain';
import { civilFromDays, epochMsToInstant } from '@tally/domain';
import fc from 'fast-check';

const DAY_2000 = 10_957; // 2000-01-01 in days since 1970-01-01
const DAY_2100 = 47_482; // 2100-01-01
const MS_PER_DAY = 86_400_000;

/** A canonical instant in 2000..2099: mostly whole seconds, sometimes with milliseconds. */
export function arbInstant(): fc.Arbitrary<Instant> {
  const wholeSeconds = fc
    .integer({ min: (DAY_2000 * MS_PER_DAY) / 1000, max: (DAY_2100 * MS_PER_DAY) / 1000 - 1 })
    .map((seconds) => epochMsToInstant(seconds * 1000));
  const withMilliseconds = fc
    .integer({ min: DAY_2000 * MS_PER_DAY, max: DAY_2100 * MS_PER_DAY - 1 })
    .map(epochMsToInstant);
  return fc.oneof({ arbitrary: wholeSeconds, weight: 3 }, { arbitrary: withMilliseconds, weight: 1 });
}

export function civilDateOfDays(days: number): CivilDate {
  const [year, month, day] = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A civil date in 2000..2099. */
export function arbCivilDate(): fc.Arbitrary<CivilDate> {
  return fc.integer({ min: DAY_2000, max: DAY_2100 - 1 }).map(civilDateOfDays);
}

/** Zones with DST both ways, half-hour and 45-minute offsets, and none at all. */
export const TIME_ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Pacific/Chatham',
] as const;

export function arbTimeZone(): fc.Arbitrary<string> {
  return fc.constantFrom(...TIME_ZONES);
}

/** Currencies with 2, 0 and 3 minor digits (ISO 4217). */
export const CURRENCY_DIGITS: Readonly<Record<string, number>> = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3 };

export function arbCurrency(): fc.Arbitrary<string> {
  return fc.constantFrom(...Object.keys(CURRENCY_DIGITS));
}

export function digitsOf(currency: string): number {
  const digits = CURRENCY_DIGITS[currency];
  if (digits === undefined) throw new Error(`arbitraries know no currency ${currency}`);
  return digits;
}

/** `minor` units written with exactly `digits` decimals (`1234n, 2` is `"12.34"`). */
export function formatMinor(minor: bigint, digits: number): DecimalString {
  const sign = minor < 0n ? '-' : '';
  const magnitude = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  return digits === 0
    ? `${sign}${magnitude}`
    : `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
}

/** Minor units up to a million major units: a price, or with `signed` an amount that may be negative. */
export function arbMinorUnits(digits: number, options: { signed?: boolean } = {}): fc.Arbitrary<bigint> {
  const max = 1_000_000n * 10n ** BigInt(digits);
  return fc.bigInt({ min: options.signed ? -max : 0n, max });
}

/** A money string with exactly `digits` decimals. */
export function arbMoney(digits: number, options: { signed?: boolean } = {}): fc.Arbitrary<DecimalString> {
  return arbMinorUnits(digits, options).map((minor) => formatMinor(minor, digits));
}

/** `d-0`, `d-17`: short ids with a readable prefix. */
export function arbId(prefix: string): fc.Arbitrary<string> {
  return fc.nat({ max: 999 }).map((n) => `${prefix}-${n}`);
}
