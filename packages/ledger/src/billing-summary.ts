// The billing run's summary (docs/ledger.md#the-billing-run): the invoices grouped by the
// organization's billingAccount (a department's account at a university), per account the
// organizations, the invoice numbers and the totals per currency; rendered as a table for
// people and as CSV for a financial system. Library functions: the CLI only prints them.
import { formatMoney, parseMoney } from '@tally/domain';
import type { BillingRunFailure, BillingRunResult } from './billing-run.js';

export interface SummarizedInvoice {
  readonly orgId: string;
  readonly number: string;
  readonly billingDate: string;
  readonly document: 'invoice' | 'credit-note';
  readonly currency: string;
  readonly total: string;
  /** How many of its lines are adjustments of earlier invoices. */
  readonly adjustments: number;
}

export interface AccountSummary {
  readonly billingAccount: string;
  /** Sorted. */
  readonly orgs: readonly string[];
  /** In run order. */
  readonly invoices: readonly SummarizedInvoice[];
  /** One per currency, sorted by currency code; decimal strings with the currency's digits. */
  readonly totals: readonly { readonly currency: string; readonly total: string }[];
}

export interface BillingRunSummary {
  readonly at: string;
  readonly invoices: number;
  /** Sorted by billing account. */
  readonly accounts: readonly AccountSummary[];
  readonly failures: readonly BillingRunFailure[];
}

export function summarizeBillingRun(result: BillingRunResult): BillingRunSummary {
  const byAccount = new Map<
    string,
    { orgs: Set<string>; invoices: SummarizedInvoice[]; totals: Map<string, bigint> }
  >();
  for (const { orgId, billingAccount, event } of result.issued) {
    const { data } = event;
    let account = byAccount.get(billingAccount);
    if (account === undefined) {
      account = { orgs: new Set(), invoices: [], totals: new Map() };
      byAccount.set(billingAccount, account);
    }
    account.orgs.add(orgId);
    account.invoices.push({
      orgId,
      number: data.number ?? '',
      billingDate: data.billingDate,
      document: data.document,
      currency: data.currency,
      total: data.total,
      adjustments: data.lines.filter((line) => line.kind === 'adjustment').length,
    });
    const parsed = parseMoney(data.total, data.currency);
    // An issued total was decoded (or computed) with its currency's digits.
    if (parsed._tag === 'Left')
      throw new Error(`invoice ${data.number}: total ${data.total}: ${parsed.left}`);
    account.totals.set(data.currency, (account.totals.get(data.currency) ?? 0n) + parsed.right);
  }
  const accounts = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([billingAccount, account]) => ({
      billingAccount,
      orgs: [...account.orgs].sort(),
      invoices: account.invoices,
      totals: [...account.totals.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([currency, total]) => ({ currency, total: formatMoney(total, currency) })),
    }));
  return { at: result.at, invoices: result.issued.length, accounts, failures: result.failures };
}

/** The summary as a text table: one row per account and currency, then the failures. */
export function billingRunTable(summary: BillingRunSummary): string {
  const header = ['account', 'currency', 'total', 'organizations', 'invoices'];
  const rows = summary.accounts.flatMap((account) =>
    account.totals.map(({ currency, total }) => [
      account.billingAccount,
      currency,
      total,
      account.orgs.join(' '),
      account.invoices
        .filter((invoice) => invoice.currency === currency)
        .map((invoice) => invoice.number + (invoice.document === 'credit-note' ? ' (credit note)' : ''))
        .join(' '),
    ]),
  );
  const orgCount = new Set(summary.accounts.flatMap((account) => account.orgs)).size;
  const title = `billing run at ${summary.at}: ${plural(summary.invoices, 'invoice')} issued for ${plural(orgCount, 'organization')}`;
  const lines = [title];
  if (rows.length > 0) lines.push(...alignColumns([header, ...rows], [false, false, true, false, false]));
  for (const failure of summary.failures) lines.push(`not billed: ${failure.orgId}: ${failure.message}`);
  return `${lines.join('\n')}\n`;
}

/** The summary as CSV (RFC 4180, CRLF): one row per account and currency. A text cell that a
 * spreadsheet would run as a formula gets a leading apostrophe; amounts are written as they are. */
export function billingRunCsv(summary: BillingRunSummary): string {
  const rows = [['billingAccount', 'currency', 'total', 'organizations', 'invoices']];
  for (const account of summary.accounts) {
    for (const { currency, total } of account.totals) {
      const numbers = account.invoices
        .filter((invoice) => invoice.currency === currency)
        .map((invoice) => invoice.number);
      rows.push([
        textCell(account.billingAccount),
        currency,
        total,
        textCell(account.orgs.join(' ')),
        textCell(numbers.join(' ')),
      ]);
    }
  }
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function alignColumns(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return rightAligned[column] === true ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}

const FORMULA_START = /^[=+\-@\t\r]/;

function textCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
