// Day arithmetic on YYYY-MM-DD civil dates with the domain's integer calendar (no Date).
import { type CivilDate, civilFromDays, daysFromCivil } from '@tally/domain';

export function civilDateToDays(date: CivilDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return daysFromCivil(year, month, day);
}

export function daysToCivilDate(days: number): CivilDate {
  const [year, month, day] = civilFromDays(days);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export const addDays = (date: CivilDate, days: number): CivilDate =>
  daysToCivilDate(civilDateToDays(date) + days);
