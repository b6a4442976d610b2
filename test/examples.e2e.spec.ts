// Every small example a new user copies from must run. Each is started as its own process,
// as a user would run it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const run = (script: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(tsx, [script], { cwd: root, encoding: 'utf8', env });

let demoOutput: string | undefined;
/** The demo runs once for all the tests that only read its output. */
const demo = () => {
  demoOutput ??= run('examples/demo/main.ts');
  return demoOutput;
};

interface Row {
  /** The row's first column: a billing date, or a tally's local time. */
  readonly key: string;
  readonly cells: readonly string[];
  /** The `└` note under the row, its wrapped lines joined. */
  readonly note: string;
}

/** One organization's section of the demo: the text from its `=== title` line to the next. */
function section(output: string, title: string): string {
  const start = output.indexOf(`=== ${title}`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = output.indexOf('\n=== ', start + 1);
  return output.slice(start, end === -1 ? undefined : end);
}

/** The rows of the table that follows `heading` (up to the first line that is neither a row nor a
 * note), each with its note. Cells are split at runs of two or more spaces. */
function rowsAfter(text: string, heading: string, keyPattern: RegExp): Row[] {
  const lines = text.slice(text.indexOf(heading)).split('\n').slice(4); // heading, blank, header, rule
  const rows: { key: string; cells: string[]; note: string }[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    const last = rows[rows.length - 1];
    if (trimmed.startsWith('└ ') && last !== undefined) last.note = trimmed.slice(2);
    else if (last?.note && /^ {4,}\S/.test(line) && !/^ {14}\S/.test(line)) last.note += ` ${trimmed}`;
    else if (keyPattern.test(line) || /^ {14}total for/.test(line)) {
      const cells = trimmed.split(/ {2,}/);
      rows.push({ key: keyPattern.test(line) ? (cells[0] ?? '') : '', cells, note: '' });
    } else break;
  }
  return rows;
}

const invoiceRows = (text: string) => rowsAfter(text, 'Invoices (', /^\d{4}-\d{2}-\d{2} /);
const countRows = (text: string) =>
  rowsAfter(text, 'Counts at each tally', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} /);

function row(rows: readonly Row[], key: string): Row {
  const found = rows.find((r) => r.key === key);
  expect(found, `a row for ${key}`).toBeDefined();
  return found as Row;
}

describe('examples', () => {
  it('quickstart prints the invoice of three devices counted 48 hours before the billing date', () => {
    const invoice = JSON.parse(run('examples/quickstart/main.ts'));
    expect(invoice.billingDate).toBe('2026-03-09');
    expect(invoice.lines).toHaveLength(1);
    expect(invoice.lines[0]).toMatchObject({ kind: 'devices', quantity: 3, tallyAt: '2026-03-07T07:00:00Z' });
    expect(invoice.total).toBe('30.00');
  });

  it('the demo prints a year of invoices for each of its three organizations, with their totals', () => {
    const totals = { Physics: '1420.00', 'Harbor Dental': '759.24', 'Genomics Lab': '3046.85' };
    for (const [title, total] of Object.entries(totals)) {
      const rows = invoiceRows(section(demo(), title));
      expect(rows.filter((r) => r.key !== '')).toHaveLength(12);
      expect(rows.at(-1)?.cells.slice(-2)).toEqual([expect.stringMatching(/^total for 12 invoices/), total]);
    }
    expect(demo()).not.toContain('nothing owed');
  });

  it('the demo explains per-user lines: the tally used, its local time, the annual price', () => {
    const rows = invoiceRows(section(demo(), 'Physics'));
    // Before the first tally date the quantity is the licenses ordered.
    expect(row(rows, '2026-01-15').note).toBe(
      '8 licenses ordered when subscribing, as the start date 2026-01-15 is not a tally date; × 120.00/year in 12 installments (installment 1: 10.00)',
    );
    // March uses the latest tally on or before it: February's, at local midnight (PST, 08:00Z).
    expect(row(rows, '2026-03-15').note).toBe(
      '10 licenses in use at the tally of 2026-02-15 (00:00 PST), × 120.00/year in 12 installments (installment 3: 10.00); each of the 10 license holders has a backup',
    );
    // user-14 has a device but never backed up: a license holder, not a license in use.
    expect(row(rows, '2026-05-15').cells.slice(2)).toEqual(['13', '10.00', '130.00']);
    expect(row(rows, '2026-05-15').note).toBe(
      '13 licenses in use at the tally of 2026-05-15 (00:00 PDT), × 120.00/year in 12 installments (installment 5: 10.00); 13 in use = 14 license holders − 1 user with a device but no backup yet (user-14)',
    );
    expect(row(rows, '2026-10-15').note).toMatch(
      /^11 licenses in use at the tally of 2026-08-15 \(00:00 PDT\)/,
    );

    const counts = countRows(section(demo(), 'Physics'));
    expect(row(counts, '2026-08-15 00:00 PDT').cells).toEqual([
      '2026-08-15 00:00 PDT',
      '2026-08-15T07:00:00Z',
      '11',
      '12',
      '08-15, 09-15, 10-15',
    ]);
    // The two graduates cancelled on 2026-06-30: their archives were deleted.
    expect(row(counts, '2026-08-15 00:00 PDT').note).toBe('since the last tally: −2 in use: user-2, user-3');
  });

  it('the demo explains per-device lines: the 48-hour lead in local time, and cold storage', () => {
    const text = section(demo(), 'Harbor Dental');
    const rows = invoiceRows(text);
    // The first billing date's tally is clamped to the subscription's start.
    expect(row(rows, '2026-02-10').note).toBe(
      "6 billable devices, tallied 2026-02-10 00:00 EST, the subscription's start (48 h before the billing date's start would be earlier); all 6 active",
    );
    // 48 elapsed hours across the spring DST change: 23:00 EST, not midnight.
    expect(row(rows, '2026-03-10').note).toBe(
      "6 billable devices, tallied 2026-03-07 23:00 EST, 48 h before the billing date's start (2026-03-10 00:00 EDT; the clocks changed in between); all 6 active",
    );
    // hd-pc-3 was retired on 2026-06-15; its archive stays billable in cold storage until the purge.
    expect(row(rows, '2026-07-10').cells.slice(1)).toEqual(['7 devices × 9.99', '7', '9.99', '69.93']);
    expect(row(rows, '2026-07-10').note).toBe(
      "7 billable devices, tallied 2026-07-08 00:00 EDT, 48 h before the billing date's start (2026-07-10 00:00 EDT); 7 billable = 6 active + 1 deactivated device whose archive is still in cold storage (hd-pc-3)",
    );
    expect(row(rows, '2026-09-10').note).toMatch(
      /^6 billable devices, tallied 2026-09-08 00:00 EDT, .*; all 6 active$/,
    );

    const counts = countRows(text);
    expect(row(counts, '2026-07-08 00:00 EDT').cells).toEqual([
      '2026-07-08 00:00 EDT',
      '2026-07-08T04:00:00Z',
      '7',
      '6',
      '07-10',
    ]);
    expect(row(counts, '2026-07-08 00:00 EDT').note).toBe(
      'since the last tally: hd-pc-3 deactivated, still billable while in cold storage',
    );
    expect(row(counts, '2026-09-08 00:00 EDT').note).toBe(
      'since the last tally: −1 billable: hd-pc-3 (in cold storage before)',
    );
  });

  it('the demo explains a yearly term: the allocation, each overage, and the dates with no lines', () => {
    const rows = invoiceRows(section(demo(), 'Genomics Lab'));
    expect(row(rows, '2026-01-31').note).toBe(
      'allocation of 20: the 20 devices ordered when subscribing (a first term is not tallied); paid up front for 2026-01-31 to 2028-01-31',
    );
    expect(row(rows, '2026-04-30').cells.slice(2)).toEqual(['4', '120.00', '421.48']);
    expect(row(rows, '2026-04-30').note).toBe(
      "24 billable − allocation 20 = 4 over, tallied 2026-04-28 00:00 CEST, 48 h before the billing date's start (2026-04-30 00:00 CEST); all 24 active; each is charged the 120.00 term price prorated from 2026-04-30 to the term's end 2028-01-31, rounded half-even; the allocation is now 24",
    );
    // Four nodes were decommissioned in July: the allocation of 24 stays, nothing is refunded.
    expect(row(rows, '2026-07-31').cells.slice(1)).toEqual(['(no lines)', '0.00']);
    expect(row(rows, '2026-07-31').note).toBe(
      "20 billable devices, tallied 2026-07-29 00:00 CEST, 48 h before the billing date's start (2026-07-31 00:00 CEST); all 20 active; that is within the allocation of 24, so nothing is billed",
    );
    expect(row(rows, '2026-10-31').note).toMatch(
      /^27 billable − allocation 24 = 3 over, tallied 2026-10-29 00:00 CET, .* the allocation is now 27$/,
    );
  });

  it('every invoice line of the demo names a tally of its counts table, with the same count', () => {
    for (const title of ['Physics', 'Harbor Dental', 'Genomics Lab']) {
      const text = section(demo(), title);
      const counts = countRows(text);
      const explained = invoiceRows(text).filter((r) => r.key !== '' && r.note !== '');
      expect(explained).toHaveLength(12);
      for (const invoice of explained) {
        const tally = /tallied (\d{4}-\d{2}-\d{2} \d{2}:\d{2} [A-Z]+)/.exec(invoice.note)?.[1];
        const perUser = /at the tally of (\d{4}-\d{2}-\d{2}) \((\d{2}:\d{2} [A-Z]+)\)/.exec(invoice.note);
        const local = tally ?? (perUser ? `${perUser[1]} ${perUser[2]}` : undefined);
        if (local === undefined) {
          // Only the first date of each plan may have no tally (licenses or devices ordered).
          expect(invoice.key, invoice.note).toBe(title === 'Genomics Lab' ? '2026-01-31' : '2026-01-15');
          continue;
        }
        const counted = row(counts, local);
        // The count the line used is the billed column of that tally's row ...
        expect(invoice.note, `${title} ${invoice.key}`).toMatch(new RegExp(`^${counted.cells[2]} `));
        // ... and that row lists the invoice's billing date.
        expect(counted.cells[4]?.split(', ')).toContain(invoice.key.slice(5));
      }
    }
  });

  it('the demo prints the same bytes whatever the machine clock and time zone say', () => {
    // A clock fixed in mid-2031 and a zone far from the organizations' own.
    const fixedClock = `data:text/javascript,${encodeURIComponent(
      'const Real = Date; const t = Real.parse("2031-07-01T12:00:00Z");' +
        'globalThis.Date = class extends Real { constructor(...a) { a.length === 0 ? super(t) : super(...a); } static now() { return t; } };',
    )}`;
    const elsewhere = run('examples/demo/main.ts', {
      ...process.env,
      TZ: 'Asia/Kathmandu',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${fixedClock}`,
    });
    expect(elsewhere).toBe(demo());
  });

  it('the demo stays about 100 columns wide', () => {
    const widest = Math.max(
      ...demo()
        .split('\n')
        .map((line) => line.length),
    );
    expect(widest).toBeLessThanOrEqual(104);
  });

  it('the same demo on EventStoreDB (the gRPC test server) prints the same invoices', () => {
    const invoicesOf = (output: string) => output.slice(output.indexOf('==='));
    const onEventStoreDB = run('examples/eventstoredb/demo.ts');
    expect(onEventStoreDB).toContain('in-process test server');
    expect(invoicesOf(onEventStoreDB)).toBe(invoicesOf(demo()));
  });
});
