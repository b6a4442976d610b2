// Decimal strings <-> bigint minor units. The currency's minor digits decide both directions, so
// "10.5" in USD is 1050 cents and "1200" in JPY is 1200 yen; nothing passes through a float.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { currencyMinorDigits } from './currency.js';

// Optional minus, at least one integer digit, optional fraction of at least one digit. No plus
// sign, exponent, grouping or surrounding space: an amount on the wire has one spelling.
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string (`"10.00"`, `"10.5"`, `"-0.50"`, JPY `"1200"`) into minor units.
 * Left with a message naming the text and the currency when it is not a plain decimal, has more
 * fraction digits than the currency allows, or the currency is unknown. */
export function parseMoney(text: string, currency: string): Either<string, bigint> {
  const digits = currencyMinorDigits(currency);
  if (digits === undefined) return left(`unknown currency "${currency}" for amount "${text}"`);
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) {
    return left(`"${text}" is not a decimal amount (expected digits with an optional "." and fraction)`);
  }
  const [, sign = '', whole = '', fraction = ''] = match;
  if (fraction.length > digits) {
    return left(
      digits === 0
        ? `"${text}" has decimals but ${currency} has no minor unit`
        : `"${text}" has more decimals than ${currency} allows (at most ${digits})`,
    );
  }
  const magnitude = BigInt(whole + fraction.padEnd(digits, '0'));
  return right(sign === '-' ? -magnitude : magnitude);
}

/** Formats minor units with exactly the currency's digits: `"120.00"`, `"-0.50"`, JPY `"1200"`,
 * KWD `"1.250"`. Throws a RangeError for an unknown currency (a programmer error: currencies are
 * validated when the organization is decoded). */
export function formatMoney(minor: bigint, currency: string): string {
  const digits = currencyMinorDigits(currency);
  if (digits === undefined) throw new RangeError(`formatMoney: unknown currency "${currency}"`);
  const sign = minor < 0n ? '-' : '';
  const magnitude = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  if (digits === 0) return sign + magnitude;
  const cut = magnitude.length - digits;
  return `${sign}${magnitude.slice(0, cut)}.${magnitude.slice(cut)}`;
}
