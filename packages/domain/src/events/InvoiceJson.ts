// The invoice (docs/wire-format.md#invoice) as InvoiceIssued carries it, keys in that order. Beyond the
// shape, an issued invoice must add up: every amount has exactly its currency's digits, and the
// total is the sum of the line amounts.
import type * as t from 'io-ts';
import { currencyMinorDigits } from '../money/currency.js';
import { CivilDateCodec } from './civil-date.js';
import { arrayOf, failAt, nullable, oneOf, strictObject, withCheck } from './combinators.js';
import { CurrencyCodec } from './currency-code.js';
import { DecimalAmount, fromMinorUnits, notExactDecimals, toMinorUnits } from './decimal.js';
import { InstantCodec } from './instant.js';
import { NonNegativeInteger } from './integers.js';
import { quote } from './show.js';
import { NonEmptyString, Text } from './strings.js';
import type { Equals } from './type-equality.js';
import type { InvoiceJson as InvoiceJsonType, InvoiceLineJson as InvoiceLineJsonType } from './types.js';

export const ServicePeriod = withCheck(
  strictObject('a service period', { start: CivilDateCodec, end: CivilDateCodec }),
  (period, context) =>
    // YYYY-MM-DD strings compare like the dates they write.
    period.end > period.start
      ? { _tag: 'Right', right: period }
      : failAt(
          context,
          ['end'],
          period.end,
          `${quote(period.end)} is not after the start ${quote(period.start)}`,
        ),
);

export const INVOICE_LINE_KINDS = ['installment', 'devices', 'minimum', 'term', 'overage'] as const;

export const InvoiceLineJson = strictObject('an invoice line', {
  kind: oneOf(INVOICE_LINE_KINDS),
  description: Text,
  quantity: NonNegativeInteger,
  unitAmount: DecimalAmount,
  amount: DecimalAmount,
  servicePeriod: ServicePeriod,
  tallyAt: nullable(InstantCodec),
});

export const InvoiceJson = withCheck(
  strictObject('an invoice', {
    orgId: NonEmptyString,
    billingDate: CivilDateCodec,
    currency: CurrencyCodec,
    asKnownAt: InstantCodec,
    lines: arrayOf(InvoiceLineJson),
    total: DecimalAmount,
  }),
  (invoice, context) => amountsProblem(invoice, context) ?? { _tag: 'Right', right: invoice },
);

interface Amounts {
  readonly currency: string;
  readonly lines: readonly { readonly unitAmount: string | null; readonly amount: string }[];
  readonly total: string;
}

/**
 * What every version of an issued invoice must hold of its money: each amount with exactly its
 * currency's digits (a null unit amount, as an adjustment has, is not checked), and the total the
 * sum of the line amounts. The failure at the first amount that does not, or undefined.
 */
export function amountsProblem<A>(invoice: Amounts, context: t.Context): t.Validation<A> | undefined {
  const { currency } = invoice;
  for (const [index, line] of invoice.lines.entries()) {
    for (const key of ['unitAmount', 'amount'] as const) {
      const value = line[key];
      const problem = value === null ? undefined : notExactDecimals(value, currency);
      if (problem !== undefined) return failAt(context, ['lines', `[${index}]`, key], value, problem);
    }
  }
  const totalProblem = notExactDecimals(invoice.total, currency);
  if (totalProblem !== undefined) return failAt(context, ['total'], invoice.total, totalProblem);
  const sum = invoice.lines.reduce((acc, line) => acc + toMinorUnits(line.amount), 0n);
  if (sum !== toMinorUnits(invoice.total)) {
    const digits = currencyMinorDigits(currency) ?? 0;
    return failAt(
      context,
      ['total'],
      invoice.total,
      `${quote(invoice.total)} is not the sum of the line amounts (${fromMinorUnits(sum, digits)})`,
    );
  }
  return undefined;
}

export type InvoiceLineJson = InvoiceLineJsonType;
export type InvoiceJson = InvoiceJsonType;

true satisfies Equals<t.TypeOf<typeof InvoiceLineJson>, InvoiceLineJsonType>;
true satisfies Equals<t.TypeOf<typeof InvoiceJson>, InvoiceJsonType>;
