// The invoice outputs: json (docs/billing.md#invoice-shape-and-bytes), jsonl (one per line), text (tables a
// person reads) and csv (one record per invoice line, for spreadsheets). `tally invoice(s)
// --format` prints these bytes; a program gets the same from formatInvoice(s).
import { formatMoney } from '../../money/decimal.js';
import { type Invoice, serializeInvoice, toInvoiceJson } from '../invoice.js';
import { csvRecord } from './csv.js';
import { renderTable } from './table.js';

export const INVOICE_FORMATS = ['json', 'text', 'csv'] as const;
export type InvoiceFormat = (typeof INVOICE_FORMATS)[number];
export const INVOICES_FORMATS = ['jsonl', 'text', 'csv'] as const;
export type InvoicesFormat = (typeof INVOICES_FORMATS)[number];

/** Exactly the domain's bytes, one invoice per line. */
export const invoiceJsonLine = (invoice: Invoice): string => `${serializeInvoice(invoice)}\n`;

export function formatInvoice(invoice: Invoice, format: InvoiceFormat): string {
  switch (format) {
    case 'json':
      return invoiceJsonLine(invoice);
    case 'csv':
      return invoicesCsv([invoice]);
    case 'text':
      return invoiceText(invoice);
  }
}

export function formatInvoices(invoices: readonly Invoice[], format: InvoicesFormat): string {
  switch (format) {
    case 'jsonl':
      return invoices.map(invoiceJsonLine).join('');
    case 'csv':
      return invoicesCsv(invoices);
    case 'text':
      return invoicesText(invoices);
  }
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

/** One record per line; an invoice without lines still gets one record (empty line fields, its
 * total 0) so that every billing date appears. Amounts are the invoice JSON's decimal strings. */
function invoicesCsv(invoices: readonly Invoice[]): string {
  let out = csvRecord(CSV_HEADER);
  for (const invoice of invoices) {
    const json = toInvoiceJson(invoice);
    const head = [json.orgId, json.billingDate, json.currency, json.asKnownAt];
    if (json.lines.length === 0) out += csvRecord([...head, '', '', '', '', '', '', '', '', json.total]);
    for (const line of json.lines) {
      out += csvRecord([
        ...head,
        line.kind,
        line.description,
        String(line.quantity),
        line.unitAmount,
        line.amount,
        line.servicePeriod.start,
        line.servicePeriod.end,
        line.tallyAt ?? '',
        json.total,
      ]);
    }
  }
  return out;
}

function invoiceText(invoice: Invoice): string {
  const json = toInvoiceJson(invoice);
  const header = `Invoice for ${json.orgId} on ${json.billingDate} (${json.currency}, as known at ${json.asKnownAt})`;
  const rows = json.lines.map((line) => [
    line.kind,
    line.description,
    String(line.quantity),
    line.unitAmount,
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
function invoicesText(invoices: readonly Invoice[]): string {
  const first = invoices[0];
  if (first === undefined) return 'No invoices in this range.\n';
  const rows = invoices.map((invoice) => {
    const json = toInvoiceJson(invoice);
    return [
      json.billingDate,
      json.lines.length === 0 ? '(no lines)' : json.lines.map((line) => line.description).join('; '),
      json.total,
    ];
  });
  const grand = invoices.reduce((sum, invoice) => sum + invoice.total, 0n);
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
    `Invoices for ${first.orgId} (as known at ${first.asKnownAt})`,
    ...table,
    `Grand total of ${count}: ${first.currency} ${formatMoney(grand, first.currency)}`,
  ].join('\n')}\n`;
}
