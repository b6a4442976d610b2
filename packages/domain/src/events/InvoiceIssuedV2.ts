// InvoiceIssued, version 2 (docs/wire-format.md#versions): the invoice of version 1 plus its
// number (`<serialCode>-<n>`), its document kind, adjustment lines that correct earlier issued
// invoices (docs/billing.md#corrections), and the manifest of what computed it. Beyond the shape
// it must add up: amounts with exactly the currency's digits, the total the sum of the lines, a
// credit note exactly when the total is negative, the adjustments after the invoice's own lines.
import type * as t from 'io-ts';
import { CivilDateCodec } from './civil-date.js';
import {
  arrayOf,
  failAt,
  literal,
  nullable,
  oneOf,
  primitive,
  strictObject,
  taggedUnion,
  withCheck,
} from './combinators.js';
import { CurrencyCodec } from './currency-code.js';
import { DecimalAmount, toMinorUnits } from './decimal.js';
import { versionedEventCodec } from './envelope.js';
import { sameOrg } from './InvoiceIssuedV1.js';
import { amountsProblem, INVOICE_LINE_KINDS, InvoiceLineJson, ServicePeriod } from './InvoiceJson.js';
import { InstantCodec } from './instant.js';
import { Integer } from './integers.js';
import { quote, show } from './show.js';
import { NonEmptyString, Text } from './strings.js';
import type { Equals } from './type-equality.js';
import type {
  AdjustmentLineJson as AdjustmentLineJsonType,
  InvoiceIssuedV2 as InvoiceIssuedV2Event,
  IssuedInvoiceJsonV2 as IssuedInvoiceJsonV2Type,
} from './types.js';

/** An adjustment has no unit amount: it is a difference, not a price. */
const NULL = primitive('null', (input) =>
  input === null
    ? { _tag: 'Right', right: null }
    : { _tag: 'Left', left: `expected null, got ${show(input)}` },
);

export const AdjustmentLineJson = strictObject('an adjustment line', {
  kind: literal('adjustment'),
  description: Text,
  quantity: Integer,
  unitAmount: NULL,
  amount: DecimalAmount,
  servicePeriod: ServicePeriod,
  tallyAt: nullable(InstantCodec),
  corrects: strictObject('the corrected line', {
    invoiceNumber: NonEmptyString,
    billingDate: CivilDateCodec,
    kind: oneOf(INVOICE_LINE_KINDS),
  }),
});

const IssuedLineJson = taggedUnion('an invoice line', 'kind', {
  installment: InvoiceLineJson,
  devices: InvoiceLineJson,
  minimum: InvoiceLineJson,
  term: InvoiceLineJson,
  overage: InvoiceLineJson,
  adjustment: AdjustmentLineJson,
});

const InvoiceManifest = strictObject('an invoice manifest', {
  engineVersion: NonEmptyString,
  rulesVersion: NonEmptyString,
  tzdbVersion: NonEmptyString,
});

export const IssuedInvoiceJsonV2 = withCheck(
  strictObject('an issued invoice', {
    orgId: NonEmptyString,
    billingDate: CivilDateCodec,
    currency: CurrencyCodec,
    asKnownAt: InstantCodec,
    number: NonEmptyString,
    document: oneOf(['invoice', 'credit-note'] as const),
    lines: arrayOf(IssuedLineJson),
    total: DecimalAmount,
    manifest: nullable(InvoiceManifest),
  }),
  (invoice, context) => {
    let adjusting = false;
    for (const [index, line] of invoice.lines.entries()) {
      if (line.kind === 'adjustment') adjusting = true;
      else if (adjusting) {
        return failAt(
          context,
          ['lines', `[${index}]`, 'kind'],
          line.kind,
          `a ${quote(line.kind)} line after an adjustment; adjustments come after the invoice's own lines`,
        );
      }
    }
    const problem = amountsProblem<typeof invoice>(invoice, context);
    if (problem !== undefined) return problem;
    const sum = toMinorUnits(invoice.total);
    const document = sum < 0n ? 'credit-note' : 'invoice';
    if (invoice.document !== document) {
      return failAt(
        context,
        ['document'],
        invoice.document,
        `${quote(invoice.document)}, but a total of ${invoice.total} makes it ${quote(document)}`,
      );
    }
    return { _tag: 'Right', right: invoice };
  },
);

export const InvoiceIssuedV2 = withCheck(
  versionedEventCodec('InvoiceIssued', 2, IssuedInvoiceJsonV2),
  sameOrg,
);
export type InvoiceIssuedV2 = InvoiceIssuedV2Event;

export type AdjustmentLineJson = AdjustmentLineJsonType;
export type IssuedInvoiceJsonV2 = IssuedInvoiceJsonV2Type;

true satisfies Equals<t.TypeOf<typeof IssuedInvoiceJsonV2>, IssuedInvoiceJsonV2Type>;
true satisfies Equals<t.TypeOf<typeof InvoiceIssuedV2>, InvoiceIssuedV2Event>;
true satisfies Equals<t.TypeOf<typeof AdjustmentLineJson>, AdjustmentLineJsonType>;
