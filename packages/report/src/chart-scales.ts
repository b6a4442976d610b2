// Axes of the chart: a linear count axis with round steps, and a time axis whose ticks are civil
// dates of the org's zone (their starts, so a tick sits exactly where that date begins).
import {
  type CivilDate,
  daysBetween,
  epochMsToInstant,
  type Instant,
  instantToEpochMs,
  startOfDate,
} from '@tally/domain';

export const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const MAX_TICKS = 12;
const DAY_MS = 86_400_000;

/** The date `days` after `date` (before it when negative), on the domain's integer calendar. */
export const addDays = (date: CivilDate, days: number): CivilDate =>
  epochMsToInstant(instantToEpochMs(`${date}T00:00:00Z`) + days * DAY_MS).slice(0, 10);

export interface CountAxis {
  readonly top: number;
  readonly ticks: readonly number[];
}

/** Ticks 0, s, 2s, ... with s in 1, 2, 5 × 10^k, and a top a little above `max` so the highest
 * line never runs along the plot's edge. */
export function countAxis(max: number, maxTicks = 6): CountAxis {
  const target = Math.max(1, Math.ceil(max * 1.1));
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 5].map((m) => m * magnitude).find((s) => Math.ceil(target / s) <= maxTicks);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const top = Math.max(step, Math.ceil(target / step) * step);
  const ticks: number[] = [];
  for (let value = 0; value <= top; value += step) ticks.push(value);
  return { top, ticks };
}

export interface TimeTick {
  readonly date: CivilDate;
  readonly ms: number;
  readonly label: string;
}

/** Date ticks inside [start, end]: every 1, 2, 3, 7 or 14 days for short windows, else month
 * starts every 1, 2, 3, 6, 12 or 24 months, whichever first gives at most 12 ticks. */
export function timeTicks(
  start: Instant,
  end: Instant,
  anchor: CivilDate,
  timeZone: string,
): readonly TimeTick[] {
  const startMs = instantToEpochMs(start);
  const endMs = instantToEpochMs(end);
  const spanDays = Math.ceil((endMs - startMs) / DAY_MS);
  // Civil dates around the window: the anchor (the period's first date) minus the lead-in.
  const firstDate = addDays(
    anchor,
    -Math.ceil((instantToEpochMs(startOfDate(anchor, timeZone)) - startMs) / DAY_MS) - 1,
  );
  const inWindow = (date: CivilDate): TimeTick | null => {
    const ms = instantToEpochMs(startOfDate(date, timeZone));
    return ms >= startMs && ms <= endMs ? { date, ms, label: '' } : null;
  };

  if (spanDays <= 70) {
    const step = [1, 2, 3, 7, 14].find((s) => Math.ceil(spanDays / s) <= MAX_TICKS) ?? 14;
    const ticks: TimeTick[] = [];
    for (let offset = 0; offset <= spanDays + 2; offset++) {
      const tick = inWindow(addDays(firstDate, offset));
      if (tick === null) continue;
      const first = ticks[0];
      if (first !== undefined && daysBetween(first.date, tick.date) % step !== 0) continue;
      ticks.push({ ...tick, label: dayLabel(tick.date) });
    }
    return ticks;
  }

  const [year, month] = firstDate.split('-').map(Number) as [number, number];
  const months = Math.ceil(spanDays / 28) + 2;
  const step = [1, 2, 3, 6, 12, 24].find((s) => Math.ceil(months / s) <= MAX_TICKS + 1) ?? 24;
  const ticks: TimeTick[] = [];
  for (let k = 0; k <= months; k++) {
    const index = year * 12 + (month - 1) + k;
    const date = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
    // Align multi-month steps to the calendar (quarters, half years, years).
    if (index % step !== 0) continue;
    const tick = inWindow(date);
    if (tick !== null) ticks.push({ ...tick, label: monthLabel(date) });
  }
  return ticks;
}

const dayLabel = (date: CivilDate): string => {
  const [, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${MONTH_NAMES[month - 1]} ${day}`;
};

const monthLabel = (date: CivilDate): string => {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[month - 1]} ${year}`;
};
