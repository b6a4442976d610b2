// Drawing a step line per pixel column must not change what the chart shows: every series keeps
// its lowest and highest values (in each column and so overall), where it starts and ends, and
// the value in force as each column ends; and the line is at most four points a column.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { downsampleSteps, keptSteps, type StepPoint } from './downsample.js';

const START = 1_000_000;
const END = 2_000_000;

/** Ascending instants inside the window, each with a count or null (the pen lifted). */
const arbSeries = fc
  .array(
    fc.record({
      ms: fc.integer({ min: START, max: END - 1 }),
      value: fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: null, freq: 8 }),
    }),
    { maxLength: 400 },
  )
  .map((points): StepPoint[] => [...points].sort((a, b) => a.ms - b.ms));
const arbColumns = fc.integer({ min: 1, max: 60 });

const columnOf = (ms: number, columns: number) => Math.floor(((ms - START) / (END - START)) * columns);

/** Per column: its points, in order. */
function byColumn(points: readonly StepPoint[], columns: number): Map<number, StepPoint[]> {
  const groups = new Map<number, StepPoint[]>();
  for (const point of points) {
    const column = columnOf(point.ms, columns);
    groups.set(column, [...(groups.get(column) ?? []), point]);
  }
  return groups;
}

const values = (points: readonly StepPoint[]) =>
  points.map((point) => point.value).filter((value): value is number => value !== null);

describe('downsampleSteps', () => {
  test.prop([arbSeries, arbColumns], { numRuns: 300 })(
    "keeps each column's lowest and highest value, its first and last point, in order",
    (points, columns) => {
      const drawn = downsampleSteps(points, START, END, columns);
      // A subsequence of the points given.
      let next = 0;
      for (const point of drawn) {
        next = points.indexOf(point, next) + 1;
        expect(next).toBeGreaterThan(0);
      }
      const before = byColumn(points, columns);
      const after = byColumn(drawn, columns);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [column, inColumn] of before) {
        const kept = after.get(column) ?? [];
        expect(kept[0]).toBe(inColumn[0]);
        expect(kept.at(-1)).toBe(inColumn.at(-1));
        const all = values(inColumn);
        if (all.length > 0) {
          expect(Math.min(...values(kept))).toBe(Math.min(...all));
          expect(Math.max(...values(kept))).toBe(Math.max(...all));
        }
        if (points.length > columns) expect(kept.length).toBeLessThanOrEqual(4);
      }
    },
  );

  test.prop([arbSeries, arbColumns], { numRuns: 200 })(
    "keeps the series' min and max, and draws at most four points a column",
    (points, columns) => {
      const drawn = downsampleSteps(points, START, END, columns);
      const all = values(points);
      if (all.length > 0) {
        expect(Math.min(...values(drawn))).toBe(Math.min(...all));
        expect(Math.max(...values(drawn))).toBe(Math.max(...all));
      }
      expect(drawn.length).toBeLessThanOrEqual(
        Math.max(points.length <= columns ? points.length : 0, 4 * columns),
      );
    },
  );

  test.prop([arbSeries, arbColumns], { numRuns: 100 })(
    'keeps the points keptSteps keeps, given the same series by accessors',
    (points, columns) => {
      const kept = keptSteps(
        points.length,
        (i) => (points[i] as StepPoint).ms,
        (i) => (points[i] as StepPoint).value,
        START,
        END,
        columns,
      );
      expect(downsampleSteps(points, START, END, columns)).toEqual(kept.map((i) => points[i]));
    },
  );

  test.prop([arbSeries, arbColumns])(
    'leaves a series no longer than the columns as it is',
    (points, columns) => {
      fc.pre(points.length <= columns);
      expect(downsampleSteps(points, START, END, columns)).toBe(points);
    },
  );

  it('draws a million points as at most four a column, the one-instant spike included', () => {
    const points: StepPoint[] = [];
    for (let i = 0; i < 1_000_000; i++) points.push({ ms: START + i, value: i % 7 });
    points[654_321] = { ms: START + 654_321, value: 99 };
    const drawn = downsampleSteps(points, START, END, 872);
    expect(drawn.length).toBeLessThanOrEqual(4 * 872);
    expect(drawn).toContain(points[654_321]);
  });
});
