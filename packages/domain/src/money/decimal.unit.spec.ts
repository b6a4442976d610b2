import { fc, test } from '@fast-check/vitest';
import { isLeft, isRight, left, right } from 'fp-ts/lib/Either.js';
import { describe, expect } from 'vitest';
import { currencyCodes, currencyMinorDigits } from './currency.js';
import { formatMoney, parseMoney } from './decimal.js';

const RUNS = { numRuns: 200 };

describe('parseMoney', () => {
  test('reads USD amounts with up to two decimals', () => {
    expect(parseMoney('10.00', 'USD')).toEqual(right(1000n));
    expect(parseMoney('10.5', 'USD')).toEqual(right(1050n));
    expect(parseMoney('10', 'USD')).toEqual(right(1000n));
    expect(parseMoney('0.07', 'USD')).toEqual(right(7n));
    expect(parseMoney('-0.50', 'USD')).toEqual(right(-50n));
    expect(parseMoney('123456789012345678901.23', 'USD')).toEqual(right(12345678901234567890123n));
  });

  test('refuses more decimals than the currency has, naming the text and the currency', () => {
    expect(parseMoney('10.005', 'USD')).toEqual(
      left('"10.005" has more decimals than USD allows (at most 2)'),
    );
    expect(parseMoney('1.0000', 'KWD')).toEqual(
      left('"1.0000" has more decimals than KWD allows (at most 3)'),
    );
    expect(parseMoney('12.5', 'JPY')).toEqual(left('"12.5" has decimals but JPY has no minor unit'));
  });

  test('JPY has no minor digits: the amount is whole yen', () => {
    expect(parseMoney('1200', 'JPY')).toEqual(right(1200n));
    expect(formatMoney(1200n, 'JPY')).toBe('1200');
    expect(formatMoney(-7n, 'JPY')).toBe('-7');
    expect(formatMoney(0n, 'JPY')).toBe('0');
  });

  test('KWD has three minor digits', () => {
    expect(parseMoney('1.250', 'KWD')).toEqual(right(1250n));
    expect(parseMoney('1.25', 'KWD')).toEqual(right(1250n));
    expect(parseMoney('0.001', 'KWD')).toEqual(right(1n));
    expect(formatMoney(1250n, 'KWD')).toBe('1.250');
    expect(formatMoney(5n, 'KWD')).toBe('0.005');
    expect(formatMoney(-1000n, 'KWD')).toBe('-1.000');
  });

  test.each(['', '1.', '.5', '+1.00', '1e3', ' 1.00', '1.00 ', '1,000.00', '--1', '-', 'NaN', '１.00'])(
    'refuses the malformed amount %j',
    (text) => {
      const result = parseMoney(text, 'USD');
      expect(result).toEqual(left(expect.stringContaining(`"${text}" is not a decimal amount`)));
    },
  );

  test('refuses an unknown currency, naming it', () => {
    expect(parseMoney('1.00', 'XXX')).toEqual(left('unknown currency "XXX" for amount "1.00"'));
  });
});

describe('formatMoney', () => {
  test('prints exactly the currency digits', () => {
    expect(formatMoney(12000n, 'USD')).toBe('120.00');
    expect(formatMoney(-50n, 'USD')).toBe('-0.50');
    expect(formatMoney(5n, 'USD')).toBe('0.05');
    expect(formatMoney(0n, 'USD')).toBe('0.00');
    expect(formatMoney(-100000n, 'EUR')).toBe('-1000.00');
  });

  test('throws a RangeError naming an unknown currency', () => {
    expect(() => formatMoney(1n, 'ABC')).toThrow(new RangeError('formatMoney: unknown currency "ABC"'));
  });
});

const currency = fc.constantFrom(...currencyCodes());
const anyAmount = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });

describe('properties', () => {
  test.prop([anyAmount, currency], RUNS)('parse(format(x)) = x', (minor, code) => {
    expect(parseMoney(formatMoney(minor, code), code)).toEqual(right(minor));
  });

  test.prop([anyAmount, currency], RUNS)('format prints exactly the currency digits', (minor, code) => {
    const digits = currencyMinorDigits(code) ?? -1;
    const text = formatMoney(minor, code);
    const fraction = text.split('.')[1];
    expect(fraction?.length ?? 0).toBe(digits);
  });

  // A decimal written by hand: sign, integer digits without leading zeros, a fraction of any
  // length up to the currency's digits. Its value is computed from the digits, not by the parser.
  const writtenAmount = currency.chain((code) => {
    const digits = currencyMinorDigits(code) ?? 0;
    return fc.record({
      code: fc.constant(code),
      negative: fc.boolean(),
      whole: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: digits }),
    });
  });

  test.prop([writtenAmount], RUNS)('parse reads the value the digits denote', (a) => {
    const text = `${a.negative ? '-' : ''}${a.whole}${a.fraction === '' ? '' : `.${a.fraction}`}`;
    const digits = currencyMinorDigits(a.code) ?? 0;
    const scale = 10n ** BigInt(digits);
    const fractionValue =
      a.fraction === '' ? 0n : BigInt(a.fraction) * 10n ** BigInt(digits - a.fraction.length);
    const magnitude = a.whole * scale + fractionValue;
    expect(parseMoney(text, a.code)).toEqual(right(a.negative ? -magnitude : magnitude));
  });

  test.prop([writtenAmount, fc.integer({ min: 1, max: 3 })], RUNS)(
    'parse refuses any fraction longer than the currency digits',
    (a, extra) => {
      const digits = currencyMinorDigits(a.code) ?? 0;
      const text = `${a.whole}.${'5'.repeat(digits + extra)}`;
      const result = parseMoney(text, a.code);
      expect(isLeft(result)).toBe(true);
      expect(isRight(parseMoney(`${a.whole}.${'5'.repeat(digits)}`, a.code))).toBe(digits > 0);
    },
  );
});
