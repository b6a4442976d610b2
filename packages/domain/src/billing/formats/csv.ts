// RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; CRLF line endings.
// Every cell is guarded against spreadsheet formulas (the OWASP rule for CSV injection): a cell
// a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a CR) is written with
// a leading apostrophe and quoted, so `=1+2` in an orgId or a description is shown, never
// computed. A plain decimal number (`-10.00`, a credit) is no formula and is written as it is.

/** What a spreadsheet takes as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A signed decimal number: the amounts and quantities Tally writes. */
const PLAIN_NUMBER = /^[+-]?[0-9]+(?:\.[0-9]+)?$/;

/** True when a spreadsheet would read `value` as a formula. */
export const isFormulaLike = (value: string): boolean =>
  FORMULA_START.test(value) && !PLAIN_NUMBER.test(value);

export function csvField(value: string): string {
  if (isFormulaLike(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
