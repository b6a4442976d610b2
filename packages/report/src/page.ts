// The whole report as one self-contained HTML page: header, key figures, the chart (inline SVG)
// and the invoices. No script, no external resource; deterministic for the same data.
import { PLOT_COLUMNS, renderChart } from './chart-svg.js';
import { escapeHtml as esc } from './html-escape.js';
import { renderInvoiceTable } from './invoice-table.js';
import { REPORT_CSS } from './styles.js';
import type { ReportData } from './types.js';

export function renderReport(data: ReportData): string {
  const title = `Billing report: ${data.orgName} (${data.period.from} to ${data.period.to})`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing in the page may be fetched: no script, no image, no font, no stylesheet.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    renderHeader(data),
    renderFigures(data),
    '<section class="chart-section">',
    '<h2>Counts over time</h2>',
    '<figure>',
    renderChart(data),
    `<figcaption>${esc(chartCaption(data))}</figcaption>`,
    '</figure>',
    '</section>',
    '<section class="invoices-section">',
    `<h2>Invoices (amounts in ${esc(data.currency)})</h2>`,
    renderInvoiceTable(data),
    '</section>',
    `<footer>Computed from the event log of org ${esc(data.orgId)} as known at ${esc(data.asKnownAt)}: events recorded later are not in this report. The same events give the same report.</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderHeader(data: ReportData): string {
  const facts: [string, string][] = [
    ['Organization', `${data.orgName} (id ${data.orgId})`],
    ['Period', `billing dates ${data.period.from} to ${data.period.to}`],
    ['As known at', data.asKnownAt],
    ['Time zone', data.timeZone],
    ['Currency', data.currency],
  ];
  return [
    '<header>',
    '<p class="kicker">Tally billing report</p>',
    `<h1>${esc(data.orgName)}</h1>`,
    `<p class="plan">${esc(data.plan.label)}</p>`,
    `<dl class="facts">${facts.map(([term, value]) => `<dt>${esc(term)}</dt><dd>${esc(value)}</dd>`).join('')}</dl>`,
    `<ul class="details">${data.plan.details.map((line) => `<li>${esc(line)}</li>`).join('')}</ul>`,
    '</header>',
  ].join('\n');
}

function renderFigures(data: ReportData): string {
  // A loop, not Math.max(...values): a large org's series would overflow the call stack.
  const peak = (name: 'billableDevices' | 'licensesInUse') => {
    let highest = 0;
    for (const point of data.series) highest = Math.max(highest, point[name]);
    return highest;
  };
  const figures: [string, string][] = [
    [
      `${data.grandTotal} ${data.currency}`,
      `billed in ${data.invoices.length} ${data.invoices.length === 1 ? 'invoice' : 'invoices'}`,
    ],
    [String(peak('billableDevices')), 'peak billable devices'],
    [String(peak('licensesInUse')), 'peak licenses in use'],
  ];
  if (data.allocation !== null) {
    const last = [...data.allocation].reverse().find((step) => step.allocation !== null);
    figures.push([last?.allocation == null ? 'none' : String(last.allocation), 'allocation at the end']);
  }
  return `<ul class="figures">${figures
    .map(
      ([value, label]) =>
        `<li><span class="value">${esc(value)}</span><span class="label">${esc(label)}</span></li>`,
    )
    .join('')}</ul>`;
}

function chartCaption(data: ReportData): string {
  const counted = data.plan.model === 'per-user' ? 'licenses in use' : 'billable devices';
  const parts = [
    `Each line is a step: a count holds until the event that changes it.`,
    `Rings mark the tallies, the instants whose ${counted} decided an invoice's quantity (the number above is the count read); triangles and dashed rules mark billing dates at the start of the date in ${data.timeZone}.`,
  ];
  if (data.series.length > PLOT_COLUMNS) {
    parts.push(
      `The counts take ${grouped(data.series.length)} steps in the window, drawn as ${PLOT_COLUMNS} pixel columns of min-max: each column shows the lowest and highest count inside it (and the counts it starts and ends with), so every peak and dip stays visible; the figures above and the tallies are exact.`,
    );
  }
  if (data.allocation !== null) {
    parts.push(
      'The wide band is the yearly allocation: set by each term line, raised by each overage line from its billing date, never lowered within a term.',
    );
  }
  return parts.join(' ');
}

/** 1234567 as "1,234,567", the same on every machine (no locale). */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
