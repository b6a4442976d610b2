// The invoice as the domain computes it (bigint minor units) and its one wire form
// (docs/billing.md#invoice-shape-and-bytes). Keys are written in a fixed order: same events, same bytes.
import type { CivilDate, Instant, InvoiceJson, InvoiceLineJson } from '../events/types.js';
import { formatMoney } from '../money/index.js';

export type InvoiceLineKind = InvoiceLineJson['kind'];

export interface ServicePeriod {
  readonly start: CivilDate;
  readonly end: CivilDate;
}

/** Why a line has its quantity: the inputs of the rule, kept for `explainInvoiceLine` and for
 * property tests. Not part of the wire form. */
export interface LineBasis {
  /** The rule applied, in words, with its numbers. */
  readonly rule: string;
  /** The count read at `tallyAt` (licenses in use or billable devices); null when no tally
   * decided the quantity (initialLicenses, devices ordered). */
  readonly counted: number | null;
  /** Per-device yearly: the allocation before and after this line. */
  readonly allocationBefore?: number;
  readonly allocationAfter?: number;
}

export interface InvoiceLine {
  readonly kind: InvoiceLineKind;
  readonly description: string;
  readonly quantity: number;
  readonly unitAmount: bigint;
  readonly amount: bigint;
  readonly servicePeriod: ServicePeriod;
  readonly tallyAt: Instant | null;
  readonly basis: LineBasis;
}

export interface Invoice {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly currency: string;
  readonly asKnownAt: Instant;
  readonly lines: readonly InvoiceLine[];
  /** Always the sum of `lines[].amount` (see `makeInvoice`). */
  readonly total: bigint;
}

/** An invoice whose total is the sum of its lines, by construction. */
export function makeInvoice(
  header: Omit<Invoice, 'total' | 'lines'>,
  lines: readonly InvoiceLine[],
): Invoice {
  return { ...header, lines, total: sumAmounts(lines) };
}

const sumAmounts = (lines: readonly { readonly amount: bigint }[]): bigint =>
  lines.reduce((sum, line) => sum + line.amount, 0n);

/** The invoice JSON: amounts as decimal strings with exactly the currency's digits, total
 * recomputed from the lines. */
export function toInvoiceJson(invoice: Invoice): InvoiceJson {
  const money = (minor: bigint) => formatMoney(minor, invoice.currency);
  return {
    orgId: invoice.orgId,
    billingDate: invoice.billingDate,
    currency: invoice.currency,
    asKnownAt: invoice.asKnownAt,
    lines: invoice.lines.map(
      (line): InvoiceLineJson => ({
        kind: line.kind,
        description: line.description,
        quantity: line.quantity,
        unitAmount: money(line.unitAmount),
        amount: money(line.amount),
        servicePeriod: { start: line.servicePeriod.start, end: line.servicePeriod.end },
        tallyAt: line.tallyAt,
      }),
    ),
    total: money(sumAmounts(invoice.lines)),
  };
}

/** Compact invoice JSON, keys in the order of docs/billing.md#invoice-shape-and-bytes, whatever order
 * the object was built in (an `InvoiceIssued` payload read back from a store, say). */
export function serializeInvoiceJson(json: InvoiceJson): string {
  const ordered = {
    orgId: json.orgId,
    billingDate: json.billingDate,
    currency: json.currency,
    asKnownAt: json.asKnownAt,
    lines: json.lines.map((line) => ({
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      amount: line.amount,
      servicePeriod: { start: line.servicePeriod.start, end: line.servicePeriod.end },
      tallyAt: line.tallyAt,
    })),
    total: json.total,
  };
  return JSON.stringify(ordered);
}

/** The invoice's bytes: the same events (and asKnownAt) always give the same string. */
export function serializeInvoice(invoice: Invoice): string {
  return serializeInvoiceJson(toInvoiceJson(invoice));
}
