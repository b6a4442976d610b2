// The invoicing entry points over any iterable of events, read ONCE (a generator is fine): each
// is the one invoice fold (invoice-fold.ts) fed by a loop. Stores and files feed the same fold.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { addMonthsClamped, isCivilDate } from '../calendar/index.js';
import type { CivilDate, Instant, TallyEvent } from '../events/types.js';
import { type BillingError, billingError } from './errors.js';
import type { BillingFacts } from './facts.js';
import type { Invoice } from './invoice.js';
import { createInvoiceFold, type InvoiceFold } from './invoice-fold.js';
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
  return onlyInvoice(foldAll(events, invoiceAtFold(options)), options.billingDate);
}

/** Every billed invoice with `from <= billingDate <= to`, ascending, from one pass. */
export function invoicesBetween(
  events: Iterable<TallyEvent>,
  options: InvoicesBetweenOptions,
): Either<BillingError, Invoice[]> {
  return foldAll(events, invoicesBetweenFold(options));
}

/** The fold of invoicesBetween, for callers that feed the events themselves (stores, files). */
export function invoicesBetweenFold(options: InvoicesBetweenOptions): InvoiceFold {
  return createInvoiceFold(options, (facts) => scheduleInvoices(facts, options.from, options.to));
}

/** The fold of invoiceAt; its result has exactly one invoice (see onlyInvoice). */
export function invoiceAtFold(options: InvoiceAtOptions): InvoiceFold {
  return createInvoiceFold(options, (facts) => scheduleBillingDate(facts, options.billingDate));
}

/** The single invoice of an invoiceAt fold's result. */
export function onlyInvoice(
  invoices: Either<BillingError, Invoice[]>,
  billingDate: CivilDate,
): Either<BillingError, Invoice> {
  if (invoices._tag === 'Left') return invoices;
  const [invoice] = invoices.right;
  // scheduleBillingDate checked the date is billed, so the schedule has exactly this invoice.
  if (invoice === undefined) throw new Error(`invoiceAt: no invoice priced for ${billingDate}`);
  return right(invoice);
}

function foldAll(events: Iterable<TallyEvent>, fold: InvoiceFold): Either<BillingError, Invoice[]> {
  for (const event of events) fold.push(event);
  return fold.result();
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

/** The org's events, lazily: counting folds one organization. */
export function* eventsOfOrg(events: Iterable<TallyEvent>, orgId: string): Generator<TallyEvent> {
  for (const event of events) if (event.orgId === orgId) yield event;
}
