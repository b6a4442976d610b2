// ISO 4217 currency codes, as listed in money/currency.ts (upper case, as written by ISO).
import { left, right } from 'fp-ts/lib/Either.js';
import { isCurrencyCode } from '../money/currency.js';
import { type Codec, primitive } from './combinators.js';
import { quote, show } from './show.js';

export const CurrencyCodec: Codec<string> = primitive('an ISO 4217 currency code', (input) => {
  if (typeof input !== 'string')
    return left(`expected an ISO 4217 currency code such as "USD", got ${show(input)}`);
  return isCurrencyCode(input) ? right(input) : left(`${quote(input)} is not an ISO 4217 currency code`);
});
