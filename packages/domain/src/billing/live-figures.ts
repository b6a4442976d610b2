// What a live view shows of one organization at an instant `now`, as known at `now`: the counts
// now, the next billing date with its tally instant and the counts there, the allocation of the
// current per-device yearly term (and what is left of it), and the preview of the next invoice.
// Computed from an org's timeline and its billing events by the same pieces as every invoice
// (planInvoices, invoicesOfTimeline, countsOfTimeline): a live projection keeps those two up
// to date event by event and asks this after each batch.
import { Temporal } from 'temporal-polyfill';
import { addMonthsClamped } from '../calendar/index.js';
import type { Counts } from '../counting/counts.js';
import { parseInstant } from '../counting/parse-instant.js';
import { countsOfTimeline } from '../counting/snapshot-counter.js';
import type { EntityTimeline } from '../entities/timeline.js';
import type { CivilDate, Instant, TallyEvent } from '../events/types.js';
import { scheduleBillingDate } from './api.js';
import { type BillingModel, collectBillingFacts } from './facts.js';
import type { Invoice } from './invoice.js';
import { invoicesOfTimeline } from './invoice-fold.js';
import { billingStatus, compareCivilDates, monthIndexAtOrAfter, scheduleInvoices } from './schedule.js';

export interface LiveFigures {
  readonly orgId: string;
  readonly now: Instant;
  /** The billing model, or null before SubscriptionStarted is known. */
  readonly model: BillingModel['model'] | null;
  readonly countsNow: Counts;
  /** The first billing date after today (in the org's zone) that is billed; null when none is. */
  readonly nextBillingDate: CivilDate | null;
  /** The instant whose counts price that date (null for a first term, or before a per-user tally). */
  readonly nextTallyAt: Instant | null;
  readonly countsAtNextTally: Counts | null;
  /** Per-device yearly: the current term's allocation as billed up to today, and what is left of
   * it with the billable devices now (negative: an overage the next monthly check bills). */
  readonly allocation: number | null;
  readonly allocationLeft: number | null;
  /** The invoice the next billing date would issue, as known now. */
  readonly nextInvoice: Invoice | null;
  /** Why there is no next invoice (no subscription yet, canceled, last term over), else null. */
  readonly note: string | null;
}

export interface LiveFiguresInput {
  readonly orgId: string;
  readonly timeline: EntityTimeline;
  /** The org's BILLING_FACT_TYPES events, in stream order. */
  readonly factEvents: readonly TallyEvent[];
  readonly now: Instant;
}

const TERM_LINE_KINDS = new Set(['term', 'overage']);

export function liveFigures({ orgId, timeline, factEvents, now }: LiveFiguresInput): LiveFigures {
  const nowMs = parseInstant(now, 'now');
  const countsAt = (at: Instant): Counts =>
    countsOfTimeline(timeline, [at], [parseInstant(at, 'at')], nowMs)[0] as Counts;
  const countsNow = countsAt(now);
  const empty = { orgId, now, countsNow, nextBillingDate: null, nextTallyAt: null, countsAtNextTally: null };
  const none = { allocation: null, allocationLeft: null, nextInvoice: null };
  const collected = collectBillingFacts(factEvents, { orgId, asKnownAt: now });
  if (collected._tag === 'Left') return { ...empty, ...none, model: null, note: collected.left.message };
  const facts = collected.right;
  const model = facts.billing.model;
  const today = Temporal.Instant.from(now).toZonedDateTimeISO(facts.timeZone).toPlainDate().toString();
  // The first anchored date after today: today's own invoice was issued at its start.
  let k = monthIndexAtOrAfter(facts.startDate, today);
  if (compareCivilDates(addMonthsClamped(facts.startDate, k), today) <= 0) k += 1;
  const next = addMonthsClamped(facts.startDate, k);
  const status = billingStatus(facts, k, next);

  let allocation: number | null = null;
  if (facts.billing.model === 'per-device-yearly') {
    const currentMonth = Math.max(0, k - 1);
    const term = facts.billing.terms.find(
      (t) => t.startMonth <= currentMonth && currentMonth < t.startMonth + t.months,
    );
    if (term !== undefined && compareCivilDates(term.start, today) <= 0) {
      const billed = invoicesOfTimeline(
        timeline,
        factEvents,
        { orgId, asKnownAt: now, from: term.start, to: today },
        (f) => scheduleInvoices(f, term.start, today),
      );
      if (billed._tag === 'Right') {
        allocation = 0;
        for (const invoice of billed.right) {
          for (const line of invoice.lines) if (TERM_LINE_KINDS.has(line.kind)) allocation += line.quantity;
        }
      }
    }
  }
  const allocationLeft = allocation === null ? null : allocation - countsNow.billableDevices;
  if (!status.billed) {
    return { ...empty, model, allocation, allocationLeft, nextInvoice: null, note: status.reason };
  }
  const query = { orgId, asKnownAt: now, billingDate: next };
  const scheduler = (f: Parameters<typeof scheduleBillingDate>[0]) => scheduleBillingDate(f, next);
  const schedule = scheduleBillingDate(facts, next);
  const entry =
    schedule._tag === 'Right' ? schedule.right.entries.find((e) => e.billingDate === next) : undefined;
  const nextTallyAt = entry?.tallyAt ?? null;
  const invoices = invoicesOfTimeline(timeline, factEvents, query, scheduler);
  return {
    ...empty,
    model,
    nextBillingDate: next,
    nextTallyAt,
    countsAtNextTally: nextTallyAt === null ? null : countsAt(nextTallyAt),
    allocation,
    allocationLeft,
    nextInvoice: invoices._tag === 'Right' ? (invoices.right[0] ?? null) : null,
    note: invoices._tag === 'Left' ? invoices.left.message : null,
  };
}
