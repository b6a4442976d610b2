// The command handler for Tally organizations: the generic caching handler over the domain's
// organization decider, whose state the handler owns and advances with applyOrgEvent.
import { applyOrgEvent, type Command, type DecisionError, type OrgState, orgDecider } from '@tally/domain';
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

/**
 * Handles organization commands against a store: load (cached), decide, stamp `eventId` and
 * `recordedAt`, append with the expected revision, retry on conflicts.
 */
export function createCommandHandler(
  options: CommandHandlerOptions & {
    /** Snapshot each org's state every this many events, in the store (docs/live.md); off when absent. */
    readonly snapshotEvery?: number;
  },
): CommandHandler<Command> {
  const { snapshotEvery, ...rest } = options;
  const snapshots =
    snapshotEvery === undefined ? undefined : orgStateSnapshots(options.store, { every: snapshotEvery });
  return createCachingCommandHandler(cachingOrgDecider, { ...rest, ...(snapshots ? { snapshots } : {}) });
}
