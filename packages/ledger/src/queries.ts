// Queries over a store: an organization's events streamed page by page into a fold, so that a
// long history never sits in memory whole. Every query is "fold the org's stream into a sink";
// invoice queries feed the domain's one invoice fold, in one read of the stream.
import type {
  BillingError,
  CivilDate,
  Counts,
  Instant,
  Invoice,
  InvoiceFold,
  ShownInvoice,
  SnapshotOptions,
  TallyEvent,
} from '@tally/domain';
import {
  createIssuedInvoicesFold,
  createSnapshotCounter,
  invoiceAtFold,
  invoicesBetweenFold,
  onlyInvoice,
  showInvoice,
  showInvoices,
} from '@tally/domain';
import type { Either } from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent } from './port.js';
import { isStreamNotFoundError, orgStreamName } from './port.js';

/** A streaming fold: takes events in stream order, then answers. */
export interface EventSink<Result> {
  push(event: TallyEvent): void;
  result(): Result;
}

/**
 * The organization's events in stream order, read lazily page by page. Throws
 * `StreamNotFoundError` (naming the stream `tally-org-<orgId>`) for an organization with no events.
 */
export async function* loadOrgEvents(store: EventStore, orgId: string): AsyncIterable<TallyEvent> {
  const streamName = orgStreamName(orgId);
  if (store.readStreamPages !== undefined) {
    // Pages from the store: one async step per event for the caller, not two.
    for await (const page of store.readStreamPages(streamName)) {
      for (const record of page) yield record.event;
    }
    return;
  }
  for await (const record of store.readStream(streamName)) yield record.event;
}

/** The same, but an organization with no stream has no events (a report or a dashboard then
 * answers "unknown organization" as it would for an org without a registration). */
export async function* loadOrgEventsOrNone(store: EventStore, orgId: string): AsyncIterable<TallyEvent> {
  try {
    yield* loadOrgEvents(store, orgId);
  } catch (error) {
    if (!isStreamNotFoundError(error)) throw error;
  }
}

/** Pushes every event of the organization into the sink and returns its result. */
export async function foldOrgStream<Result>(
  store: EventStore,
  orgId: string,
  sink: EventSink<Result>,
): Promise<Result> {
  const streamName = orgStreamName(orgId);
  if (store.readStreamPages !== undefined) {
    // A synchronous loop per page: one promise per page, none per event.
    for await (const page of store.readStreamPages(streamName)) {
      for (let i = 0; i < page.length; i++) sink.push((page[i] as RecordedEvent).event);
    }
    return sink.result();
  }
  // Straight from the store's iterator: one async step per event, not two (loadOrgEvents is a
  // second async generator around the store's, and each layer costs a promise per event).
  for await (const record of store.readStream(streamName)) sink.push(record.event);
  return sink.result();
}

/**
 * The counts of docs/counting.md#what-is-counted at each instant (result i is for instants[i]), as known at
 * `options.asKnownAt` (absent: every recorded event), in one streaming pass over the stream.
 */
export function countsAtFromStore(
  store: EventStore,
  orgId: string,
  instants: readonly Instant[],
  options: SnapshotOptions = {},
): Promise<Counts[]> {
  return foldOrgStream(store, orgId, createSnapshotCounter(instants, options));
}

/** The options of `invoicesFromStore`: inclusive civil dates, and the instant the invoices are
 * computed as known at (it is printed on each invoice). */
export interface InvoicesFromStoreOptions {
  readonly orgId: string;
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly asKnownAt: Instant;
}

export interface InvoiceFromStoreOptions {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly asKnownAt: Instant;
}

/**
 * Every billed invoice with `from <= billingDate <= to`, ascending, in ONE streaming read of the
 * org's stream into the domain's invoice fold (the stream never sits in memory). An org without
 * a stream is Left `UnknownOrganization`, like an org without a registration.
 */
export function invoicesFromStore(
  store: EventStore,
  options: InvoicesFromStoreOptions,
): Promise<Either<BillingError, Invoice[]>> {
  return foldInvoices(store, options.orgId, invoicesBetweenFold(options));
}

/** The invoice of one billing date, or why there is none (not a billing date, not billed). */
export async function invoiceFromStore(
  store: EventStore,
  options: InvoiceFromStoreOptions,
): Promise<Either<BillingError, Invoice>> {
  return onlyInvoice(await foldInvoices(store, options.orgId, invoiceAtFold(options)), options.billingDate);
}

/**
 * `invoicesFromStore` as a reader is shown it (docs/cli.md#tally-invoices): each billing date
 * issued as known at `asKnownAt` as issued (number, document, adjustments), the others computed;
 * the same one read of the stream feeds both folds.
 */
export async function shownInvoicesFromStore(
  store: EventStore,
  options: InvoicesFromStoreOptions,
): Promise<Either<BillingError, ShownInvoice[]>> {
  const issued = createIssuedInvoicesFold(options);
  const invoices = await foldInvoices(store, options.orgId, alongside(invoicesBetweenFold(options), issued));
  return showInvoices(invoices, issued.result(), options);
}

/** `invoiceFromStore` as a reader is shown it: the issued invoice of the date when it was issued
 * as known at `asKnownAt`, otherwise the computed one or why there is none. */
export async function shownInvoiceFromStore(
  store: EventStore,
  options: InvoiceFromStoreOptions,
): Promise<Either<BillingError, ShownInvoice>> {
  const issued = createIssuedInvoicesFold(options);
  const invoices = await foldInvoices(store, options.orgId, alongside(invoiceAtFold(options), issued));
  return showInvoice(onlyInvoice(invoices, options.billingDate), issued.result(), options.billingDate);
}

/** The invoice fold, with a second sink fed the same events. */
function alongside(fold: InvoiceFold, other: { push(event: TallyEvent): void }): InvoiceFold {
  return {
    push(event) {
      fold.push(event);
      other.push(event);
    },
    result: () => fold.result(),
    plan: () => fold.plan(),
  };
}

async function foldInvoices(
  store: EventStore,
  orgId: string,
  fold: InvoiceFold,
): Promise<Either<BillingError, Invoice[]>> {
  try {
    return await foldOrgStream(store, orgId, fold);
  } catch (error) {
    // No stream: the same answer as a stream without a registration.
    if (!isStreamNotFoundError(error)) throw error;
    return fold.result();
  }
}
