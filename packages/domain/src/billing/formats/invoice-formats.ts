// The invoice outputs: json (docs/billing.md#invoice-shape-and-bytes), jsonl (one per line), text (tables a
// person reads) and csv (one record per invoice line, for spreadsheets). `tally invoice(s)
// --format` prints these bytes; a program gets the same from formatInvoice(s). An issued
// invoice (docs/cli.md#tally-invoice) is printed through the same code: its number, document and
// adjustment lines are what it adds.
import type {
  CivilDate,
  DecimalString,
  Instant,
  IssuedInvoiceJson,
  IssuedLineJson,
} from '../../events/types.js';
import { formatMoney, parseMoney } from '../../money/decimal.js';
import { type Invoice, serializeInvoice, toInvoiceJson } from '../invoice.js';
import type { ShownInvoice } from '../issued-known-at.js';
import { csvRecord } from './csv.js';
import { renderTable } from './table.js';

export const INVOICE_FORMATS = ['json', 'text', 'csv'] as const;
export type InvoiceFormat = (typeof INVOICE_FORMATS)[number];
export const INVOICES_FORMATS = ['jsonl', 'text', 'csv'] as const;
export type InvoicesFormat = (typeof INVOICES_FORMATS)[number];

/** Exactly the domain's bytes, one invoice per line. */
export const invoiceJsonLine = (invoice: Invoice): string => `${serializeInvoice(invoice)}\n`;

export function formatInvoice(invoice: Invoice, format: InvoiceFormat): string {
  return formatShownInvoice({ kind: 'computed', invoice }, format);
}

export function formatInvoices(invoices: readonly Invoice[], format: InvoicesFormat): string {
  const first = invoices[0];
  const shown = invoices.map((invoice): ShownInvoice => ({ kind: 'computed', invoice }));
  return formatShownInvoices(shown, format, first?.asKnownAt ?? '');
}

/** One billing date as shown: the computed invoice's bytes, or the issued one's (JSON: the
 * version-2 `InvoiceIssued.data` shape; text and CSV: its number and adjustment rows). */
export function formatShownInvoice(shown: ShownInvoice, format: InvoiceFormat): string {
  const view = viewOf(shown);
  switch (format) {
    case 'json':
      return jsonLineOf(shown);
    case 'csv':
      return invoicesCsv([view]);
    case 'text':
      return invoiceText(view);
  }
}

/** The billing dates of a range as shown; `asKnownAt` is the instant the reader asked for (an
 * issued invoice carries its own). */
export function formatShownInvoices(
  shown: readonly ShownInvoice[],
  format: InvoicesFormat,
  asKnownAt: Instant,
): string {
  switch (format) {
    case 'jsonl':
      return shown.map(jsonLineOf).join('');
    case 'csv':
      return invoicesCsv(shown.map(viewOf));
    case 'text':
      return invoicesText(shown.map(viewOf), asKnownAt);
  }
}

/** Compact JSON of an issued invoice, keys in the order of docs/wire-format.md (version 2),
 * however the object was built (read back from a file or a store). */
export function serializeIssuedInvoiceJson(json: IssuedInvoiceJson): string {
  const ordered = {
    orgId: json.orgId,
    billingDate: json.billingDate,
    currency: json.currency,
    asKnownAt: json.asKnownAt,
    number: json.number,
    document: json.document,
    lines: json.lines.map((line) => ({
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      amount: line.amount,
      servicePeriod: { start: line.servicePeriod.start, end: line.servicePeriod.end },
      tallyAt: line.tallyAt,
      ...(line.kind === 'adjustment'
        ? {
            corrects: {
              invoiceNumber: line.corrects.invoiceNumber,
              billingDate: line.corrects.billingDate,
              kind: line.corrects.kind,
            },
          }
        : {}),
    })),
    total: json.total,
    manifest:
      json.manifest === null
        ? null
        : {
            engineVersion: json.manifest.engineVersion,
            rulesVersion: json.manifest.rulesVersion,
            tzdbVersion: json.manifest.tzdbVersion,
          },
  };
  return JSON.stringify(ordered);
}

const jsonLineOf = (shown: ShownInvoice): string =>
  shown.kind === 'computed'
    ? invoiceJsonLine(shown.invoice)
    : `${serializeIssuedInvoiceJson(shown.issued)}\n`;

/** What every output reads of an invoice, computed or issued. */
interface InvoiceView {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly currency: string;
  readonly asKnownAt: Instant;
  readonly lines: readonly IssuedLineJson[];
  readonly total: DecimalString;
  readonly totalMinor: bigint;
  /** null for a computed invoice. */
  readonly issued: Pick<IssuedInvoiceJson, 'number' | 'document'> | null;
}

function viewOf(shown: ShownInvoice): InvoiceView {
  if (shown.kind === 'computed') {
    return { ...toInvoiceJson(shown.invoice), totalMinor: shown.invoice.total, issued: null };
  }
  const { issued } = shown;
  const total = parseMoney(issued.total, issued.currency);
  // The event codec read this total as a decimal of the currency, so it parses.
  if (total._tag === 'Left') throw new Error(`issued invoice ${issued.number}: ${total.left}`);
  return { ...issued, totalMinor: total.right, issued: { number: issued.number, document: issued.document } };
}

/** The name of an issued invoice in text: `CHEM-2`, `CHEM-3 (credit note)`, or a version-1 one. */
function issuedName(issued: NonNullable<InvoiceView['issued']>): string {
  const name = issued.number ?? 'issued (version 1, no number)';
  return issued.document === 'credit-note' ? `${name} (credit note)` : name;
}

export const CSV_HEADER = [
  'orgId',
  'billingDate',
  'currency',
  'asKnownAt',
  'kind',
  'description',
  'quantity',
  'unitAmount',
  'amount',
  'servicePeriodStart',
  'servicePeriodEnd',
  'tallyAt',
  'invoiceTotal',
] as const;

/** The columns an output with an issued invoice adds after CSV_HEADER (empty on computed rows). */
export const CSV_ISSUED_COLUMNS = ['number', 'document', 'correctsInvoice', 'correctsBillingDate'] as const;

/** One record per line; an invoice without lines still gets one record (empty line fields, its
 * total 0) so that every billing date appears. Amounts are the invoice JSON's decimal strings.
 * Only an output holding an issued invoice has the CSV_ISSUED_COLUMNS. */
function invoicesCsv(invoices: readonly InvoiceView[]): string {
  const withIssued = invoices.some((json) => json.issued !== null);
  let out = csvRecord(withIssued ? [...CSV_HEADER, ...CSV_ISSUED_COLUMNS] : CSV_HEADER);
  for (const json of invoices) {
    const head = [json.orgId, json.billingDate, json.currency, json.asKnownAt];
    const marks = (line: IssuedLineJson | undefined): string[] => {
      if (!withIssued) return [];
      if (json.issued === null) return ['', '', '', ''];
      const corrects = line?.kind === 'adjustment' ? line.corrects : undefined;
      return [
        json.issued.number ?? '',
        json.issued.document,
        corrects?.invoiceNumber ?? '',
        corrects?.billingDate ?? '',
      ];
    };
    if (json.lines.length === 0) {
      out += csvRecord([...head, '', '', '', '', '', '', '', '', json.total, ...marks(undefined)]);
    }
    for (const line of json.lines) {
      out += csvRecord([
        ...head,
        line.kind,
        line.description,
        String(line.quantity),
        line.unitAmount ?? '',
        line.amount,
        line.servicePeriod.start,
        line.servicePeriod.end,
        line.tallyAt ?? '',
        json.total,
        ...marks(line),
      ]);
    }
  }
  return out;
}

function invoiceText(json: InvoiceView): string {
  const header =
    json.issued === null
      ? `Invoice for ${json.orgId} on ${json.billingDate} (${json.currency}, as known at ${json.asKnownAt})`
      : `${json.issued.document === 'credit-note' ? 'Credit note' : 'Invoice'} ${json.issued.number ?? '(version 1, no number)'} for ${json.orgId} on ${json.billingDate} (${json.currency}, issued as known at ${json.asKnownAt})`;
  const rows = json.lines.map((line) => [
    line.kind,
    line.description,
    String(line.quantity),
    line.unitAmount ?? '-',
    line.amount,
    `${line.servicePeriod.start} to ${line.servicePeriod.end}`,
    line.tallyAt ?? '-',
  ]);
  const table =
    rows.length === 0
      ? ['(no lines)']
      : renderTable(
          [
            { header: 'KIND', align: 'left' },
            { header: 'DESCRIPTION', align: 'left' },
            { header: 'QTY', align: 'right' },
            { header: 'UNIT', align: 'right' },
            { header: 'AMOUNT', align: 'right' },
            { header: 'SERVICE PERIOD', align: 'left' },
            { header: 'TALLY AT', align: 'left' },
          ],
          rows,
        );
  return `${[header, ...table, `Total ${json.currency} ${json.total}`].join('\n')}\n`;
}

/** One row per invoice, then the grand total of all of them (the currency of the first: an org
 * bills in one currency). */
function invoicesText(invoices: readonly InvoiceView[], asKnownAt: Instant): string {
  const first = invoices[0];
  if (first === undefined) return 'No invoices in this range.\n';
  const rows = invoices.map((json) => {
    const lines =
      json.lines.length === 0 ? '(no lines)' : json.lines.map((line) => line.description).join('; ');
    return [
      json.billingDate,
      json.issued === null ? lines : `${issuedName(json.issued)}: ${lines}`,
      json.total,
    ];
  });
  const grand = invoices.reduce((sum, json) => sum + json.totalMinor, 0n);
  const table = renderTable(
    [
      { header: 'BILLING DATE', align: 'left' },
      { header: 'LINES', align: 'left' },
      { header: `TOTAL ${first.currency}`, align: 'right' },
    ],
    rows,
  );
  const count = `${invoices.length} ${invoices.length === 1 ? 'invoice' : 'invoices'}`;
  return `${[
    `Invoices for ${first.orgId} (as known at ${asKnownAt})`,
    ...table,
    `Grand total of ${count}: ${first.currency} ${formatMoney(grand, first.currency)}`,
  ].join('\n')}\n`;
}
