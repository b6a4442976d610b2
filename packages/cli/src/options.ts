// Parsers for option values: each refuses a bad value with a message commander prints above the
// usage (exit 2).

import { type CivilDate, type Instant, parseCivilDate, parseInstant } from '@tally/domain';
import { InvalidArgumentError } from 'commander';

/** The formats of `tally bill` (here, not in its command's module, which loads only when it runs). */
export const BILL_FORMATS = ['text', 'json', 'jsonl', 'csv'] as const;

export function civilDateOption(value: string): CivilDate {
  const parsed = parseCivilDate(value);
  if (parsed._tag === 'Left')
    throw new InvalidArgumentError(`${parsed.left} (expected a date like 2026-03-09)`);
  return parsed.right;
}

export function instantOption(value: string): Instant {
  const parsed = parseInstant(value);
  if (parsed._tag === 'Left')
    throw new InvalidArgumentError(`${parsed.left} (expected an instant like 2026-03-07T07:00:00Z)`);
  return parsed.right;
}

export function positiveIntegerOption(value: string): number {
  const number = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(number) || number <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive integer`);
  }
  return number;
}
