// Which issued invoices a reader knows at an instant, and what `tally invoice(s)` shows for each
// billing date (docs/cli.md#tally-invoice): the invoice issued for it when an InvoiceIssued for
// that date was recorded by asKnownAt (its number, document, lines and adjustments, exactly as
// sent), otherwise the invoice the rules compute as known at asKnownAt. The choice is made here,
// once, for every source (a file, a store).
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import type { CivilDate, Instant, IssuedInvoiceJson, TallyEvent } from '../events/types.js';
import { instantToEpochMs } from '../time/instant.js';
import type { BillingError } from './errors.js';
import type { Invoice } from './invoice.js';

export interface IssuedKnownAtQuery {
  readonly orgId: string;
  readonly asKnownAt: Instant;
}

/** A streaming sink: every event in stream order, then the org's issued invoices by billing date. */
export interface IssuedInvoicesFold {
  push(event: TallyEvent): void;
  result(): ReadonlyMap<CivilDate, IssuedInvoiceJson>;
}

export function createIssuedInvoicesFold(query: IssuedKnownAtQuery): IssuedInvoicesFold {
  // An invalid asKnownAt (NaN) knows nothing; the invoice fold reports it as a billing error.
  const knownMs = instantToEpochMs(query.asKnownAt);
  const byDate = new Map<CivilDate, IssuedInvoiceJson>();
  return {
    push(event) {
      if (event.type !== 'InvoiceIssued' || event.orgId !== query.orgId) return;
      if (!(instantToEpochMs(event.recordedAt) <= knownMs)) return;
      // A log holds one per date (the decider and the log check refuse a second): keep the first.
      if (!byDate.has(event.data.billingDate)) byDate.set(event.data.billingDate, event.data);
    },
    result: () => byDate,
  };
}

/** The org's invoices issued as known at `asKnownAt` (InvoiceIssued recorded by then), by date. */
export function issuedInvoicesKnownAt(
  events: Iterable<TallyEvent>,
  query: IssuedKnownAtQuery,
): ReadonlyMap<CivilDate, IssuedInvoiceJson> {
  const fold = createIssuedInvoicesFold(query);
  for (const event of events) fold.push(event);
  return fold.result();
}

/** What a reader is shown for one billing date. */
export type ShownInvoice =
  | { readonly kind: 'computed'; readonly invoice: Invoice }
  | { readonly kind: 'issued'; readonly issued: IssuedInvoiceJson };

const computed = (invoice: Invoice): ShownInvoice => ({ kind: 'computed', invoice });
const issuedShown = (issued: IssuedInvoiceJson): ShownInvoice => ({ kind: 'issued', issued });

/** The invoices of [from, to], ascending: each issued date as issued, the others as computed. A
 * billing error of the computation stays the answer (an org that cannot be priced). */
export function showInvoices(
  invoices: Either<BillingError, readonly Invoice[]>,
  issued: ReadonlyMap<CivilDate, IssuedInvoiceJson>,
  range: { readonly from: CivilDate; readonly to: CivilDate },
): Either<BillingError, ShownInvoice[]> {
  if (invoices._tag === 'Left') return invoices;
  const byDate = new Map<CivilDate, ShownInvoice>();
  for (const invoice of invoices.right) byDate.set(invoice.billingDate, computed(invoice));
  // An issued date stays shown even when the rules, as known now, no longer bill it.
  for (const [date, invoice] of issued) {
    if (date >= range.from && date <= range.to) byDate.set(date, issuedShown(invoice));
  }
  const dates = [...byDate.keys()].sort();
  return right(dates.map((date) => byDate.get(date) as ShownInvoice));
}

/** The invoice of one billing date: as issued when it was, otherwise the computed one or why
 * there is none. */
export function showInvoice(
  invoice: Either<BillingError, Invoice>,
  issued: ReadonlyMap<CivilDate, IssuedInvoiceJson>,
  billingDate: CivilDate,
): Either<BillingError, ShownInvoice> {
  const sent = issued.get(billingDate);
  if (sent !== undefined) return right(issuedShown(sent));
  return invoice._tag === 'Left' ? left(invoice.left) : right(computed(invoice.right));
}
