// Issuing an invoice (docs/billing.md#issuing-invoices): the invoice of one billing date as known
// at the issuing instant, numbered, with the adjustment lines that correct every earlier issued
// date in the window (docs/billing.md#corrections). The invoice's own lines and every
// recomputation come from the one invoice fold (invoicesOfTimeline): this module only compares
// what was billed with what the rules give now.
import { type Either, right } from 'fp-ts/lib/Either.js';
import { Temporal } from 'temporal-polyfill';
import { addMonthsClamped } from '../calendar/anchored.js';
import { fromPlainDate, toPlainDate } from '../calendar/civil-date.js';
import type { EntityTimeline } from '../entities/timeline.js';
import type {
  AdjustmentLineJson,
  CivilDate,
  Instant,
  InvoiceLineJson,
  IssuedInvoiceJson,
  IssuedInvoiceJsonV2,
  IssuedLineJson,
  TallyEvent,
} from '../events/types.js';
import { formatMoney, parseMoney } from '../money/index.js';
import { instantToEpochMs } from '../time/instant.js';
import { scheduleBillingDate } from './api.js';
import type { BillingError } from './errors.js';
import { type Invoice, toInvoiceJson } from './invoice.js';
import { invoicesOfTimeline, planInvoices } from './invoice-fold.js';
import { scheduleInvoices } from './schedule.js';

/** Corrections reach this many months back unless the subscription says otherwise. */
export const DEFAULT_CORRECTION_WINDOW_MONTHS = 12;

export interface IssueQuery {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  /** The issuing instant: the invoice is computed as known then, and so is every correction. */
  readonly asKnownAt: Instant;
  /** The organization's serial code: numbers are `<serialCode>-<n>`. */
  readonly serialCode: string;
  /** The org's InvoiceIssued data so far, in stream order (version 1 read as version 2). */
  readonly issued: readonly IssuedInvoiceJson[];
  /** The latest recordedAt (epoch ms) of the org's other events, when the caller knows it: if
   * nothing was recorded after the latest invoice was issued, and this one is not for an earlier
   * date, every date that invoice brought up to date still is, and nothing is recomputed. The
   * answer is the same either way; only its cost differs. */
  readonly lastRecordedMs?: number;
}

/** The number of the n-th (1-based) InvoiceIssued of an org (docs/billing.md#invoice-numbers). */
export const invoiceNumber = (serialCode: string, n: number): string => `${serialCode}-${n}`;

/** Each issued invoice's number: its own, or for a version-1 invoice the one its position gives. */
export function issuedNumbers(serialCode: string, issued: readonly IssuedInvoiceJson[]): string[] {
  return issued.map((invoice, index) => invoice.number ?? invoiceNumber(serialCode, index + 1));
}

/** `correctionWindowMonths` of the org's SubscriptionStarted known at `asKnownAt`, or the default. */
export function correctionWindowOf(billingEvents: readonly TallyEvent[], asKnownAt: Instant): number {
  const knownMs = instantToEpochMs(asKnownAt);
  for (const event of billingEvents) {
    if (event.type === 'SubscriptionStarted' && instantToEpochMs(event.recordedAt) <= knownMs) {
      return event.data.correctionWindowMonths ?? DEFAULT_CORRECTION_WINDOW_MONTHS;
    }
  }
  return DEFAULT_CORRECTION_WINDOW_MONTHS;
}

/**
 * The InvoiceIssued data (version 2) of `query.billingDate`: the invoice as known at `asKnownAt`
 * from the org's timeline and billing events (BILLING_FACT_TYPES, stream order), numbered after
 * the invoices issued before it, with its adjustments. Left when the date has no invoice (not a
 * billing date, not billed) or the log has a billing error. Whether the date is already issued
 * or due is the decider's to say.
 */
export function composeIssuedInvoice(
  timeline: EntityTimeline,
  billingEvents: readonly TallyEvent[],
  query: IssueQuery,
): Either<BillingError, IssuedInvoiceJsonV2> {
  const { orgId, billingDate, asKnownAt, issued } = query;
  const window = correctionWindowOf(billingEvents, asKnownAt);
  const numbers = issuedNumbers(query.serialCode, issued);
  const corrected =
    window === 0 || nothingRecordedSince(query)
      ? []
      : datesToCorrect(issued, monthsBefore(billingDate, window), billingDate);
  // YYYY-MM-DD strings sort like the dates they write.
  const span = [billingDate, ...corrected].sort();
  const from = span[0] as CivilDate;
  const to = span.at(-1) as CivilDate;
  // One pass of the fold for the invoice and every date it corrects: the range's schedule, when
  // it holds the date itself (a range skips dates that are not billed); otherwise the date's own
  // schedule says why there is no invoice. The range is scheduled once, not after the date alone.
  const priced = invoicesOfTimeline(timeline, billingEvents, { orgId, asKnownAt, from, to }, (facts) => {
    if (from === to) return scheduleBillingDate(facts, billingDate);
    const range = scheduleInvoices(facts, from, to);
    if (range._tag === 'Right' && range.right.entries.some((entry) => entry.billingDate === billingDate)) {
      return range;
    }
    const own = scheduleBillingDate(facts, billingDate);
    return own._tag === 'Left' ? own : range;
  });
  if (priced._tag === 'Left') return priced;
  const byDate = new Map(priced.right.map((invoice) => [invoice.billingDate, invoice]));
  const own = byDate.get(billingDate) as Invoice;
  const ownJson = toInvoiceJson(own);
  const adjustments = corrected.flatMap((date) =>
    adjustmentsFor(date, byDate.get(date), issued, numbers, own.currency),
  );
  const lines: IssuedLineJson[] = [...ownJson.lines, ...adjustments];
  let total = 0n;
  for (const line of lines) total += minor(line.amount, own.currency);
  return right({
    orgId,
    billingDate,
    currency: own.currency,
    asKnownAt,
    number: invoiceNumber(query.serialCode, issued.length + 1),
    document: total < 0n ? 'credit-note' : 'invoice',
    lines,
    total: formatMoney(total, own.currency),
    manifest: null,
  });
}

/** Whether the last invoice issued is a version-2 one (so it corrected every date of its window:
 * a version-1 invoice corrected nothing), nothing the rules read was recorded after its instant,
 * and the invoice asked for is not for a date before an issued one: then every date of this
 * window is still as that invoice left it, conserved as known then, which is what is known now
 * (docs/billing.md#corrections). */
function nothingRecordedSince(query: IssueQuery): boolean {
  const { issued, lastRecordedMs } = query;
  const last = issued.at(-1);
  if (lastRecordedMs === undefined || last === undefined || last.number === null) return false;
  if (issued.some((invoice) => invoice.billingDate > query.billingDate)) return false;
  const lastMs = instantToEpochMs(last.asKnownAt);
  return lastRecordedMs <= lastMs && lastMs <= instantToEpochMs(query.asKnownAt);
}

/** `date − months`, clamped to the month's end like every anchored date (2026-03-31 − 1 = 2026-02-28). */
function monthsBefore(date: CivilDate, months: number): CivilDate {
  return fromPlainDate(toPlainDate(date).subtract({ months }, { overflow: 'constrain' }));
}

/** The issued billing dates in `[from, ...)` other than `date`, ascending, each once. */
function datesToCorrect(issued: readonly IssuedInvoiceJson[], from: CivilDate, date: CivilDate): CivilDate[] {
  const dates = new Set<CivilDate>();
  for (const invoice of issued) {
    if (invoice.billingDate >= from && invoice.billingDate !== date) dates.add(invoice.billingDate);
  }
  return [...dates].sort();
}

interface Billed {
  kind: InvoiceLineJson['kind'];
  start: CivilDate;
  end: CivilDate;
  quantity: number;
  amount: bigint;
  tallyAt: Instant | null;
}

const keyOf = (kind: string, start: CivilDate, end: CivilDate) => `${kind} ${start} ${end}`;

/** What was billed for `date` so far, by line key: its issued lines plus every adjustment for it. */
function billedFor(
  date: CivilDate,
  issued: readonly IssuedInvoiceJson[],
  currency: string,
): Map<string, Billed> {
  const billed = new Map<string, Billed>();
  const add = (kind: InvoiceLineJson['kind'], line: IssuedLineJson) => {
    const { start, end } = line.servicePeriod;
    const key = keyOf(kind, start, end);
    const entry = billed.get(key) ?? { kind, start, end, quantity: 0, amount: 0n, tallyAt: null };
    entry.quantity += line.quantity;
    entry.amount += minor(line.amount, currency);
    billed.set(key, entry);
  };
  for (const invoice of issued) {
    for (const line of invoice.lines) {
      if (line.kind === 'adjustment') {
        if (line.corrects.billingDate === date) add(line.corrects.kind, line);
      } else if (invoice.billingDate === date) add(line.kind, line);
    }
  }
  return billed;
}

/** The adjustment lines that bring what was billed for `date` to what `recomputed` says
 * (undefined: the date is not billed as known now, so nothing is due for it). */
function adjustmentsFor(
  date: CivilDate,
  recomputed: Invoice | undefined,
  issued: readonly IssuedInvoiceJson[],
  numbers: readonly string[],
  currency: string,
): AdjustmentLineJson[] {
  const billed = billedFor(date, issued, currency);
  const due = new Map<string, Billed>();
  for (const line of recomputed?.lines ?? []) {
    const { start, end } = line.servicePeriod;
    due.set(keyOf(line.kind, start, end), {
      kind: line.kind,
      start,
      end,
      quantity: line.quantity,
      amount: line.amount,
      tallyAt: line.tallyAt,
    });
  }
  const corrected = numbers[issued.findIndex((invoice) => invoice.billingDate === date)] as string;
  const keys = [...new Set([...billed.keys(), ...due.keys()])].sort();
  const lines: AdjustmentLineJson[] = [];
  for (const key of keys) {
    const before = billed.get(key);
    const now = due.get(key);
    const line = (now ?? before) as Billed;
    const quantity = (now?.quantity ?? 0) - (before?.quantity ?? 0);
    const amount = (now?.amount ?? 0n) - (before?.amount ?? 0n);
    if (quantity === 0 && amount === 0n) continue;
    const change =
      quantity !== 0
        ? `${before?.quantity ?? 0} → ${now?.quantity ?? 0}`
        : `${formatMoney(before?.amount ?? 0n, currency)} → ${formatMoney(now?.amount ?? 0n, currency)}`;
    lines.push({
      kind: 'adjustment',
      description: `correction of ${corrected} (${date}): ${line.kind} ${change}`,
      quantity,
      unitAmount: null,
      amount: formatMoney(amount, currency),
      servicePeriod: { start: line.start, end: line.end },
      tallyAt: now?.tallyAt ?? null,
      corrects: { invoiceNumber: corrected, billingDate: date, kind: line.kind },
    });
  }
  return lines;
}

function minor(amount: string, currency: string): bigint {
  const parsed = parseMoney(amount, currency);
  // Issued amounts were decoded with the currency's digits: they parse.
  if (parsed._tag === 'Left') throw new Error(`issued amount ${amount}: ${parsed.left}`);
  return parsed.right;
}

/** The civil date in `timeZone` of an instant: a billing date d has started at `at` exactly
 * when d is on or before it. */
function localDate(at: Instant, timeZone: string): CivilDate {
  return Temporal.Instant.from(at).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/**
 * The billing dates due at `at` (docs/billing.md#the-billing-run): started (start(d) <= at),
 * billed as known at `at`, not issued yet; ascending. Empty before the subscription is known.
 */
export function dueBillingDates(
  billingEvents: readonly TallyEvent[],
  issued: readonly IssuedInvoiceJson[],
  query: { readonly orgId: string; readonly asKnownAt: Instant; readonly timeZone: string },
): Either<BillingError, CivilDate[]> {
  const { orgId, asKnownAt, timeZone } = query;
  const today = localDate(asKnownAt, timeZone);
  const done = new Set(issued.map((invoice) => invoice.billingDate));
  let candidates: CivilDate[] = [];
  // Only the dates not issued yet are scheduled (a schedule computes every date's zoned
  // instants): in a monthly run, the one new date.
  const planned = planInvoices(billingEvents, { orgId, asKnownAt, billingDate: today }, (facts) => {
    candidates = [];
    for (let k = 0; ; k++) {
      const date = addMonthsClamped(facts.startDate, k);
      if (date > today) break;
      if (!done.has(date)) candidates.push(date);
    }
    const first = candidates[0] ?? facts.startDate;
    const last = candidates.at(-1) ?? facts.startDate;
    return scheduleInvoices(facts, first, last);
  });
  if (planned._tag === 'Left') return planned.left.code === 'NoSubscription' ? right([]) : planned;
  if (candidates.length === 0) return right([]);
  return right(
    planned.right.schedule.entries
      .map((entry) => entry.billingDate)
      .filter((date) => date <= today && !done.has(date)),
  );
}

/**
 * A version-2 invoice as the rules give it again (docs/billing.md#issuing-invoices): composed
 * from the org's timeline and billing events as known at its own `asKnownAt`, after the invoices
 * issued before it (`issuedInvoices` is the org's whole list, in stream order; the invoice is
 * found in it by its billing date, which is unique in a log that holds). The manifest is the
 * issued one: it says what computed the invoice, not what the invoice is.
 */
export function recomposeIssuedInvoice(
  timeline: EntityTimeline,
  billingEvents: readonly TallyEvent[],
  context: { readonly serialCode: string; readonly issuedInvoices: readonly IssuedInvoiceJson[] },
  data: IssuedInvoiceJson,
): Either<BillingError, IssuedInvoiceJsonV2> {
  const index = context.issuedInvoices.findIndex((invoice) => invoice.billingDate === data.billingDate);
  const composed = composeIssuedInvoice(timeline, billingEvents, {
    orgId: data.orgId,
    billingDate: data.billingDate,
    asKnownAt: data.asKnownAt,
    serialCode: context.serialCode,
    issued: context.issuedInvoices.slice(0, index < 0 ? context.issuedInvoices.length : index),
  });
  return composed._tag === 'Left' ? composed : right({ ...composed.right, manifest: data.manifest });
}
