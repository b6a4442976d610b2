// An organization's invoices in a log file, in one checked read, as a reader is shown them: every
// line of every org is decoded and checked (the log checker builds each org's entity timeline as
// it goes), the asked org's billing facts are kept, and the domain prices its invoices from the
// checker's own timeline (invoicesOfTimeline), the pipeline invoicesBetween and invoicesFromStore
// run. The invoices issued as known at asKnownAt are picked by the domain's issued fold in the same
// read, and the domain decides what is shown for each date (showInvoice(s)), as
// shownInvoice(s)FromStore does.
import {
  BILLING_FACT_TYPES,
  type BillingError,
  type CivilDate,
  createIssuedInvoicesFold,
  type Invoice,
  type IssuedInvoiceJson,
  invoicesOfTimeline,
  onlyInvoice,
  type Scheduler,
  type ShownInvoice,
  scheduleBillingDate,
  scheduleInvoices,
  showInvoice,
  showInvoices,
  type TallyEvent,
} from '@tally/domain';
import { type Either, left } from 'fp-ts/lib/Either.js';
import type { InvoiceFromStoreOptions, InvoicesFromStoreOptions } from '../queries.js';
import { checkLogFile, type LogFile, type LogFileReadOptions, logFileChecker } from './log-file.js';

interface FileInvoices {
  readonly invoices: Either<BillingError, Invoice[]>;
  readonly issued: ReadonlyMap<CivilDate, IssuedInvoiceJson>;
}

async function invoicesOfFile(
  file: LogFile,
  query: InvoicesFromStoreOptions | InvoiceFromStoreOptions,
  scheduler: Scheduler,
  options: LogFileReadOptions,
): Promise<FileInvoices> {
  const checker = logFileChecker(file);
  const factEvents: TallyEvent[] = [];
  const issued = createIssuedInvoicesFold(query);
  const onEvent = (event: TallyEvent) => {
    if (event.orgId === query.orgId && BILLING_FACT_TYPES.has(event.type)) factEvents.push(event);
    issued.push(event);
    return true;
  };
  await checkLogFile(file, {
    checker,
    onEvent,
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const state = checker.stateOf(query.orgId);
  if (state === undefined) {
    const message = `no events for org "${query.orgId}" in ${file.name ?? file.path}`;
    return { invoices: left({ code: 'UnknownOrganization', message }), issued: issued.result() };
  }
  return {
    invoices: invoicesOfTimeline(state.entities, factEvents, query, scheduler),
    issued: issued.result(),
  };
}

/** What shownInvoicesFromStore gives on the file as a store, in one read: every billed invoice of
 * `orgId` with `from <= billingDate <= to`, each issued one as issued. An org without a line is
 * Left `UnknownOrganization`; a bad line of any org throws LogLineRefusedError. */
export async function shownInvoicesFromLogFile(
  file: LogFile,
  query: InvoicesFromStoreOptions,
  options: LogFileReadOptions = {},
): Promise<Either<BillingError, ShownInvoice[]>> {
  const schedule: Scheduler = (facts) => scheduleInvoices(facts, query.from, query.to);
  const { invoices, issued } = await invoicesOfFile(file, query, schedule, options);
  return showInvoices(invoices, issued, query);
}

/** What shownInvoiceFromStore gives on the file as a store, in one read: the invoice of one
 * billing date (as issued, when it was), or why there is none. */
export async function shownInvoiceFromLogFile(
  file: LogFile,
  query: InvoiceFromStoreOptions,
  options: LogFileReadOptions = {},
): Promise<Either<BillingError, ShownInvoice>> {
  const schedule: Scheduler = (facts) => scheduleBillingDate(facts, query.billingDate);
  const { invoices, issued } = await invoicesOfFile(file, query, schedule, options);
  return showInvoice(onlyInvoice(invoices, query.billingDate), issued, query.billingDate);
}
