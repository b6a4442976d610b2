// The in-memory store's subscriptions and bookkeeping documents, kept apart from its appends and
// reads. An append wakes every waiting subscription (no polling); a subscription reads the
// store's records after its checkpoint, as readAll does, in the one loop of subscription-loop.ts.
import type {
  GlobalRecordedEvent,
  RecordedEvent,
  StoredDocument,
  SubscribeOptions,
  SubscriptionMessage,
} from './port.js';
import { checkDocumentStreamName, ORG_STREAM_PREFIX } from './port.js';
import { followByReading } from './subscription-loop.js';

export interface InMemoryFollow {
  /** Called by the store after every append that wrote events. */
  notify(): void;
  subscribe(options?: SubscribeOptions): AsyncIterable<SubscriptionMessage>;
}

/**
 * `all` is every record in append order (index = global position); `streamRecords` gives one
 * stream's records in revision order. Both only grow.
 */
export function createInMemoryFollow(
  all: readonly RecordedEvent[],
  streamRecords: (streamName: string) => readonly RecordedEvent[] | undefined,
  assertOpen: (operation: string) => void,
): InMemoryFollow {
  let appends = 0;
  let waiters: (() => void)[] = [];
  // Global position of each record, for a stream subscription's records.
  const positions = new WeakMap<RecordedEvent, number>();
  let positioned = 0;
  const positionOf = (record: RecordedEvent): bigint => {
    for (; positioned < all.length; positioned += 1)
      positions.set(all[positioned] as RecordedEvent, positioned);
    return BigInt(positions.get(record) as number);
  };

  const wait = (token: number, signal: AbortSignal | undefined): Promise<void> =>
    new Promise((resolve) => {
      if (token !== appends || signal?.aborted === true) return resolve();
      const wake = () => {
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      waiters.push(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });

  const subscribe = (options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> => {
    assertOpen('subscribe');
    const { streamName } = options;
    const readBatch = async (after: bigint | undefined, max: number): Promise<GlobalRecordedEvent[]> => {
      assertOpen('subscribe');
      const batch: GlobalRecordedEvent[] = [];
      const start = after === undefined ? 0 : Number(after) + 1;
      if (streamName !== undefined) {
        const records = streamRecords(streamName) ?? [];
        for (let i = start; i < records.length && batch.length < max; i += 1) {
          const record = records[i] as RecordedEvent;
          batch.push({ ...record, position: positionOf(record) });
        }
        return batch;
      }
      for (let i = start; i < all.length && batch.length < max; i += 1) {
        const record = all[i] as RecordedEvent;
        if (record.streamName.startsWith(ORG_STREAM_PREFIX)) batch.push({ ...record, position: BigInt(i) });
      }
      // Records of other streams were passed over: the checkpoint still moves past them.
      return batch;
    };
    return followByReading(
      {
        readBatch,
        checkpointOf: (record) => (streamName === undefined ? record.position : record.revision),
        mark: () => appends,
        wait,
      },
      options,
    );
  };

  return {
    notify: () => {
      appends += 1;
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
    subscribe,
  };
}

/** Bookkeeping documents in memory: each stream keeps only its latest document. */
export function createInMemoryDocuments(assertOpen: (operation: string) => void) {
  const latest = new Map<string, StoredDocument>();
  return {
    appendDocument: async (streamName: string, document: StoredDocument): Promise<void> => {
      assertOpen(`appendDocument(${streamName})`);
      checkDocumentStreamName(streamName);
      latest.set(streamName, Object.freeze({ type: document.type, json: document.json }));
    },
    readLastDocument: async (streamName: string): Promise<StoredDocument | undefined> => {
      assertOpen(`readLastDocument(${streamName})`);
      checkDocumentStreamName(streamName);
      return latest.get(streamName);
    },
  };
}
