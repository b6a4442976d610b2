// One invoice fold for every caller: the org's events in one streaming pass (an array, a
// generator, pages from a store, lines of a file), answering invoices at the end. The pass
// builds the org's entity timeline (each event checked where it lands in occurredAt order, so
// backdated events are judged and counted, never skipped) and keeps the few events the billing
// facts read. The tally instants depend on the facts (the schedule, the renewals, a
// cancellation), so the counts are read off the timeline once the stream has ended: one sweep
// for every instant, as known at asKnownAt.
import { type Either, right } from 'fp-ts/lib/Either.js';
import { parseInstant } from '../counting/parse-instant.js';
import { countsAtInstants } from '../counting/snapshot-counter.js';
import { TimelineFold } from '../entities/timeline-fold.js';
import type { CivilDate, Instant, TallyEvent } from '../events/types.js';
import { instantToEpochMs } from '../time/instant.js';
import type { BillingError } from './errors.js';
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
  const { orgId, asKnownAt } = query;
  const timeline = new TimelineFold();
  const factEvents: TallyEvent[] = [];
  // collectBillingFacts refuses an asKnownAt that is not an instant, before it is ever used.
  const knownAtMs = instantToEpochMs(asKnownAt);

  const plan = () => {
    const facts = collectBillingFacts(factEvents, { orgId, asKnownAt });
    if (facts._tag === 'Left') return facts;
    const schedule = scheduler(facts.right);
    if (schedule._tag === 'Left') return schedule;
    return right({ facts: facts.right, schedule: schedule.right });
  };

  return {
    push(event) {
      if (event.orgId !== orgId) return;
      if (BILLING_FACT_TYPES.has(event.type)) factEvents.push(event);
      timeline.push(event);
    },
    result() {
      const planned = plan();
      if (planned._tag === 'Left') return planned;
      const { facts, schedule } = planned.right;
      const instants = schedule.tallyInstants;
      const instantMs = instants.map((instant, i) => parseInstant(instant, `tallyInstants[${i}]`));
      const counts = countsAtInstants(timeline, instants, instantMs, knownAtMs);
      return priceInvoices(facts, schedule, counts);
    },
    plan,
  };
}
