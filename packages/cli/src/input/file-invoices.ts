// Invoices straight from a JSONL file: the same answers as the ledger's invoicesFromStore /
// invoiceFromStore over fileEventStore (a test compares them), at a fraction of the cost.
//
// invoicesFromStore reads the stream twice (billing facts, then counts) and the file store
// decodes and checks every line on both passes. Here one pass (file-scan.ts) checks every line
// and keeps both the billing facts' events and the organization's counts after each change;
// the counts at the tally instants are read off that timeline once the facts have said which
// instants they are. Two cases take more passes, each of them checking the whole file again:
// a file with a bad line (the log checker alone then finds and words the first one), and a log
// whose events are backdated or recorded after asKnownAt before the last tally instant (the
// counts then come from a snapshot counter, which is right in any order).
import {
  BILLING_FACT_TYPES,
  type BillingError,
  type BillingFacts,
  type BillingSchedule,
  type CivilDate,
  type Counts,
  collectBillingFacts,
  createSnapshotCounter,
  type Instant,
  type Invoice,
  priceInvoices,
  scheduleBillingDate,
  scheduleInvoices,
  type TallyEvent,
} from '@tally/domain';
import type { EventFile } from './event-file.js';
import { type Scanned, type ScanOptions, scanFile } from './file-scan.js';
import { checkFileLines } from './file-store.js';
import { type Progress, silentProgress } from './progress.js';

/** fp-ts's Either, structurally (the CLI does not depend on fp-ts). */
type Either<E, A> =
  | { readonly _tag: 'Left'; readonly left: E }
  | { readonly _tag: 'Right'; readonly right: A };

/** How the file is read: in one pass when it can be (the CLI's 'auto': with the lines read in a
 * worker thread for a large file; 'worker' and 'here' choose), or always with the log checker
 * and a separate snapshot counter ('separate'); tests compare them. */
export type ReadingMode = NonNullable<ScanOptions['reading']> | 'separate';

interface Counting {
  readonly facts: BillingFacts;
  readonly schedule: BillingSchedule;
}

/** The billing facts and the schedule `plan` makes of them, and the counts at its tally
 * instants; or why there is nothing to count. The whole file is checked before any answer
 * (a billing error included); the first bad line is thrown. */
async function countFile(
  file: EventFile,
  options: {
    readonly orgId: string;
    readonly asKnownAt: Instant;
    readonly reading?: ReadingMode | undefined;
  },
  plan: (facts: BillingFacts) => Either<BillingError, BillingSchedule>,
  progress: Progress,
): Promise<Either<BillingError, Counting & { readonly counts: Counts[] }>> {
  const { orgId, asKnownAt } = options;
  const scanned: Scanned | undefined =
    options.reading === 'separate'
      ? undefined
      : await scanFile(
          file,
          { orgId, asKnownAt, keep: BILLING_FACT_TYPES, reading: options.reading ?? 'auto' },
          progress,
        );
  const billingEvents = scanned?.kept ?? (await checkedBillingEvents(file, progress));
  const facts = collectBillingFacts(billingEvents, { orgId, asKnownAt });
  if (facts._tag === 'Left') return facts;
  const schedule = plan(facts.right);
  if (schedule._tag === 'Left') return schedule;
  const instants = schedule.right.tallyInstants;
  const counts =
    scanned?.timeline.countsAt(instants) ??
    (await snapshotCounts(file, progress, orgId, instants, asKnownAt));
  return { _tag: 'Right', right: { facts: facts.right, schedule: schedule.right, counts } };
}

/** Checks every line (throwing the first bad one) and keeps the billing facts' events. */
async function checkedBillingEvents(file: EventFile, progress: Progress): Promise<TallyEvent[]> {
  const billingEvents: TallyEvent[] = [];
  await checkFileLines(file, progress, (event) => {
    if (BILLING_FACT_TYPES.has(event.type)) billingEvents.push(event);
    return true;
  });
  return billingEvents;
}

/** The organization's counts at `instants`, counted as countsAt counts, in another pass. */
async function snapshotCounts(
  file: EventFile,
  progress: Progress,
  orgId: string,
  instants: readonly Instant[],
  asKnownAt: Instant,
): Promise<Counts[]> {
  if (instants.length === 0) return [];
  const counter = createSnapshotCounter(instants, { asKnownAt });
  await checkFileLines(file, progress, (event) => {
    if (event.orgId === orgId) counter.push(event);
    return true;
  });
  return counter.result();
}

export interface FileInvoicesOptions {
  readonly orgId: string;
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly asKnownAt: Instant;
  /** Default 'auto'; see ReadingMode. */
  readonly reading?: ReadingMode;
}

/** Every billed invoice with `from <= billingDate <= to`; throws the first bad line (exit 2). */
export async function invoicesFromFile(
  file: EventFile,
  options: FileInvoicesOptions,
  progress: Progress = silentProgress,
): Promise<Either<BillingError, Invoice[]>> {
  const counted = await countFile(
    file,
    options,
    (facts) => scheduleInvoices(facts, options.from, options.to),
    progress,
  );
  if (counted._tag === 'Left') return counted;
  const { facts, schedule, counts } = counted.right;
  return priceInvoices(facts, schedule, counts);
}

export interface FileInvoiceOptions {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly asKnownAt: Instant;
  /** Default 'auto'; see ReadingMode. */
  readonly reading?: ReadingMode;
}

/** The invoice of one billing date, or why there is none; throws the first bad line (exit 2). */
export async function invoiceFromFile(
  file: EventFile,
  options: FileInvoiceOptions,
  progress: Progress = silentProgress,
): Promise<Either<BillingError, Invoice>> {
  const counted = await countFile(
    file,
    options,
    (facts) => scheduleBillingDate(facts, options.billingDate),
    progress,
  );
  if (counted._tag === 'Left') return counted;
  const { facts, schedule, counts } = counted.right;
  const invoices = priceInvoices(facts, schedule, counts);
  if (invoices._tag === 'Left') return invoices;
  const [invoice] = invoices.right;
  // scheduleBillingDate checked the date is billed, so exactly one invoice is priced.
  if (invoice === undefined) throw new Error(`invoiceFromFile: no invoice priced for ${options.billingDate}`);
  return { _tag: 'Right', right: invoice };
}
