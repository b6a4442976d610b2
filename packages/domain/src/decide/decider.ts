// The Decider pattern (as in Emmett and fmodel): decide turns a command and the current state
// into events or a rejection, evolve folds an event into the state, initialState starts a fold.
import type { Either } from 'fp-ts/lib/Either.js';
import type { PendingEvent, TallyEvent } from '../events/types.js';
import type { Command } from './commands.js';
import { decide } from './decide.js';
import type { DecisionError } from './errors.js';
import { evolve, initialOrgState, type OrgState } from './org-state.js';

/**
 * C: command; E: the events evolve folds (as stored); S: state; P: the events decide emits
 * (E before the store stamps them); Err: the rejection.
 */
export interface Decider<C, E, S, P = E, Err = DecisionError> {
  decide(command: C, state: S): Either<Err, P[]>;
  evolve(state: S, event: E): S;
  initialState(): S;
}

export type OrgDecider = Decider<Command, TallyEvent, OrgState, PendingEvent, DecisionError>;

/** The organization decider: one instance per org stream. */
export const orgDecider: OrgDecider = { decide, evolve, initialState: initialOrgState };
