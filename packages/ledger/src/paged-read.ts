// How a store offers the port's optional paged read (`EventStore.readStreamPages`).
import type { EventStore, ReadOptions, RecordedEvent } from './port.js';

export type ReadStreamPages = (
  streamName: string,
  options?: ReadOptions,
) => AsyncIterable<readonly RecordedEvent[]>;

/**
 * Gives `store` a `readStreamPages` that is not enumerable: a wrapper that spreads the store and
 * overrides `readStream` (`{ ...store, readStream }`) then loses it, and its readers fall back to
 * the wrapper's `readStream` instead of silently reading around it.
 */
export function withPagedRead<S extends EventStore>(
  store: S,
  readStreamPages: ReadStreamPages,
): S & { readStreamPages: ReadStreamPages } {
  return Object.defineProperty(store, 'readStreamPages', {
    value: readStreamPages,
    enumerable: false,
    writable: false,
    configurable: false,
  }) as S & { readStreamPages: ReadStreamPages };
}
