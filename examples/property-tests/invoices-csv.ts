// The code under test in this example: a user's "export invoices to CSV" (one row per invoice
// line; an invoice without lines still gets a row, so its billing date is not lost) and the
// parser their accounting import would use to read it back.
import { formatMoney, type Invoice } from '@tally/domain';

const HEADER = [
  'orgId',
  'billingDate',
  'currency',
  'kind',
  'description',
  'quantity',
  'unitAmount',
  'amount',
];

/** RFC 4180 quoting: a field with a comma, quote or newline is quoted, quotes doubled. */
const field = (value: string): string =>
  /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

export function invoicesToCsv(invoices: readonly Invoice[]): string {
  const rows = [HEADER];
  for (const invoice of invoices) {
    const money = (minor: bigint) => formatMoney(minor, invoice.currency);
    const head = [invoice.orgId, invoice.billingDate, invoice.currency];
    if (invoice.lines.length === 0) rows.push([...head, 'none', '', '0', money(0n), money(0n)]);
    for (const line of invoice.lines) {
      rows.push([
        ...head,
        line.kind,
        line.description,
        String(line.quantity),
        money(line.unitAmount),
        money(line.amount),
      ]);
    }
  }
  return `${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}

/** Rows of a CSV text as records keyed by the header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        value += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(value);
      value = '';
    } else if (c === '\r') continue;
    else if (c === '\n') {
      row.push(value);
      rows.push(row);
      row = [];
      value = '';
    } else value += c;
  }
  const [header, ...body] = rows;
  if (header === undefined) return [];
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}
