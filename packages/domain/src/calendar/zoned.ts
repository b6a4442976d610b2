// Civil dates in an org's zone to instants (docs/money-and-time.md#start-of-a-date). Temporal resolves the
// zone rules; the results are canonical instant strings so that folds can compare them cheaply.
import type { Temporal } from 'temporal-polyfill';
import type { CivilDate, Instant } from '../events/types.js';
import { epochMsToInstant, instantToEpochMs } from '../time/instant.js';
import { toPlainDate } from './civil-date.js';

const MS_PER_HOUR = 3_600_000;

/** The first instant of `date` in `timeZone`: local midnight, or the first valid local time when
 * a DST change skips midnight (2026-09-06 in America/Santiago starts at 01:00 -03:00). */
export function startOfDate(date: CivilDate, timeZone: string): Instant {
  // A pure function of its two strings that Temporal makes slow (zone rules, ISO parsing), and
  // that a billing run asks for the same few dates of the same zones for every organization.
  const key = `${timeZone} ${date}`;
  const known = startCache.get(key);
  if (known !== undefined) return known;
  const start = computeStartOfDate(date, timeZone);
  if (startCache.size >= START_CACHE_SIZE) startCache.clear();
  startCache.set(key, start);
  return start;
}

const START_CACHE_SIZE = 50_000;
const startCache = new Map<string, Instant>();

function computeStartOfDate(date: CivilDate, timeZone: string): Instant {
  const plain = toPlainDate(date);
  let zoned: Temporal.ZonedDateTime;
  try {
    zoned = plain.toZonedDateTime({ timeZone });
  } catch {
    throw new RangeError(`timeZone must be a known IANA time zone, got "${timeZone}"`);
  }
  return epochMsToInstant(zoned.startOfDay().epochMilliseconds);
}

/** The instant counts are taken for `billingDate`: `start(billingDate) − leadHours` of exact
 * elapsed time (47 or 49 local clock hours across a DST change when the lead is 48), but never
 * earlier than `notBefore` (the subscription's start). */
export function tallyInstant(
  billingDate: CivilDate,
  timeZone: string,
  leadHours: number,
  notBefore: Instant,
): Instant {
  if (!Number.isSafeInteger(leadHours) || leadHours < 0) {
    throw new RangeError(`leadHours must be a non-negative integer, got ${leadHours}`);
  }
  const floorMs = instantToEpochMs(notBefore);
  if (Number.isNaN(floorMs)) {
    throw new RangeError(
      `notBefore must be a canonical UTC instant (YYYY-MM-DDTHH:MM:SSZ), got "${notBefore}"`,
    );
  }
  const leadMs = instantToEpochMs(startOfDate(billingDate, timeZone)) - leadHours * MS_PER_HOUR;
  return epochMsToInstant(Math.max(leadMs, floorMs));
}
