import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { civilFromDays, daysFromCivil } from '../time/instant.js';
import { addMonthsClamped, addYearsClamped, monthlyDates } from './anchored.js';

const RUNS = { numRuns: 150 };
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateOfDays = (days: number) => {
  const [y, m, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
};
const fields = (date: string) => date.split('-').map(Number) as [number, number, number];
// Days in a month from epoch-day arithmetic, independent of Temporal.
const daysInMonth = (year: number, month: number) =>
  daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
  daysFromCivil(year, month, 1);

const civilDate = fc
  .integer({ min: daysFromCivil(1990, 1, 1), max: daysFromCivil(2100, 12, 31) })
  .map(dateOfDays);
// Month ends are where clamping happens: draw them often.
const anchorDate = fc.oneof(
  civilDate,
  fc
    .record({ year: fc.integer({ min: 1990, max: 2100 }), month: fc.integer({ min: 1, max: 12 }) })
    .chain(({ year, month }) =>
      fc
        .integer({ min: 28, max: daysInMonth(year, month) })
        .map((day) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`),
    ),
);

describe('test vectors (docs/test-vectors.md)', () => {
  test('vector 1: anchor 2026-01-31, monthly billing dates', () => {
    expect(monthlyDates('2026-01-31', '2026-01-31', '2026-04-30')).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
    expect([0, 1, 2, 3].map((k) => addMonthsClamped('2026-01-31', k))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
  });

  test('vector 2: anchor 2024-02-29, yearly term starts', () => {
    expect([0, 1, 2, 3, 4].map((n) => addYearsClamped('2024-02-29', n))).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
    ]);
  });
});

describe('monthlyDates', () => {
  test('never returns a date before the anchor', () => {
    expect(monthlyDates('2026-03-15', '2026-01-01', '2026-05-20')).toEqual([
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
    ]);
  });

  test('bounds are inclusive and an empty window gives no dates', () => {
    expect(monthlyDates('2026-01-31', '2026-02-28', '2026-03-31')).toEqual(['2026-02-28', '2026-03-31']);
    expect(monthlyDates('2026-01-31', '2026-03-01', '2026-03-30')).toEqual([]);
    expect(monthlyDates('2026-01-31', '2026-05-01', '2026-04-01')).toEqual([]);
  });

  test('refuses invalid dates and negative counts, naming the value', () => {
    expect(() => monthlyDates('2026-02-30', '2026-01-01', '2026-12-31')).toThrow(
      new RangeError('anchor must be a valid YYYY-MM-DD date, got "2026-02-30"'),
    );
    expect(() => monthlyDates('2026-01-01', '2026-01-01', 'soon')).toThrow(
      new RangeError('to must be a valid YYYY-MM-DD date, got "soon"'),
    );
    expect(() => addMonthsClamped('2026-01-31', -1)).toThrow(
      new RangeError('months must be a non-negative integer, got -1'),
    );
    expect(() => addYearsClamped('2026-01-31', 1.5)).toThrow(
      new RangeError('years must be a non-negative integer, got 1.5'),
    );
  });

  // `from` within a few years of the anchor (before it too), so the reference walk stays short.
  const window = fc.tuple(anchorDate, fc.integer({ min: -400, max: 3000 }), fc.integer({ min: 0, max: 800 }));

  test.prop([window], RUNS)(
    'lists every anchored date in [from, to], strictly increasing',
    ([anchor, lag, span]) => {
      const [ay, am, ad] = fields(anchor);
      const fromDays = daysFromCivil(ay, am, ad) + lag;
      const from = dateOfDays(fromDays);
      const to = dateOfDays(fromDays + span);
      const dates = monthlyDates(anchor, from, to);
      // Reference: walk k from 0 with the plain clamped formula and keep those in the window.
      const expected: string[] = [];
      for (let k = 0; ; k++) {
        const date = addMonthsClamped(anchor, k);
        if (date > to) break;
        if (date >= from) expected.push(date);
      }
      expect(dates).toEqual(expected);
      for (let i = 1; i < dates.length; i++) expect((dates[i] ?? '') > (dates[i - 1] ?? '')).toBe(true);
    },
  );
});

describe('clamped arithmetic', () => {
  test.prop([anchorDate, fc.integer({ min: 0, max: 600 })], RUNS)(
    'addMonthsClamped lands in month anchor + k, on the anchor day when it exists, else the last day',
    (anchor, k) => {
      const [ay, am, ad] = fields(anchor);
      const monthIndex = ay * 12 + (am - 1) + k;
      const year = Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      const length = daysInMonth(year, month);
      const [ry, rm, rd] = fields(addMonthsClamped(anchor, k));
      expect([ry, rm]).toEqual([year, month]);
      expect(rd).toBe(Math.min(ad, length));
    },
  );

  test.prop([anchorDate, fc.integer({ min: 0, max: 50 })], RUNS)(
    'addYearsClamped keeps month and day, except Feb 29 in a common year gives Feb 28',
    (anchor, n) => {
      const [ay, am, ad] = fields(anchor);
      const [ry, rm, rd] = fields(addYearsClamped(anchor, n));
      expect([ry, rm]).toEqual([ay + n, am]);
      expect(rd).toBe(Math.min(ad, daysInMonth(ay + n, am)));
    },
  );
});
