// Invoices straight from a JSONL file: the same answers as the ledger's invoicesFromStore /
// invoiceFromStore over fileEventStore (a test compares them), at a fraction of the cost.
//
// invoicesFromStore reads the stream twice and the file store decodes and checks every line on
// both passes. Here pass 1 only looks for billing facts: a line that is certainly a device,
// archive or user event (its first key is "type" with such a name, and it has no backslash and
// no second "type") is skipped unparsed; every other line is decoded, and lines that do not
// decode are ignored, because pass 2 checks every line (decode, consistency, unique ids) before
// any answer is given and reports the first bad one exactly as before. Pass 2 reads the counts
// off the checker's own state while it checks (one entity state, not two), or, for a log whose
// events are backdated or recorded after asKnownAt, again with a snapshot counter.
import {
  type BillingError,
  type BillingFacts,
  type BillingSchedule,
  type CivilDate,
  type Counts,
  collectBillingFacts,
  createLogDecoder,
  createSnapshotCounter,
  type Instant,
  type Invoice,
  priceInvoices,
  scheduleBillingDate,
  scheduleInvoices,
  type TallyEvent,
} from '@tally/domain';
import { CheckerStateCounts } from './checker-state-counts.js';
import { forEachLine } from './chunked-lines.js';
import type { EventFile } from './event-file.js';
import { checkFileLines } from './file-store.js';
import { type Progress, silentProgress } from './progress.js';

/** fp-ts's Either, structurally (the CLI does not depend on fp-ts). */
type Either<E, A> =
  | { readonly _tag: 'Left'; readonly left: E }
  | { readonly _tag: 'Right'; readonly right: A };

const BILLING_FACT_TYPES: ReadonlySet<string> = new Set([
  'OrganizationRegistered',
  'SubscriptionStarted',
  'SubscriptionRenewed',
  'SubscriptionCanceled',
]);

const TYPE_HEAD = '{"type":"';

const QUOTE = 34;

/** Decides, line after line of the chunks read, whether a line `chunk[start, end)` surely cannot
 * be a billing fact whatever else is wrong with it: its first key is "type" naming an event
 * that is not one (billing facts are the only types starting with O or S), and there is no
 * backslash or second `"type"` in it that could change that. The backslash and `"type"` are
 * found with indexOf over the chunk, from cursors that only move forwards. */
export class BillingFactSieve {
  private chunk = '';
  private nextBackslash = -1;
  private nextTypeKey = -1;

  surelyNot(chunk: string, start: number, end: number): boolean {
    if (chunk !== this.chunk) {
      this.chunk = chunk;
      this.nextBackslash = -1;
      this.nextTypeKey = -1;
    }
    const typeStart = start + TYPE_HEAD.length;
    if (end <= typeStart || !chunk.startsWith(TYPE_HEAD, start)) return false;
    const first = chunk.charCodeAt(typeStart);
    if (first === 79 || first === 83 || first === QUOTE) return false; // O, S, an empty type
    if (this.nextBackslash < start) this.nextBackslash = farIfNone(chunk.indexOf('\\', start));
    if (this.nextTypeKey < start + 2) this.nextTypeKey = farIfNone(chunk.indexOf('"type"', start + 2));
    return this.nextBackslash >= end && this.nextTypeKey >= end;
  }
}

const farIfNone = (index: number): number => (index < 0 ? Number.MAX_SAFE_INTEGER : index);

/** Pass 1: the billing facts from the registration and subscription lines (any org: the facts
 * keep `orgId`'s). Lines that do not decode are left to pass 2. */
async function billingFactsFromFile(
  file: EventFile,
  orgId: string,
  asKnownAt: Instant,
): Promise<Either<BillingError, BillingFacts>> {
  const decoder = createLogDecoder();
  const billingEvents: TallyEvent[] = [];
  const sieve = new BillingFactSieve();
  await forEachLine(file.path, (chunk, start, end, number) => {
    if (sieve.surelyNot(chunk, start, end)) return true;
    const decoded = decoder.decodeLine(chunk.slice(start, end), number);
    if (decoded._tag === 'Right' && BILLING_FACT_TYPES.has(decoded.right.type)) {
      billingEvents.push(decoded.right);
    }
    return true;
  });
  return collectBillingFacts(billingEvents, { orgId, asKnownAt });
}

/** Pass 2: checks every line, counting the org's events at the schedule's tally instants. The
 * counts are read off the checker's own entity state while the org's events allow it (see
 * checker-state-counts.ts); at the first one that does not, the pass starts again from line 1
 * with a separate snapshot counter, as countsAt would count. */
async function checkAndCount(
  file: EventFile,
  progress: Progress,
  orgId: string,
  counting: { readonly facts: BillingFacts; readonly schedule: BillingSchedule } | undefined,
  sharing: StateSharing = 'share',
): Promise<Counts[]> {
  const instants = counting?.schedule.tallyInstants ?? [];
  if (counting === undefined || instants.length === 0) {
    await checkFileLines(file, progress, () => true);
    return [];
  }
  const asKnownAt = counting.facts.asKnownAt;
  if (sharing === 'share') {
    const shared = new CheckerStateCounts(orgId, instants, asKnownAt);
    await checkFileLines(file, progress, () => !shared.abandoned, {
      beforeApply: (state, event) => shared.beforeApply(state.entities, event),
    });
    if (!shared.abandoned) return shared.result();
  }
  // The lines before the one that stopped the shared counts are checked again, so the first bad
  // line is found and reported exactly as on a single pass.
  const counter = createSnapshotCounter(instants, { asKnownAt });
  await checkFileLines(file, progress, (event) => {
    if (event.orgId === orgId) counter.push(event);
    return true;
  });
  return counter.result();
}

/** How pass 2 counts: from the checker's state when it can ('share', the CLI's), or always with
 * a separate snapshot counter ('separate', for tests comparing the two). */
export type StateSharing = 'share' | 'separate';

/** Why there is nothing to count: the facts' error, else the schedule's. */
function refusal(
  facts: Either<BillingError, unknown>,
  schedule: Either<BillingError, unknown> | undefined,
): { readonly _tag: 'Left'; readonly left: BillingError } {
  if (facts._tag === 'Left') return facts;
  if (schedule?._tag === 'Left') return schedule;
  throw new Error('file-invoices: nothing to refuse');
}

export interface FileInvoicesOptions {
  readonly orgId: string;
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly asKnownAt: Instant;
  /** Default 'share'; see StateSharing. */
  readonly sharing?: StateSharing;
}

/** Every billed invoice with `from <= billingDate <= to`; throws the first bad line (exit 2). */
export async function invoicesFromFile(
  file: EventFile,
  options: FileInvoicesOptions,
  progress: Progress = silentProgress,
): Promise<Either<BillingError, Invoice[]>> {
  const facts = await billingFactsFromFile(file, options.orgId, options.asKnownAt);
  const schedule =
    facts._tag === 'Right' ? scheduleInvoices(facts.right, options.from, options.to) : undefined;
  const counting =
    facts._tag === 'Right' && schedule?._tag === 'Right'
      ? { facts: facts.right, schedule: schedule.right }
      : undefined;
  // The whole file is checked before any answer, a billing error included.
  const counts = await checkAndCount(file, progress, options.orgId, counting, options.sharing);
  if (counting === undefined) return refusal(facts, schedule);
  return priceInvoices(counting.facts, counting.schedule, counts);
}

export interface FileInvoiceOptions {
  readonly orgId: string;
  readonly billingDate: CivilDate;
  readonly asKnownAt: Instant;
  /** Default 'share'; see StateSharing. */
  readonly sharing?: StateSharing;
}

/** The invoice of one billing date, or why there is none; throws the first bad line (exit 2). */
export async function invoiceFromFile(
  file: EventFile,
  options: FileInvoiceOptions,
  progress: Progress = silentProgress,
): Promise<Either<BillingError, Invoice>> {
  const facts = await billingFactsFromFile(file, options.orgId, options.asKnownAt);
  const schedule = facts._tag === 'Right' ? scheduleBillingDate(facts.right, options.billingDate) : undefined;
  const counting =
    facts._tag === 'Right' && schedule?._tag === 'Right'
      ? { facts: facts.right, schedule: schedule.right }
      : undefined;
  const counts = await checkAndCount(file, progress, options.orgId, counting, options.sharing);
  if (counting === undefined) return refusal(facts, schedule);
  const invoices = priceInvoices(counting.facts, counting.schedule, counts);
  if (invoices._tag === 'Left') return invoices;
  const [invoice] = invoices.right;
  // scheduleBillingDate checked the date is billed, so exactly one invoice is priced.
  if (invoice === undefined) throw new Error(`invoiceFromFile: no invoice priced for ${options.billingDate}`);
  return { _tag: 'Right', right: invoice };
}
