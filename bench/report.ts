// The result of a run: one row per measured quantity, printed as a table and written as JSON.
import os from 'node:os';

export interface CaseResult {
  readonly name: string;
  /** Null when the case was not run. */
  readonly value: number | null;
  readonly unit: string;
  /** The baseline's value in the same unit; null when the target is absolute. */
  readonly baseline: number | null;
  /** Tally over baseline (time or memory): lower is better. */
  readonly ratio: number | null;
  /** e.g. "ratio <= 1.5", ">= 500000 events/s". */
  readonly target: string;
  readonly met: boolean | null;
  readonly note?: string;
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
    date: new Date().toISOString(),
  };
}

const show = (value: number | null, digits = 0): string => {
  if (value === null) return '-';
  // Small values (ms per command) keep three significant digits.
  const fraction = Math.abs(value) < 10 && value !== 0 ? 3 : digits;
  return value.toLocaleString('en-US', { maximumFractionDigits: fraction });
};

export function table(cases: readonly CaseResult[]): string {
  const rows = cases.map((row) => [
    row.name,
    `${show(row.value, 1)} ${row.unit}`,
    row.baseline === null ? '-' : `${show(row.baseline, 1)} ${row.unit}`,
    row.ratio === null ? '-' : row.ratio.toFixed(2),
    row.target,
    row.met === null ? 'not run' : row.target === 'informative' ? '-' : row.met ? 'PASS' : 'FAIL',
  ]);
  const header = ['case', 'tally', 'baseline', 'ratio', 'target', 'met'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** A case measured against a baseline with a maximum ratio. */
export function ratioCase(
  name: string,
  unit: string,
  value: number,
  baseline: number,
  maxRatio: number,
  note?: string,
): CaseResult {
  const ratio = value / baseline;
  return {
    name,
    value,
    unit,
    baseline,
    ratio,
    target: `ratio <= ${maxRatio}`,
    met: ratio <= maxRatio,
    ...(note === undefined ? {} : { note }),
  };
}

/** A case with an absolute floor or ceiling. */
export function absoluteCase(
  name: string,
  unit: string,
  value: number,
  bound: { readonly atLeast: number } | { readonly below: number } | { readonly atMost: number },
  note?: string,
): CaseResult {
  const met =
    'atLeast' in bound
      ? value >= bound.atLeast
      : 'below' in bound
        ? value < bound.below
        : value <= bound.atMost;
  const target =
    'atLeast' in bound
      ? bound.atLeast === 0
        ? 'informative'
        : `>= ${show(bound.atLeast)} ${unit}`
      : 'below' in bound
        ? `< ${show(bound.below)} ${unit}`
        : `<= ${show(bound.atMost)} ${unit}`;
  return {
    name,
    value,
    unit,
    baseline: null,
    ratio: null,
    target,
    met,
    ...(note === undefined ? {} : { note }),
  };
}

/** Two rates side by side with no target; the ratio is still time over time (baseline rate
 * over Tally's), so that lower is better as in every other row. */
export function informativeRates(
  name: string,
  unit: string,
  value: number,
  baseline: number,
  note?: string,
): CaseResult {
  return {
    name,
    value,
    unit,
    baseline,
    ratio: baseline / value,
    target: 'informative',
    met: true,
    ...(note === undefined ? {} : { note }),
  };
}

export function notRun(name: string, unit: string, target: string, note: string): CaseResult {
  return { name, value: null, unit, baseline: null, ratio: null, target, met: null, note };
}
