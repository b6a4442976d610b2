import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { civilFromDays, daysFromCivil } from '../time/instant.js';
import { compareDates, daysBetween, isCivilDate } from './civil-date.js';

const RUNS = { numRuns: 150 };
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateOfDays = (days: number) => {
  const [y, m, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
};
const epochDays = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return daysFromCivil(y, m, d);
};
// 1900-01-01 .. 2199-12-31 as epoch days
const civilDate = fc
  .integer({ min: daysFromCivil(1900, 1, 1), max: daysFromCivil(2199, 12, 31) })
  .map(dateOfDays);

describe('civil dates', () => {
  test('daysBetween counts calendar days (docs/test-vectors.md#vector-4-a-prorated-overage)', () => {
    expect(daysBetween('2025-03-15', '2026-03-15')).toBe(365);
    expect(daysBetween('2025-09-15', '2026-03-15')).toBe(181);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-15', '2025-03-15')).toBe(-365);
    expect(daysBetween('2026-03-08', '2026-03-09')).toBe(1);
  });

  test('compareDates orders dates', () => {
    expect(compareDates('2026-01-31', '2026-02-01')).toBeLessThan(0);
    expect(compareDates('2026-02-01', '2026-01-31')).toBeGreaterThan(0);
    expect(compareDates('2026-02-01', '2026-02-01')).toBe(0);
  });

  test('isCivilDate accepts only real YYYY-MM-DD dates', () => {
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2026-02-29')).toBe(false);
    expect(isCivilDate('2026-13-01')).toBe(false);
    expect(isCivilDate('2026-1-05')).toBe(false);
    expect(isCivilDate('2026-01-31T00:00')).toBe(false);
    expect(isCivilDate('+002026-01-31')).toBe(false);
    expect(isCivilDate('20260131')).toBe(false);
  });

  test.each(['2026-02-30', '2026-1-5', '2026-01-31T10:00', '', 'tomorrow'])(
    'throws a RangeError naming the bad date %j',
    (bad) => {
      expect(() => daysBetween(bad, '2026-01-01')).toThrow(RangeError);
      expect(() => daysBetween(bad, '2026-01-01')).toThrow(`a must be a valid YYYY-MM-DD date, got "${bad}"`);
      expect(() => compareDates('2026-01-01', bad)).toThrow(
        `b must be a valid YYYY-MM-DD date, got "${bad}"`,
      );
    },
  );

  test.prop([civilDate, civilDate], RUNS)('daysBetween agrees with epoch-day arithmetic', (a, b) => {
    expect(daysBetween(a, b)).toBe(epochDays(b) - epochDays(a));
  });

  test.prop([civilDate, civilDate], RUNS)('compareDates has the sign of the day difference', (a, b) => {
    expect(Math.sign(compareDates(a, b))).toBe(Math.sign(epochDays(a) - epochDays(b)));
  });
});
