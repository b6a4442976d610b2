// One invoice fold for every caller: the org's events in one streaming pass (an array, a
// generator, pages from a store, lines of a file), answering invoices at the end. The pass
// builds the org's entity timeline (each event checked where it lands in occurredAt order, so
// backdated events are judged and counted, never skipped) and keeps the few events the billing
// facts read. The tally instants depend on the facts (the schedule, the renewals, a
// cancellation), so the counts are read off the timeline once the stream has ended: one sweep
// for every instant, as known at asKnownAt.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { isDateOutOfRangeError } from '../calendar/date-range.js';
import { parseInstant } from '../counting/parse-instant.js';
import { countsOfTimeline } from '../counting/snapshot-counter.js';
import type { EntityTimeline } from '../entities/timeline.js';
import { TimelineFold } from '../entities/timeline-fold.js';
import type { CivilDate, Instant, TallyEvent } from '../events/types.js';
import { instantToEpochMs } from '../time/instant.js';
import { type BillingError, billingError } from './errors.js';
import { BILLING_FACT_TYPES, type BillingFacts, collectBillingFacts } from './facts.js';
import type { Invoice } from './invoice.js';
import { priceInvoices } from './pricing.js';
import type { BillingSchedule } from './schedule.js';

/** Which invoices to answer: a range of billing dates, or one. */
export type InvoiceQuery =
  | { readonly orgId: string; readonly asKnownAt: Instant; readonly from: CivilDate; readonly to: CivilDate }
  | { readonly orgId: string; readonly asKnownAt: Instant; readonly billingDate: CivilDate };

export interface InvoiceFold {
  /** Feed events in stream order (other organizations' events pass by); throws
   * InconsistentEventError at an event of the org that does not fit the ones before it. */
  push(event: TallyEvent): void;
  /** The invoices asked for (one for a billingDate query), ascending; may be read again. */
  result(): Either<BillingError, Invoice[]>;
  /** The billing facts and schedule the result is priced from, for explanations. */
  plan(): Either<BillingError, { readonly facts: BillingFacts; readonly schedule: BillingSchedule }>;
}

/** How a query turns billing facts into the schedule of the invoices it asks for. */
export type Scheduler = (facts: BillingFacts) => Either<BillingError, BillingSchedule>;

export function createInvoiceFold(query: InvoiceQuery, scheduler: Scheduler): InvoiceFold {
  const { orgId } = query;
  const timeline = new TimelineFold();
  const factEvents: TallyEvent[] = [];
  return {
    push(event) {
      if (event.orgId !== orgId) return;
      if (BILLING_FACT_TYPES.has(event.type)) factEvents.push(event);
      timeline.push(event);
    },
    result: () => invoicesOfTimeline(timeline.timeline, factEvents, query, scheduler),
    plan: () => planInvoices(factEvents, query, scheduler),
  };
}

/** The facts of the org's billing events and the schedule the query makes of them. */
export function planInvoices(
  factEvents: readonly TallyEvent[],
  query: InvoiceQuery,
  scheduler: Scheduler,
): Either<BillingError, { readonly facts: BillingFacts; readonly schedule: BillingSchedule }> {
  return withinDateRange(() => plan(factEvents, query, scheduler));
}

function plan(
  factEvents: readonly TallyEvent[],
  query: InvoiceQuery,
  scheduler: Scheduler,
): Either<BillingError, { readonly facts: BillingFacts; readonly schedule: BillingSchedule }> {
  const facts = collectBillingFacts(factEvents, { orgId: query.orgId, asKnownAt: query.asKnownAt });
  if (facts._tag === 'Left') return facts;
  const schedule = scheduler(facts.right);
  if (schedule._tag === 'Left') return schedule;
  return right({ facts: facts.right, schedule: schedule.right });
}

/** The invoices of the query from an org's timeline and its billing events (BILLING_FACT_TYPES,
 * in stream order), however they were gathered: the fold above, a log checker that built the
 * timeline while checking a file, a verifier replaying each issued invoice as known at its own
 * instant. The one place where facts, schedule, counts and prices meet. */
export function invoicesOfTimeline(
  timeline: EntityTimeline,
  factEvents: readonly TallyEvent[],
  query: InvoiceQuery,
  scheduler: Scheduler,
): Either<BillingError, Invoice[]> {
  const planned = planInvoices(factEvents, query, scheduler);
  if (planned._tag === 'Left') return planned;
  const { facts, schedule } = planned.right;
  const instants = schedule.tallyInstants;
  const instantMs = instants.map((instant, i) => parseInstant(instant, `tallyInstants[${i}]`));
  // collectBillingFacts refused an asKnownAt that is not an instant.
  const counts = countsOfTimeline(timeline, instants, instantMs, instantToEpochMs(query.asKnownAt));
  return withinDateRange(() => priceInvoices(facts, schedule, counts));
}

/** `compute()`, with a date computed past the years 0001-9999 (calendar/date-range.ts) as the
 * `DateOutOfRange` billing error it is, not a crash. */
function withinDateRange<T>(compute: () => Either<BillingError, T>): Either<BillingError, T> {
  try {
    return compute();
  } catch (error) {
    if (!isDateOutOfRangeError(error)) throw error;
    return left(billingError('DateOutOfRange', error.message));
  }
}
