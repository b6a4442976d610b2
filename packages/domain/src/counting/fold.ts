// Pure folds over the entity state. Immer lets the batch fold read as plain mutation while the
// caller's state stays untouched; the replay builds a fresh state with no proxies at all.
import { enableMapSet, Immer } from 'immer';
import type { TallyEvent } from '../events/types.js';
import { applyEntityEvent, createEntityState, type EntityState } from './state.js';

enableMapSet();

// A private Immer with auto-freeze off. Immer's default deep-freezes the whole result on every
// produce, including the records it shares with the caller's input: O(state) per batch, and it
// would freeze a state the caller built with `replayEntities` and still mutates. Without it the
// result shares untouched records with the input (structural sharing), so treat both as
// read-only, or replay into a fresh state when you need one to mutate.
const immer = new Immer({ autoFreeze: false });

/** Applies a batch of events to `state` without changing it: ONE draft for the whole batch
 * (one produce per event would copy the device map per event: quadratic). */
export function foldEntityEvents(state: EntityState, events: readonly TallyEvent[]): EntityState {
  if (events.length === 0) return state;
  return immer.produce(state, (draft) => {
    for (const event of events) applyEntityEvent(draft as EntityState, event);
  });
}

/** Builds the state of a whole log from scratch with plain mutation: no proxies, no freezing. */
export function replayEntities(events: Iterable<TallyEvent>): EntityState {
  const state = createEntityState();
  for (const event of events) applyEntityEvent(state, event);
  return state;
}
