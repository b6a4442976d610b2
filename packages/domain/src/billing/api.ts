// The invoicing entry points: facts, schedule, one counting pass, prices. The events are
// iterated TWICE (once for the billing facts, once for the counts), so pass an Iterable that can
// be iterated again (an array, or a generator factory's iterable); a one-shot iterator would give
// the counting pass nothing. Streaming callers use the composable steps instead.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { addMonthsClamped, isCivilDate } from '../calendar/index.js';
import { countsAt } from '../counting/index.js';
import type { CivilDate, Instant, TallyEvent } from '../events/types.js';
import { type BillingError, billingError } from './errors.js';
import { type BillingFacts, collectBillingFacts } from './facts.js';
import type { Invoice } from './invoice.js';
import { priceInvoices } from './pricing.js';
import { type BillingSchedule, billingStatus, monthIndexAtOrAfter, scheduleInvoices } from './schedule.js';

export interface InvoiceAtOptions {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  /** Required: it is printed on the invoice. Callers default it to now. */
  readonly asKnownAt: Instant;
}

export interface InvoicesBetweenOptions {
  readonly orgId: string;
  /** Inclusive civil dates. */
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly asKnownAt: Instant;
}

/** The invoice of one billing date. Left when the date is not a billing date (the error names the
 * nearest billing dates before and after) or is not billed (no renewal, canceled). */
export function invoiceAt(
  events: Iterable<TallyEvent>,
  options: InvoiceAtOptions,
): Either<BillingError, Invoice> {
  const facts = collectBillingFacts(events, options);
  if (facts._tag === 'Left') return facts;
  const schedule = scheduleBillingDate(facts.right, options.billingDate);
  if (schedule._tag === 'Left') return schedule;
  const invoices = countAndPrice(events, facts.right, schedule.right);
  if (invoices._tag === 'Left') return invoices;
  const [invoice] = invoices.right;
  // scheduleBillingDate checked the date is billed, so the schedule has exactly this invoice.
  if (invoice === undefined) throw new Error(`invoiceAt: no invoice priced for ${options.billingDate}`);
  return right(invoice);
}

/** Every billed invoice with `from <= billingDate <= to`, ascending, from one counting pass. */
export function invoicesBetween(
  events: Iterable<TallyEvent>,
  options: InvoicesBetweenOptions,
): Either<BillingError, Invoice[]> {
  const facts = collectBillingFacts(events, options);
  if (facts._tag === 'Left') return facts;
  const schedule = scheduleInvoices(facts.right, options.from, options.to);
  if (schedule._tag === 'Left') return schedule;
  return countAndPrice(events, facts.right, schedule.right);
}

/** The schedule of exactly one date, or why that date has no invoice. */
export function scheduleBillingDate(
  facts: BillingFacts,
  billingDate: CivilDate,
): Either<BillingError, BillingSchedule> {
  if (!isCivilDate(billingDate)) {
    return left(
      billingError('InvalidArgument', `billingDate must be a YYYY-MM-DD date, got "${billingDate}"`),
    );
  }
  const k = monthIndexAtOrAfter(facts.startDate, billingDate);
  const onOrAfter = addMonthsClamped(facts.startDate, k);
  if (onOrAfter !== billingDate) {
    const before = k > 0 ? addMonthsClamped(facts.startDate, k - 1) : undefined;
    const around =
      before === undefined ? `the first is ${onOrAfter}` : `the nearest are ${before} and ${onOrAfter}`;
    return left(
      billingError(
        'NotABillingDate',
        `${billingDate} is not a billing date of org "${facts.orgId}" (monthly dates anchored on ${facts.startDate}): ${around}`,
        { before, after: onOrAfter },
      ),
    );
  }
  const status = billingStatus(facts, k, onOrAfter);
  if (!status.billed) {
    return left(
      billingError('NotBilled', `org "${facts.orgId}" is not billed on ${billingDate}: ${status.reason}`),
    );
  }
  return scheduleInvoices(facts, billingDate, billingDate);
}

function countAndPrice(
  events: Iterable<TallyEvent>,
  facts: BillingFacts,
  schedule: BillingSchedule,
): Either<BillingError, Invoice[]> {
  const counts =
    schedule.tallyInstants.length === 0
      ? []
      : countsAt(eventsOfOrg(events, facts.orgId), schedule.tallyInstants, { asKnownAt: facts.asKnownAt });
  return priceInvoices(facts, schedule, counts);
}

/** The org's events, lazily: counting folds one organization. */
export function* eventsOfOrg(events: Iterable<TallyEvent>, orgId: string): Generator<TallyEvent> {
  for (const event of events) if (event.orgId === orgId) yield event;
}
