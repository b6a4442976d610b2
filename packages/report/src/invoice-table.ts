// The invoices of the period as one table: a group of rows per invoice (its lines, then its
// total), and the grand total at the foot. Amounts are the invoice JSON's decimal strings, untouched.
import type { InvoiceJson, IssuedInvoiceJson } from '@tally/domain';
import { escapeHtml as esc } from './html-escape.js';
import type { ReportData } from './types.js';

export function renderInvoiceTable(data: ReportData): string {
  if (data.invoices.length === 0) {
    return `<p class="empty">No billing date of this subscription falls between ${esc(data.period.from)} and ${esc(data.period.to)} (or none is billed: no renewal, or canceled).</p>`;
  }
  const head =
    '<thead><tr><th scope="col">Billing date</th><th scope="col">Kind</th><th scope="col">Description</th>' +
    '<th scope="col" class="num">Qty</th><th scope="col" class="num">Unit</th><th scope="col" class="num">Amount</th>' +
    '<th scope="col">Service period</th><th scope="col">Tally at (UTC)</th></tr></thead>';
  const issuedByDate = new Map(data.issued.map((issued) => [issued.billingDate, issued]));
  const groups = data.invoices.map((invoice) => invoiceRows(invoice, issuedByDate.get(invoice.billingDate)));
  const count = data.invoices.length;
  const foot =
    `<tfoot><tr class="grand-total"><th scope="row" colspan="5">Grand total, ${count} ${count === 1 ? 'invoice' : 'invoices'}</th>` +
    `<td class="num">${esc(data.grandTotal)}</td><td colspan="2">${esc(data.currency)}</td></tr></tfoot>`;
  return `<table class="invoices">\n${head}\n${groups.join('\n')}\n${foot}\n</table>`;
}

function invoiceRows(invoice: InvoiceJson, issued: IssuedInvoiceJson | undefined): string {
  const date = esc(invoice.billingDate);
  const marks = issuedRows(issued);
  if (invoice.lines.length === 0) {
    // A date with nothing to bill (no overage, no licenses in use) still gets its zero total.
    return (
      `<tbody class="invoice" data-billing-date="${date}">\n<tr class="invoice-total empty-invoice"><th scope="row" class="date">${date}</th>` +
      `<td colspan="4" class="no-lines">no lines: nothing billed on this date</td><td class="num">${esc(invoice.total)}</td><td colspan="2"></td></tr>\n${marks}</tbody>`
    );
  }
  const dateCell = `<th scope="rowgroup" rowspan="${invoice.lines.length + 1}" class="date">${date}</th>`;
  const rows = invoice.lines.map(
    (line, i) =>
      `<tr>${i === 0 ? dateCell : ''}<td><span class="kind kind-${esc(line.kind)}">${esc(line.kind)}</span></td>` +
      `<td>${esc(line.description)}</td><td class="num">${line.quantity}</td>` +
      `<td class="num">${esc(line.unitAmount)}</td><td class="num">${esc(line.amount)}</td>` +
      `<td class="period">${esc(line.servicePeriod.start)} to ${esc(line.servicePeriod.end)}</td>` +
      `<td class="instant">${line.tallyAt === null ? '<span class="none">none</span>' : esc(line.tallyAt)}</td></tr>`,
  );
  rows.push(
    `<tr class="invoice-total"><td colspan="4">Total ${date}</td><td class="num">${esc(invoice.total)}</td><td colspan="2"></td></tr>`,
  );
  return `<tbody class="invoice" data-billing-date="${date}">\n${rows.join('\n')}\n${marks}</tbody>`;
}

/** The issued invoice of the date, when there is one (docs/report.md): its number and document,
 * then each adjustment it carries for earlier dates (negative amounts are credits). */
function issuedRows(issued: IssuedInvoiceJson | undefined): string {
  if (issued === undefined) return '';
  const name = issued.number === null ? 'issued (version 1, no number)' : `issued as ${esc(issued.number)}`;
  const document = issued.document === 'credit-note' ? ' <span class="credit-note">credit note</span>' : '';
  const rows = [
    `<tr class="issued" data-number="${esc(issued.number ?? '')}" data-document="${esc(issued.document)}"><td colspan="5">${name}${document}, as known at ${esc(issued.asKnownAt)}</td>` +
      `<td class="num">${esc(issued.total)}</td><td colspan="2"></td></tr>`,
  ];
  for (const line of issued.lines) {
    if (line.kind !== 'adjustment') continue;
    rows.push(
      `<tr class="adjustment" data-corrects="${esc(line.corrects.invoiceNumber)}"><td><span class="kind kind-adjustment">adjustment</span></td>` +
        `<td>${esc(line.description)}</td><td class="num">${line.quantity}</td><td class="num"></td>` +
        `<td class="num">${esc(line.amount)}</td><td class="period">${esc(line.servicePeriod.start)} to ${esc(line.servicePeriod.end)}</td><td colspan="2"></td></tr>`,
    );
  }
  return `${rows.join('\n')}\n`;
}
