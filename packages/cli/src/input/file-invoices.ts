// Invoices straight from a JSONL file, in one read: every line is decoded and checked (all
// organizations; the log checker builds each org's entity timeline as it goes), the asked org's
// billing events are kept, and the domain prices the invoices from that org's timeline
// (invoicesOfTimeline): the same pipeline invoicesBetween and invoicesFromStore run. The invoices
// issued as known at asKnownAt are picked by the domain's issued fold in the same read, and the
// domain decides what is shown for each date (showInvoice(s)), as shownInvoice(s)FromStore does.
import {
  BILLING_FACT_TYPES,
  type BillingError,
  type CivilDate,
  createIssuedInvoicesFold,
  type Instant,
  type Invoice,
  type InvoiceQuery,
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
import { checkLogFile, logFileChecker } from '@tally/ledger/log-files';
import type { EventFile } from './event-file.js';
import { type Progress, silentProgress } from './progress.js';

/** fp-ts's Either, structurally (the CLI does not depend on fp-ts). */
type Either<E, A> =
  | { readonly _tag: 'Left'; readonly left: E }
  | { readonly _tag: 'Right'; readonly right: A };

async function invoicesOfFile(
  file: EventFile,
  query: InvoiceQuery,
  scheduler: Scheduler,
  progress: Progress,
): Promise<{
  readonly invoices: Either<BillingError, Invoice[]>;
  readonly issued: ReadonlyMap<CivilDate, IssuedInvoiceJson>;
}> {
  const checker = logFileChecker(file);
  const factEvents: TallyEvent[] = [];
  const issued = createIssuedInvoicesFold(query);
  const onEvent = (event: TallyEvent) => {
    if (event.orgId === query.orgId && BILLING_FACT_TYPES.has(event.type)) factEvents.push(event);
    issued.push(event);
    return true;
  };
  await checkLogFile(file, { checker, progress, onEvent });
  const state = checker.stateOf(query.orgId);
  // An org without a line in the file (an empty file too) is answered as every command answers
  // it (exit 1, the file's orgs listed after it).
  if (state === undefined) return { invoices: noEventsOf(query.orgId, file), issued: issued.result() };
  return {
    invoices: invoicesOfTimeline(state.entities, factEvents, query, scheduler),
    issued: issued.result(),
  };
}

const noEventsOf = (orgId: string, file: EventFile): Either<BillingError, never> => ({
  _tag: 'Left',
  left: { code: 'UnknownOrganization', message: `no events for org "${orgId}" in ${file.name}` },
});

export interface FileInvoicesOptions {
  readonly orgId: string;
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly asKnownAt: Instant;
}

/** Every billed invoice with `from <= billingDate <= to`, each issued one as issued; throws the
 * first bad line (exit 2). */
export async function invoicesFromFile(
  file: EventFile,
  options: FileInvoicesOptions,
  progress: Progress = silentProgress,
): Promise<Either<BillingError, ShownInvoice[]>> {
  const { invoices, issued } = await invoicesOfFile(
    file,
    options,
    (facts) => scheduleInvoices(facts, options.from, options.to),
    progress,
  );
  return showInvoices(invoices, issued, options);
}

export interface FileInvoiceOptions {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly asKnownAt: Instant;
}

/** The invoice of one billing date (as issued, when it was), or why there is none; throws the
 * first bad line (exit 2). */
export async function invoiceFromFile(
  file: EventFile,
  options: FileInvoiceOptions,
  progress: Progress = silentProgress,
): Promise<Either<BillingError, ShownInvoice>> {
  const { invoices, issued } = await invoicesOfFile(
    file,
    options,
    (facts) => scheduleBillingDate(facts, options.billingDate),
    progress,
  );
  return showInvoice(onlyInvoice(invoices, options.billingDate), issued, options.billingDate);
}
