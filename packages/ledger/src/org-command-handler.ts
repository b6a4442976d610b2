// The command handler for Tally organizations: the generic caching handler over the domain's
// organization decider, whose state the handler owns and advances with applyOrgEvent. It is the
// issuer: an invoice it issues records the manifest of what computed it (docs/billing.md#the-manifest).
import {
  applyOrgEvent,
  type Command,
  type DecisionError,
  hostTzdbVersion,
  type InvoiceManifest,
  invoiceManifest,
  type OrgState,
  orgDecider,
} from '@tally/domain';
import {
  type CachingDecider,
  type CommandHandler,
  type CommandHandlerOptions,
  createCachingCommandHandler,
} from './command-handler.js';
import { orgStateSnapshots } from './decider-snapshots.js';

/** orgDecider's decide and initial state, with the mutating apply in place of the pure evolve. */
export const cachingOrgDecider: CachingDecider<Command, OrgState, DecisionError> = {
  initialState: orgDecider.initialState,
  decide: orgDecider.decide,
  apply: applyOrgEvent,
};

/** The manifest of this engine and rules on this host: what the handler records by default. */
export const hostInvoiceManifest = (): InvoiceManifest => invoiceManifest(hostTzdbVersion());

/** The decider with `manifest` on every IssueInvoice and IssueDueInvoices that brings none. */
export function issuingWith(
  decider: CachingDecider<Command, OrgState, DecisionError>,
  manifest: InvoiceManifest,
): CachingDecider<Command, OrgState, DecisionError> {
  return {
    ...decider,
    decide(command, state) {
      if (command.type !== 'IssueInvoice' && command.type !== 'IssueDueInvoices') {
        return decider.decide(command, state);
      }
      if (command.data.manifest !== undefined) return decider.decide(command, state);
      const withManifest = { ...command, data: { ...command.data, manifest } } as Command;
      return decider.decide(withManifest, state);
    },
  };
}

/**
 * Handles organization commands against a store: load (cached), decide, stamp `eventId` and
 * `recordedAt`, append with the expected revision, retry on conflicts.
 */
export function createCommandHandler(
  options: CommandHandlerOptions & {
    /** Snapshot each org's state every this many events, in the store (docs/live.md); off when absent. */
    readonly snapshotEvery?: number;
    /** Recorded on each invoice issued by a command that brings no manifest of its own;
     * defaults to hostInvoiceManifest() (this engine, these rules, this host's tzdb). */
    readonly manifest?: InvoiceManifest;
  },
): CommandHandler<Command> {
  const { snapshotEvery, manifest, ...rest } = options;
  const snapshots =
    snapshotEvery === undefined ? undefined : orgStateSnapshots(options.store, { every: snapshotEvery });
  const decider = issuingWith(cachingOrgDecider, manifest ?? hostInvoiceManifest());
  return createCachingCommandHandler(decider, { ...rest, ...(snapshots ? { snapshots } : {}) });
}
