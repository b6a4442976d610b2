// The port's subscriptions over EventStoreDB catch-up subscriptions: `subscribeToStream` for one
// stream (checkpoints are revisions), `subscribeToAll` with a server-side stream-name filter on
// `tally-org-` for every org (checkpoints are commit positions; the server's filter checkpoints
// come through as `checkpoint` messages). What the client pushes is queued and handed on in
// batches: everything that arrived while the consumer worked is one batch. A lost connection
// (UNAVAILABLE, a node restarting) resubscribes after the last checkpoint yielded, a moment later.
import { ErrorType, type EventStoreDBClient } from '@eventstore/db-client';
import { createLogDecoder, type LogDecoder } from '@tally/domain';
import {
  type GlobalRecordedEvent,
  ORG_STREAM_PREFIX,
  type SubscribeOptions,
  type SubscriptionMessage,
} from '@tally/ledger';
import { checkSubscribeOptions, sleep } from '@tally/ledger/store-kit';
import { fromWireEvent } from './storedEvent.js';
import { type PageEvent, subscriberOf } from './streamReads.js';

/** Errors after which a subscription is simply made again. */
const TRANSIENT = new Set<unknown>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.NOT_LEADER,
]);
/** How long to wait before resubscribing after a lost connection. */
export const RESUBSCRIBE_DELAY_MS = 100;
/** Event-loop turns a batch waits at most for more events already arriving. */
const GATHER_TURNS = 50;
/** Scanned events between the server's checkpoints on `$all` (the client's interval x window 32). */
const CHECKPOINT_INTERVAL = 32;

type Item =
  | { readonly kind: 'event'; readonly read: PageEvent }
  | { readonly kind: 'caughtUp' }
  | { readonly kind: 'checkpoint'; readonly position: bigint }
  | { readonly kind: 'error'; readonly error: unknown };

const errorTypeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;

export async function* subscribeEventStoreDB(
  client: EventStoreDBClient,
  options: SubscribeOptions,
  onError: (error: unknown) => Error,
): AsyncGenerator<SubscriptionMessage> {
  const max = checkSubscribeOptions(options);
  const { streamName, signal } = options;
  let after = options.after;
  // The checkpoint of the last event accepted (after is that of the last one yielded).
  let seen = after;
  let caughtUpSent = false;
  const aborted = () => signal?.aborted === true;
  const subscribe = subscriberOf(client);
  // One decoder for the subscription: an org's currency is learned from its registration.
  const decoder = createLogDecoder();

  while (!aborted()) {
    seen = after; // a new subscription starts after what was yielded
    const queue: Item[] = [];
    let wake: (() => void) | undefined;
    const push = (item: Item) => {
      queue.push(item);
      wake?.();
    };
    const subscription = subscribe(
      streamName !== undefined
        ? { streamName, after }
        : {
            prefix: ORG_STREAM_PREFIX,
            after,
            checkpointInterval: 1,
            maxSearchWindow: CHECKPOINT_INTERVAL,
          },
      {
        event: (read) => push({ kind: 'event', read }),
        caughtUp: () => push({ kind: 'caughtUp' }),
        checkpoint: (position) => push({ kind: 'checkpoint', position }),
        failed: (error) => push({ kind: 'error', error }),
      },
    );
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    let failure: unknown;
    try {
      while (!aborted() && failure === undefined) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        // The client hands events over one at a time: let the ones already on their way arrive,
        // so that a batch is what the server sent together, not a single event.
        for (let turns = 0; turns < GATHER_TURNS && queue.length < max; turns += 1) {
          const before = queue.length;
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (queue.length === before) break;
        }
        const events: GlobalRecordedEvent[] = [];
        const flush = (): SubscriptionMessage | undefined => {
          const last = events.at(-1);
          if (last === undefined) return undefined;
          after = streamName === undefined ? last.position : last.revision;
          return { kind: 'events', events: events.splice(0), checkpoint: after };
        };
        const out: SubscriptionMessage[] = [];
        // Taken out whole: shifting a queue of thousands one item at a time moves the rest each time.
        const items = queue.splice(0);
        for (let index = 0; index < items.length; index += 1) {
          const item = items[index] as Item;
          if (item.kind === 'event') {
            const record = toRecord(item.read, decoder);
            const checkpoint = streamName === undefined ? record.position : record.revision;
            // A resubscription may hand back what was already yielded: only later events pass.
            if (seen !== undefined && checkpoint <= seen) continue;
            seen = checkpoint;
            events.push(record);
            if (events.length === max) out.push(flush() as SubscriptionMessage);
          } else if (item.kind === 'caughtUp') {
            const batch = flush();
            if (batch) out.push(batch);
            if (!caughtUpSent) {
              caughtUpSent = true;
              out.push({ kind: 'caughtUp', checkpoint: after });
            }
          } else if (item.kind === 'checkpoint') {
            const batch = flush();
            if (batch) out.push(batch);
            if (seen === undefined || item.position > seen) {
              after = item.position;
              seen = item.position;
              out.push({ kind: 'checkpoint', checkpoint: item.position });
            }
          } else {
            failure = item.error;
            break;
          }
        }
        const batch = flush();
        if (batch) out.push(batch);
        for (const message of out) {
          if (aborted()) return;
          yield message;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      subscription.cancel();
    }
    if (failure === undefined) return;
    if (!TRANSIENT.has(errorTypeOf(failure))) throw onError(failure);
    await sleep(RESUBSCRIBE_DELAY_MS, signal);
  }
}

function toRecord(read: PageEvent, decoder: LogDecoder): GlobalRecordedEvent {
  const streamName = read.event?.streamName ?? '';
  const { revision, event } = fromWireEvent(streamName, read, decoder);
  // Built field by field: a spread of the record was a measurable share of each event's cost.
  return { streamName, revision, event, position: read.event?.commitPosition ?? -1n };
}
