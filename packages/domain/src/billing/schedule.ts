// Which billing dates a subscription has between two dates, which of them are billed (terms
// renewed, not canceled), and each one's tally instant (docs/billing.md#billing-dates-and-tally-instants).
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { Temporal } from 'temporal-polyfill';
import { DateOutOfRangeError, isDateOutOfRangeError } from '../calendar/date-range.js';
import {
  addMonthsClamped,
  DEFAULT_TALLY_SCHEDULE,
  isCivilDate,
  startOfDate,
  tallyDates,
  tallyInstant,
} from '../calendar/index.js';
import type { CivilDate, Instant } from '../events/types.js';
import { instantToEpochMs } from '../time/instant.js';
import { type BillingError, billingError } from './errors.js';
import type { BillingFacts, Term } from './facts.js';

/** Valid YYYY-MM-DD strings order like the dates they name. Comparing the strings is exact and
 * much cheaper than a Temporal compare, which matters in loops over every billing date. */
export const compareCivilDates = (a: CivilDate, b: CivilDate): number => (a < b ? -1 : a > b ? 1 : 0);

interface EntryBase {
  readonly billingDate: CivilDate;
  /** k in `startDate + k months`. */
  readonly monthIndex: number;
  /** The next billing date: the end of a monthly service period. */
  readonly nextBillingDate: CivilDate;
  /** False for the earlier dates of a per-device yearly term that are priced only to know the
   * allocation on the dates asked for. */
  readonly inRange: boolean;
}

export type ScheduledBilling =
  | (EntryBase & {
      readonly kind: 'installment';
      readonly term: Term;
      readonly installmentNumber: number;
      /** The per-user tally date whose counts decide the quantity; null before the first. */
      readonly tallyDate: CivilDate | null;
      readonly tallyAt: Instant | null;
    })
  | (EntryBase & { readonly kind: 'devices'; readonly tallyAt: Instant })
  | (EntryBase & {
      readonly kind: 'term-start';
      readonly term: Term;
      /** Null for the first term: its allocation is the devices ordered, no tally. */
      readonly tallyAt: Instant | null;
    })
  | (EntryBase & { readonly kind: 'monthly-check'; readonly term: Term; readonly tallyAt: Instant });

export interface BillingSchedule {
  readonly from: CivilDate;
  readonly to: CivilDate;
  /** Ascending by billing date. */
  readonly entries: readonly ScheduledBilling[];
  /** Every distinct tally instant the entries need, ascending: feed `countsAt` these and pass its
   * result to `priceInvoices`. */
  readonly tallyInstants: readonly Instant[];
}

/** Smallest k >= 0 with `anchor + k months >= date`. */
export function monthIndexAtOrAfter(anchor: CivilDate, date: CivilDate): number {
  const a = Temporal.PlainDate.from(anchor);
  const d = Temporal.PlainDate.from(date);
  // anchor + k months falls in calendar month (anchor's month + k): start from the month distance.
  let k = Math.max(0, (d.year - a.year) * 12 + (d.month - a.month));
  if (k > 0 && compareCivilDates(addMonthsClamped(anchor, k - 1), date) >= 0) k -= 1;
  while (compareCivilDates(addMonthsClamped(anchor, k), date) < 0) k += 1;
  return k;
}

export type BillingStatus =
  | { readonly billed: true; readonly term: Term | null }
  | { readonly billed: false; readonly reason: string };

/** Whether the k-th billing date is billed: inside a term that exists (the first, or one opened by
 * a renewal) and starting before the cancellation. */
export function billingStatus(
  facts: BillingFacts,
  monthIndex: number,
  date: CivilDate = addMonthsClamped(facts.startDate, monthIndex),
): BillingStatus {
  if (facts.canceledFrom !== null && compareCivilDates(date, facts.canceledFrom) >= 0) {
    return {
      billed: false,
      reason: `${date} starts at ${startOfDate(date, facts.timeZone)}, not before the cancellation ${facts.canceledBy} effective ${facts.canceledAt}`,
    };
  }
  if (facts.billing.model === 'per-device-monthly') return { billed: true, term: null };
  const term = facts.billing.terms.find(
    (t) => t.startMonth <= monthIndex && monthIndex < t.startMonth + t.months,
  );
  if (term === undefined) {
    const last = facts.billing.terms[facts.billing.terms.length - 1] as Term;
    return {
      billed: false,
      reason: `${date} is after the last term, which ended on ${last.end}, and no SubscriptionRenewed with termStart ${last.end} is recorded by ${facts.asKnownAt}`,
    };
  }
  return { billed: true, term };
}

/** The billed dates in `[from, to]` (inclusive civil dates), each with its tally instant.
 * Dates that are not billed (no renewal, canceled) are left out. */
export function scheduleInvoices(
  facts: BillingFacts,
  from: CivilDate,
  to: CivilDate,
): Either<BillingError, BillingSchedule> {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCivilDate(value)) {
      return left(billingError('InvalidArgument', `${name} must be a YYYY-MM-DD date, got "${value}"`));
    }
  }
  if (compareCivilDates(from, to) > 0) {
    return left(billingError('InvalidArgument', `from ${from} is after to ${to}`));
  }
  const firstIndex = monthIndexAtOrAfter(facts.startDate, from);
  const firstStatus = billingStatus(facts, firstIndex);
  // A yearly allocation depends on every monthly check of its term, so price the term from its
  // start even when the range begins inside it.
  const startIndex =
    facts.billing.model === 'per-device-yearly' && firstStatus.billed && firstStatus.term !== null
      ? firstStatus.term.startMonth
      : firstIndex;

  const tallyOf = perUserTallies(facts, to);
  // A per-user tally date serves about three billing dates: resolve its start once.
  const tallyStarts = new Map<CivilDate, Instant>();
  const startOfTally = (date: CivilDate): Instant => {
    const known = tallyStarts.get(date) ?? startOfDate(date, facts.timeZone);
    tallyStarts.set(date, known);
    return known;
  };
  const entries: ScheduledBilling[] = [];
  let nextBillingDate = addMonthsClamped(facts.startDate, startIndex);
  for (let k = startIndex; ; k++) {
    const billingDate = nextBillingDate;
    if (compareCivilDates(billingDate, to) > 0) break;
    const status = billingStatus(facts, k, billingDate);
    // Cancellation and the last term both end billing for good: later dates are not billed either.
    if (!status.billed) break;
    nextBillingDate = serviceEnd(facts.startDate, k, billingDate);
    const base: EntryBase = { billingDate, monthIndex: k, nextBillingDate, inRange: k >= firstIndex };
    const deviceTally = () =>
      tallyInstant(billingDate, facts.timeZone, facts.tallyLeadHours, facts.startInstant);
    const { term } = status;
    if (facts.billing.model === 'per-user' && term !== null) {
      const tallyDate = tallyOf(billingDate);
      entries.push({
        ...base,
        kind: 'installment',
        term,
        installmentNumber: k - term.startMonth + 1,
        tallyDate,
        tallyAt: tallyDate === null ? null : startOfTally(tallyDate),
      });
    } else if (facts.billing.model === 'per-device-yearly' && term !== null) {
      if (k === term.startMonth) {
        entries.push({ ...base, kind: 'term-start', term, tallyAt: term.index === 0 ? null : deviceTally() });
      } else {
        entries.push({ ...base, kind: 'monthly-check', term, tallyAt: deviceTally() });
      }
    } else {
      entries.push({ ...base, kind: 'devices', tallyAt: deviceTally() });
    }
  }
  return right({ from, to, entries, tallyInstants: distinctInstants(entries) });
}

/** The end of the k-th service period (the next billing date), or why it has none. */
function serviceEnd(anchor: CivilDate, k: number, billingDate: CivilDate): CivilDate {
  try {
    return addMonthsClamped(anchor, k + 1);
  } catch (error) {
    if (!isDateOutOfRangeError(error)) throw error;
    throw new DateOutOfRangeError(
      error.computed,
      `the service period of the billing date ${billingDate} would end on ${error.computed}, after 9999-12-31, the last date Tally handles`,
    );
  }
}

/** A lookup of the latest tally date on or before a billing date (and not before startDate),
 * for billing dates asked in ascending order. */
function perUserTallies(facts: BillingFacts, to: CivilDate): (date: CivilDate) => CivilDate | null {
  if (facts.billing.model !== 'per-user' || compareCivilDates(facts.startDate, to) > 0) return () => null;
  const dates = tallyDates(facts.billing.tallySchedule ?? DEFAULT_TALLY_SCHEDULE, facts.startDate, to);
  let next = 0;
  let latest: CivilDate | null = null;
  return (date) => {
    while (next < dates.length && compareCivilDates(dates[next] as CivilDate, date) <= 0) {
      latest = dates[next] as CivilDate;
      next += 1;
    }
    return latest;
  };
}

function distinctInstants(entries: readonly ScheduledBilling[]): Instant[] {
  const byMs = new Map<number, Instant>();
  for (const entry of entries) {
    if (entry.tallyAt !== null) byMs.set(instantToEpochMs(entry.tallyAt), entry.tallyAt);
  }
  return [...byMs.entries()].sort(([a], [b]) => a - b).map(([, instant]) => instant);
}
