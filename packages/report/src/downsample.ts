// A step series with more points than the chart has pixel columns is drawn per column: in each
// column the first and last points (so the line enters and leaves it at the true values) and the
// points with the lowest and highest value (so no peak or dip is lost). Drawn at the same width
// this is indistinguishable from the full line, and the path stays at most four points a column
// however long the log (a million changes would otherwise be a path of a million commands).

/** One point of a step line: the value holds from `ms` until the next point; null lifts the pen. */
export interface StepPoint {
  readonly ms: number;
  readonly value: number | null;
}

/** The points of `points` (ascending `ms`, inside [startMs, endMs]) that a chart `columns` pixels
 * wide needs: all of them when there are at most `columns`, else per column the first, the last,
 * the lowest and the highest (in their order). The result is a subsequence of `points`. */
export function downsampleSteps(
  points: readonly StepPoint[],
  startMs: number,
  endMs: number,
  columns: number,
): readonly StepPoint[] {
  if (points.length <= columns) return points;
  const at = (i: number) => points[i] as StepPoint;
  return keptSteps(
    points.length,
    (i) => at(i).ms,
    (i) => at(i).value,
    startMs,
    endMs,
    columns,
  ).map(at);
}

/** downsampleSteps on a series given by accessors: the indices it keeps, ascending. A caller with
 * a million points keeps them in flat arrays and builds only the points drawn. */
export function keptSteps(
  count: number,
  msAt: (i: number) => number,
  valueAt: (i: number) => number | null,
  startMs: number,
  endMs: number,
  columns: number,
): number[] {
  if (count <= columns) return Array.from({ length: count }, (_, i) => i);
  const span = endMs - startMs;
  const columnOf = (ms: number) =>
    span > 0 ? Math.min(columns - 1, Math.max(0, Math.floor(((ms - startMs) / span) * columns))) : 0;
  const kept: number[] = [];
  let first = 0;
  while (first < count) {
    const column = columnOf(msAt(first));
    let last = first;
    let lowest = -1;
    let highest = -1;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = first; i < count; i++) {
      if (columnOf(msAt(i)) !== column) break;
      last = i;
      const value = valueAt(i);
      if (value === null) continue;
      if (value < low) [lowest, low] = [i, value];
      if (value > high) [highest, high] = [i, value];
    }
    const chosen = [first, lowest, highest, last].filter((i) => i >= 0).sort((a, b) => a - b);
    chosen.forEach((i, k) => {
      if (k === 0 || i !== chosen[k - 1]) kept.push(i);
    });
    first = last + 1;
  }
  return kept;
}
