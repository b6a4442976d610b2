// The chart of a report as one inline SVG: step lines for the counts (and the yearly allocation),
// tally instants and billing dates marked, a legend and both axes. Pure string building with
// fixed-precision coordinates, so the same data always draws the same bytes. Native <title>
// tooltips give the exact values on hover without any script.
import { instantToEpochMs } from '@tally/domain';
import { countAxis, timeTicks } from './chart-scales.js';
import { downsampleSteps, keptSteps, type StepPoint } from './downsample.js';
import { escapeHtml as esc } from './html-escape.js';
import type { ReportData, SeriesPoint } from './types.js';

/** Colors and strokes of the series, exported so the browser test can look for them. */
export const SERIES_STYLE = {
  allocation: { color: '#fcd34d', width: 8, dash: null, label: 'Allocation: devices paid for (yearly)' },
  billableDevices: { color: '#1d4ed8', width: 2, dash: null, label: 'Billable devices' },
  licensesInUse: { color: '#059669', width: 2, dash: '7 4', label: 'Licenses in use' },
} as const;
export type SeriesName = keyof typeof SERIES_STYLE;

const WIDTH = 960;
const LEFT = 64;
const RIGHT = 24;
/** The plot's width in pixels: a series with more points is drawn per column (downsample.ts). */
export const PLOT_COLUMNS = WIDTH - RIGHT - LEFT;
const PLOT_HEIGHT = 300;
const LEGEND_ROW = 22;
const MARK_COLOR = '#111827';
const BILLING_COLOR = '#6b7280';

const f = (n: number): string => n.toFixed(1);

export function renderChart(data: ReportData): string {
  const startMs = instantToEpochMs(data.window.start);
  const endMs = instantToEpochMs(data.window.end);
  const periodMs = instantToEpochMs(data.window.periodStart);
  // Each line as drawn: at most four points a pixel column (downsample.ts).
  const series: { name: SeriesName; points: readonly StepPoint[] }[] = [];
  if (data.allocation?.some((step) => step.allocation !== null)) {
    series.push({
      name: 'allocation',
      points: downsampleSteps(
        data.allocation.map((step) => ({ ms: instantToEpochMs(step.at), value: step.allocation })),
        startMs,
        endMs,
        PLOT_COLUMNS,
      ),
    });
  }
  // Each instant parsed once for both lines, and only the points drawn built: a large org's
  // series has a million points.
  const seriesMs = Float64Array.from(data.series, (point) => instantToEpochMs(point.at));
  for (const name of ['billableDevices', 'licensesInUse'] as const) {
    const valueAt = (i: number) => (data.series[i] as SeriesPoint)[name];
    const kept = keptSteps(
      data.series.length,
      (i) => seriesMs[i] as number,
      valueAt,
      startMs,
      endMs,
      PLOT_COLUMNS,
    );
    series.push({ name, points: kept.map((i) => ({ ms: seriesMs[i] as number, value: valueAt(i) })) });
  }

  const legend = legendItems(
    series.map((s) => s.name),
    periodMs > startMs,
  );
  const legendRows = layoutLegend(legend);
  const top = 16 + legendRows.rows * LEGEND_ROW + 14;
  const bottom = top + PLOT_HEIGHT;
  const height = bottom + 56;
  const right = WIDTH - RIGHT;

  // A loop, not Math.max(...values): a large org's values would overflow the call stack.
  let max = 1;
  for (const { points } of series) {
    for (const { value } of points) if (value !== null && value > max) max = value;
  }
  const yAxis = countAxis(max);
  const x = (ms: number) => LEFT + ((ms - startMs) / (endMs - startMs)) * (right - LEFT);
  const y = (value: number) => bottom - (value / yAxis.top) * PLOT_HEIGHT;

  const parts: string[] = [];
  parts.push(
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">Billable devices, licenses in use${series[0]?.name === 'allocation' ? ' and allocation' : ''} of ${esc(data.orgName)} from ${esc(data.window.start)} to ${esc(data.window.end)}</title>`,
    `<defs><clipPath id="plot-area"><rect x="${LEFT}" y="${f(top - 4)}" width="${right - LEFT}" height="${PLOT_HEIGHT + 8}"/></clipPath></defs>`,
    `<rect class="plot" x="${LEFT}" y="${top}" width="${right - LEFT}" height="${PLOT_HEIGHT}" fill="#ffffff"/>`,
  );
  if (periodMs > startMs) {
    parts.push(
      `<rect class="lead-in" x="${LEFT}" y="${top}" width="${f(x(periodMs) - LEFT)}" height="${PLOT_HEIGHT}" fill="#eef0f3"><title>Before the period (from ${esc(data.window.start)}): shown for the tally of its first invoice</title></rect>`,
    );
  }

  // Grid and count axis.
  for (const tick of yAxis.ticks) {
    parts.push(
      `<line x1="${LEFT}" x2="${right}" y1="${f(y(tick))}" y2="${f(y(tick))}" stroke="${tick === 0 ? '#374151' : '#e5e7eb'}" stroke-width="1"/>`,
      `<text x="${LEFT - 8}" y="${f(y(tick) + 4)}" text-anchor="end" class="tick">${tick}</text>`,
    );
  }
  parts.push(
    `<text transform="translate(18 ${f(top + PLOT_HEIGHT / 2)}) rotate(-90)" text-anchor="middle" class="axis-title">devices / licenses</text>`,
  );

  // Time axis: a tick at the start of each chosen date in the org's zone.
  for (const tick of timeTicks(data.window.start, data.window.end, data.period.from, data.timeZone)) {
    const tx = f(x(tick.ms));
    parts.push(
      `<line x1="${tx}" x2="${tx}" y1="${top}" y2="${bottom}" stroke="#f1f2f4" stroke-width="1"/>`,
      `<line x1="${tx}" x2="${tx}" y1="${bottom}" y2="${bottom + 5}" stroke="#374151" stroke-width="1"/>`,
      `<text x="${tx}" y="${bottom + 18}" text-anchor="${anchorNear(x(tick.ms), right)}" class="tick">${esc(tick.label)}</text>`,
    );
  }
  parts.push(
    `<line x1="${LEFT}" x2="${LEFT}" y1="${top}" y2="${bottom}" stroke="#374151" stroke-width="1"/>`,
    `<text x="${f((LEFT + right) / 2)}" y="${bottom + 42}" text-anchor="middle" class="axis-title">date in ${esc(data.timeZone)} (each tick at the start of its date)</text>`,
  );

  // Billing dates under the lines: a dashed rule and a triangle above the plot.
  for (const mark of data.billingDates) {
    const bx = f(x(instantToEpochMs(mark.at)));
    const bxn = x(instantToEpochMs(mark.at));
    parts.push(
      `<g class="billing-date"><title>Billing date ${esc(mark.date)} (starts ${esc(mark.at)}): invoice total ${esc(mark.total)} ${esc(data.currency)}</title>`,
      `<line x1="${bx}" x2="${bx}" y1="${top}" y2="${bottom}" stroke="${BILLING_COLOR}" stroke-width="1" stroke-dasharray="3 3"/>`,
      `<polygon points="${f(bxn - 5)},${f(top - 10)} ${f(bxn + 5)},${f(top - 10)} ${bx},${f(top - 2)}" fill="${BILLING_COLOR}"/></g>`,
    );
  }

  // Series, allocation first so the counts draw over its wide band.
  parts.push('<g clip-path="url(#plot-area)">');
  for (const { name, points } of series) {
    const style = SERIES_STYLE[name];
    parts.push(
      `<path class="series" data-series="${name}" d="${stepPath(points, endMs, x, y)}" fill="none" stroke="${style.color}" stroke-width="${style.width}"${style.dash === null ? '' : ` stroke-dasharray="${style.dash}"`} stroke-linejoin="miter"><title>${esc(style.label)}</title></path>`,
    );
  }
  parts.push('</g>');

  // Tallies on top: a ring on the line they read, with the count read.
  const labelTallies = data.tallies.length <= 24;
  for (const tally of data.tallies) {
    const value = tally[tally.counted];
    const tx = x(instantToEpochMs(tally.at));
    const ty = y(value);
    const what = tally.counted === 'licensesInUse' ? 'licenses in use' : 'billable devices';
    parts.push(
      `<g class="tally"><title>Tally at ${esc(tally.at)} for billing ${esc(tally.billingDates.join(', '))}: ${value} ${what} (${tally.billableDevices} billable devices, ${tally.licensesInUse} licenses in use)</title>`,
      `<circle cx="${f(tx)}" cy="${f(ty)}" r="5" fill="#ffffff" stroke="${MARK_COLOR}" stroke-width="2"/>`,
      labelTallies
        ? `<text x="${f(tx)}" y="${f(ty - 10)}" text-anchor="middle" class="tally-value">${value}</text></g>`
        : '</g>',
    );
  }

  parts.push(...renderLegend(legend, legendRows.positions));
  parts.push('</svg>');
  return parts.join('\n');
}

/** Labels at the plot's ends lean inwards so that they are not cut off. */
function anchorNear(px: number, right: number): 'start' | 'middle' | 'end' {
  if (px > right - 28) return 'end';
  if (px < LEFT + 28) return 'start';
  return 'middle';
}

/** A step line: each value holds until the next point (or the window's end); null lifts the pen. */
function stepPath(
  points: readonly StepPoint[],
  endMs: number,
  x: (ms: number) => number,
  y: (value: number) => number,
): string {
  const commands: string[] = [];
  let penDown = false;
  points.forEach((point, i) => {
    if (point.value === null) {
      penDown = false;
      return;
    }
    const nextMs = points[i + 1]?.ms ?? endMs;
    commands.push(penDown ? `V${f(y(point.value))}` : `M${f(x(point.ms))} ${f(y(point.value))}`);
    commands.push(`H${f(x(nextMs))}`);
    penDown = true;
  });
  return commands.join(' ');
}

type LegendItem =
  | { readonly kind: 'series'; readonly name: SeriesName; readonly label: string }
  | { readonly kind: 'tally' | 'billing' | 'lead-in'; readonly label: string };

function legendItems(names: readonly SeriesName[], leadIn: boolean): LegendItem[] {
  const order: SeriesName[] = ['billableDevices', 'licensesInUse', 'allocation'];
  return [
    ...order
      .filter((name) => names.includes(name))
      .map((name): LegendItem => ({ kind: 'series', name, label: SERIES_STYLE[name].label })),
    { kind: 'tally', label: 'Tally: the count an invoice used' },
    { kind: 'billing', label: 'Billing date' },
    ...(leadIn ? [{ kind: 'lead-in', label: 'Before the period' } as const] : []),
  ];
}

const SWATCH = 30;
// A fixed width per character keeps the layout deterministic (no text measuring).
const itemWidth = (item: LegendItem) => SWATCH + 8 + item.label.length * 6.6 + 22;

function layoutLegend(items: readonly LegendItem[]): { rows: number; positions: { x: number; y: number }[] } {
  const positions: { x: number; y: number }[] = [];
  let px = LEFT;
  let row = 0;
  for (const item of items) {
    const w = itemWidth(item);
    if (px + w > WIDTH - RIGHT && px > LEFT) {
      row += 1;
      px = LEFT;
    }
    positions.push({ x: px, y: 18 + row * LEGEND_ROW });
    px += w;
  }
  return { rows: row + 1, positions };
}

function renderLegend(
  items: readonly LegendItem[],
  positions: readonly { x: number; y: number }[],
): string[] {
  const parts: string[] = ['<g class="legend">'];
  items.forEach((item, i) => {
    const { x, y } = positions[i] as { x: number; y: number };
    const mid = f(y - 4);
    let swatch: string;
    switch (item.kind) {
      case 'series': {
        const style = SERIES_STYLE[item.name];
        swatch = `<line x1="${x}" x2="${x + SWATCH}" y1="${mid}" y2="${mid}" stroke="${style.color}" stroke-width="${style.width}"${style.dash === null ? '' : ` stroke-dasharray="${style.dash}"`}/>`;
        break;
      }
      case 'tally':
        swatch = `<circle cx="${x + SWATCH / 2}" cy="${mid}" r="5" fill="#ffffff" stroke="${MARK_COLOR}" stroke-width="2"/>`;
        break;
      case 'billing':
        swatch =
          `<line x1="${x + SWATCH / 2}" x2="${x + SWATCH / 2}" y1="${f(y - 12)}" y2="${f(y + 6)}" stroke="${BILLING_COLOR}" stroke-width="1" stroke-dasharray="3 3"/>` +
          `<polygon points="${x + SWATCH / 2 - 5},${f(y - 12)} ${x + SWATCH / 2 + 5},${f(y - 12)} ${x + SWATCH / 2},${f(y - 4)}" fill="${BILLING_COLOR}"/>`;
        break;
      case 'lead-in':
        swatch = `<rect x="${x}" y="${f(y - 11)}" width="${SWATCH}" height="14" fill="#eef0f3" stroke="#d1d5db"/>`;
        break;
    }
    parts.push(
      `<g class="legend-item" data-kind="${item.kind}">${swatch}<text x="${x + SWATCH + 8}" y="${y}" class="legend-label">${esc(item.label)}</text></g>`,
    );
  });
  parts.push('</g>');
  return parts;
}
