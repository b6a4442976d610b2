// The billing run (docs/ledger.md#the-billing-run): at an instant k, every invoice due for one
// organization or many, each org decided by the domain's IssueDueInvoices (oldest first, each
// as known at k, with its corrections) and appended through the command handler, so a second
// run at k issues nothing. One org's run reads only that org's stream: its cost does not depend
// on how many other organizations the store holds.
import {
  epochMsToInstant,
  type Instant,
  type InvoiceIssued,
  type InvoiceManifest,
  type TallyEvent,
} from '@tally/domain';
import { isCommandRejectedError } from './command-errors.js';
import type { CommandHandler } from './command-handler.js';
import { issuedAheadOfRecording } from './issuing-instant.js';
import { createCommandHandler } from './org-command-handler.js';
import { type EventStore, orgStreamName } from './port.js';

export interface BillingRunProgress {
  /** Organizations done so far, this one included. */
  readonly done: number;
  readonly total: number;
  readonly orgId: string;
  /** Invoices issued for this organization. */
  readonly issued: number;
}

export interface BillingRunOptions {
  readonly store: EventStore;
  /** One organization, a list, or `'all'`: every organization of the store (read with
   * `readAll`, which the in-memory store and PostgreSQL have). */
  readonly orgs: string | readonly string[] | 'all';
  /** The instant k: what is due at k is issued, each invoice as known at k. */
  readonly at: Instant;
  /** Stamps `recordedAt` (defaults to the system clock); it may not be before `at`. */
  readonly clock?: () => Instant;
  readonly newEventId?: () => string;
  /** Decide and report, but append nothing (what a run at k would issue). */
  readonly dryRun?: boolean;
  /** A command handler over `store` to issue through (its cache of each org's state is kept
   * between runs: a monthly run then reads only what was appended since); one of its own, with
   * `clock` and `newEventId`, when absent. Not with `dryRun`. */
  readonly handler?: CommandHandler;
  /** Recorded on each invoice issued (docs/billing.md#the-manifest) by the run's own handler;
   * defaults to the host's (hostInvoiceManifest). A `handler` given brings its own. */
  readonly manifest?: InvoiceManifest;
  /** Called after each organization, for long runs. */
  readonly onProgress?: (progress: BillingRunProgress) => void;
}

/** One invoice the run issued, with what the summary groups it by. */
export interface IssuedByRun {
  readonly orgId: string;
  readonly billingAccount: string;
  readonly event: InvoiceIssued;
}

export interface BillingRunFailure {
  readonly orgId: string;
  readonly code: string;
  readonly message: string;
}

export interface BillingRunResult {
  readonly at: Instant;
  /** In run order: organizations in the order given (sorted for `'all'`), each oldest first. */
  readonly issued: readonly IssuedByRun[];
  /** Organizations whose invoices could not be issued (a billing error in their log); the
   * other organizations are billed all the same. */
  readonly failures: readonly BillingRunFailure[];
}

export async function billingRun(options: BillingRunOptions): Promise<BillingRunResult> {
  const { store, at } = options;
  const clock = options.clock ?? (() => epochMsToInstant(Date.now()));
  const stamp = () => {
    const recordedAt = clock();
    // Refused before any organization is decided, rather than by the handler once an org each.
    const ahead = issuedAheadOfRecording([{ type: 'InvoiceIssued', occurredAt: at }], recordedAt);
    if (ahead !== undefined) throw new RangeError(`billing run at ${at}: ${ahead.message}`);
    return recordedAt;
  };
  if (options.handler !== undefined && options.dryRun === true) {
    throw new TypeError('billingRun: a dry run decides on a store of its own; give no handler');
  }
  const handler =
    options.handler ??
    createCommandHandler({
      store: options.dryRun === true ? dryRunStore(store) : store,
      clock: stamp,
      ...(options.newEventId === undefined ? {} : { newEventId: options.newEventId }),
      ...(options.manifest === undefined ? {} : { manifest: options.manifest }),
    });
  const orgIds = await orgsOf(store, options.orgs);
  const issued: IssuedByRun[] = [];
  const failures: BillingRunFailure[] = [];
  for (const [index, orgId] of orgIds.entries()) {
    let count = 0;
    try {
      const handled = await handler.handle({ type: 'IssueDueInvoices', orgId, at, data: {} });
      const billingAccount = handled.events.length === 0 ? '' : await billingAccountOf(store, orgId);
      for (const event of handled.events) {
        issued.push({ orgId, billingAccount, event: event as InvoiceIssued });
        count += 1;
      }
    } catch (error) {
      if (!isCommandRejectedError(error)) throw error;
      failures.push({ orgId, code: error.reason.code, message: error.reason.message });
    }
    options.onProgress?.({ done: index + 1, total: orgIds.length, orgId, issued: count });
  }
  return { at, issued, failures };
}

/** The organizations a run covers. */
async function orgsOf(store: EventStore, orgs: BillingRunOptions['orgs']): Promise<readonly string[]> {
  if (typeof orgs === 'string' && orgs !== 'all') return [orgs];
  if (orgs !== 'all') return orgs as readonly string[];
  if (store.readAll === undefined) {
    throw new TypeError('this store cannot list its organizations (it has no readAll): name them');
  }
  const seen = new Set<string>();
  for await (const record of store.readAll()) seen.add(record.event.orgId);
  return [...seen].sort();
}

/** The organization's billing account, from its registration (the stream's first event). */
async function billingAccountOf(store: EventStore, orgId: string): Promise<string> {
  for await (const record of store.readStream(orgStreamName(orgId), { maxCount: 1 })) {
    const first: TallyEvent = record.event;
    if (first.type === 'OrganizationRegistered') return first.data.billingAccount;
  }
  return '';
}

/** The store as it is, with appends answered but not kept: a dry run decides exactly what a
 * real one would and leaves the store untouched. */
function dryRunStore(store: EventStore): EventStore {
  return {
    readStream: (name, readOptions) => store.readStream(name, readOptions),
    async appendToStream(_name, events, appendOptions) {
      const expected = appendOptions?.expectedRevision;
      const last = typeof expected === 'bigint' ? expected : -1n;
      return { nextExpectedRevision: last + BigInt(events.length) };
    },
    close: async () => {},
  };
}
