// The one loop behind the subscriptions of stores that follow by reading again (the in-memory
// store, PostgreSQL, PGlite): read the settled events after the checkpoint, yield them as a
// batch, announce `caughtUp` the first time a read comes back empty, then wait for a wake-up
// (an append, a notification, a timer) and read again. Each read starts after the last event
// yielded, so no event is skipped or repeated as long as the reads keep the port's order rule.
import type { GlobalRecordedEvent, SubscribeOptions, SubscriptionMessage } from './port.js';

export interface FollowSource {
  /** The settled events after `after` (exclusive; from the first when undefined), at most `max`,
   * in subscription order. */
  readBatch(after: bigint | undefined, max: number): Promise<readonly GlobalRecordedEvent[]>;
  /** The checkpoint of a record: its revision for one stream, its position for every stream. */
  checkpointOf(record: GlobalRecordedEvent): bigint;
  /** A token taken BEFORE a read, so that an append landing between the read and the wait is not
   * slept through: `wait(token)` returns at once when something changed since. */
  mark(): number;
  /** Resolves when new events may have arrived since `token`, or when `signal` aborts. */
  wait(token: number, signal: AbortSignal | undefined): Promise<void>;
}

export const DEFAULT_MAX_BATCH = 1_000;

export function checkSubscribeOptions(options: SubscribeOptions): number {
  const max = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isSafeInteger(max) || max <= 0) {
    throw new RangeError(`subscribe: maxBatch must be a positive integer, got ${max}`);
  }
  if (options.after !== undefined && options.after < 0n) {
    throw new RangeError(`subscribe: after must be >= 0n, got ${options.after}`);
  }
  return max;
}

/** Follows `source` from `options.after` until `options.signal` aborts. */
export async function* followByReading(
  source: FollowSource,
  options: SubscribeOptions = {},
): AsyncGenerator<SubscriptionMessage> {
  const max = checkSubscribeOptions(options);
  const { signal } = options;
  let after = options.after;
  let caughtUp = false;
  // A function, so the check is made again after each await (a condition would be narrowed once).
  const aborted = () => signal?.aborted === true;
  while (!aborted()) {
    const token = source.mark();
    const events = await source.readBatch(after, max);
    if (aborted()) return;
    const last = events.at(-1);
    if (last !== undefined) {
      after = source.checkpointOf(last);
      yield { kind: 'events', events, checkpoint: after };
      // A full batch: more are probably waiting, read again before sleeping.
      if (events.length === max) continue;
    }
    if (!caughtUp) {
      caughtUp = true;
      yield { kind: 'caughtUp', checkpoint: after };
    }
    await source.wait(token, signal);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
