// Money on the wire: decimal strings (`"10.00"`, `"-0.50"`, JPY `"1200"`), never JSON numbers,
// which would round. Without a currency an amount may have at most 3 decimals (the most any ISO
// 4217 currency has); `decode.ts` checks them against the organization's currency when known.
import { left, right } from 'fp-ts/lib/Either.js';
import { currencyMinorDigits } from '../money/currency.js';
import { type Codec, primitive } from './combinators.js';
import { quote, show } from './show.js';
import type { DecimalString } from './types.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;
export const MAX_MINOR_DIGITS = 3;

export const decimalPlaces = (text: DecimalString): number => {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
};

function decimal(noun: string, allowNegative: boolean): Codec<DecimalString> {
  return primitive(noun, (input) => {
    if (typeof input !== 'string') return left(`expected ${noun} such as "10.00", got ${show(input)}`);
    if (!DECIMAL.test(input)) return left(`${quote(input)} is not ${noun} such as "10.00"`);
    if (!allowNegative && input.startsWith('-')) return left(`${quote(input)} must not be negative`);
    if (decimalPlaces(input) > MAX_MINOR_DIGITS) {
      return left(`${quote(input)} has more decimals than any currency allows (at most ${MAX_MINOR_DIGITS})`);
    }
    return right(input);
  });
}

/** A signed amount (invoice amounts and totals). */
export const DecimalAmount: Codec<DecimalString> = decimal('a decimal amount', true);
/** A price: a non-negative amount. */
export const Price: Codec<DecimalString> = decimal('a decimal price', false);

/** Why `text` does not fit `currency` (more decimals than it has), or undefined when it does. */
export function tooManyDecimals(text: DecimalString, currency: string): string | undefined {
  const digits = currencyMinorDigits(currency);
  if (digits === undefined || decimalPlaces(text) <= digits) return undefined;
  return `${quote(text)} has more decimals than ${currency} allows`;
}

/** Why `text` is not written with exactly the currency's digits (invoice amounts), or undefined. */
export function notExactDecimals(text: DecimalString, currency: string): string | undefined {
  const digits = currencyMinorDigits(currency);
  if (digits === undefined || decimalPlaces(text) === digits) return undefined;
  return digits === 0
    ? `${quote(text)} must have no decimals for ${currency}`
    : `${quote(text)} must have exactly ${digits} decimals for ${currency}`;
}

/** Minor units of a decimal string already known to have exactly `digits` decimals. */
export function toMinorUnits(text: DecimalString): bigint {
  return BigInt(text.replace('.', ''));
}

/** The decimal string of `minor` units with exactly `digits` decimals. */
export function fromMinorUnits(minor: bigint, digits: number): DecimalString {
  const sign = minor < 0n ? '-' : '';
  const magnitude = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  return digits === 0
    ? `${sign}${magnitude}`
    : `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
}
