// The EventStore port over a SqlConnection: the store's rules written once for a PostgreSQL
// server and for PGlite. Opening it migrates (or checks) the schema, so a wrong password, a
// server that is down or tables of the wrong version are reported before the first append.
import {
  type EventStore,
  type GlobalRecordedEvent,
  type ReadAllOptions,
  type ReadOptions,
  type RecordedEvent,
  StoreClosedError,
  type StoredDocument,
  type SubscribeOptions,
  type SubscriptionMessage,
} from '@tally/ledger';
import { withPagedRead } from '@tally/ledger/store-kit';
import { createAppender } from './append.js';
import type { SqlConnection } from './connection/sql.js';
import { createSqlFollow, DEFAULT_POLL_MS } from './follow.js';
import { createReaders } from './read.js';
import { checkSchema, checkSchemaName, migrate } from './schema.js';

export interface SqlEventStoreOptions {
  /** The PostgreSQL schema (namespace) of the store's tables; defaults to `public`. */
  readonly schema?: string;
  /** Create or upgrade the tables on open (the default); with `false` the store only checks
   * them and refuses to open when they are missing or of another version. */
  readonly migrate?: boolean;
  /** Events a read fetches per statement; defaults to 1,000. */
  readonly pageSize?: number;
  /** How long a caught-up subscription waits before it reads again, in ms; defaults to 50. */
  readonly pollMs?: number;
}

export const DEFAULT_PAGE_SIZE = 1_000;

/** The port, with `readStreamPages` and `readAll` always there. */
export interface SqlEventStore extends EventStore {
  readStreamPages(streamName: string, options?: ReadOptions): AsyncIterable<readonly RecordedEvent[]>;
  readAll(options?: ReadAllOptions): AsyncIterable<GlobalRecordedEvent>;
  /** `readAll` a page (an array of events) at a time. */
  readAllPages(options?: ReadAllOptions): AsyncIterable<readonly GlobalRecordedEvent[]>;
  /** The schema the store's tables are in. */
  readonly schema: string;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Opens the store on a connection; the store owns it from then on (`close()` closes it). */
export async function openSqlEventStore(
  connection: SqlConnection,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> {
  const schema = checkSchemaName(options.schema ?? 'public');
  const pageSize = positiveInteger(options.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize');
  try {
    if (options.migrate ?? true) await migrate(connection, schema);
    else await checkSchema(connection, schema);
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
  const append = createAppender(connection, schema);
  const readers = createReaders(connection, schema, pageSize);
  const follow = createSqlFollow(
    connection,
    schema,
    positiveInteger(options.pollMs ?? DEFAULT_POLL_MS, 'pollMs'),
  );
  let closed = false;
  const assertOpen = (operation: string) => {
    if (closed) throw new StoreClosedError(operation);
  };
  // A subscription of a store that closes ends with StoreClosedError at its next read.
  async function* closing(messages: AsyncIterable<SubscriptionMessage>): AsyncGenerator<SubscriptionMessage> {
    for await (const message of messages) {
      assertOpen('subscribe');
      yield message;
    }
  }

  async function* readStreamPages(streamName: string, readOptions?: ReadOptions) {
    assertOpen(`readStream(${streamName})`);
    yield* readers.readStreamPages(streamName, readOptions);
  }
  async function* readAllPages(readOptions?: ReadAllOptions) {
    assertOpen('readAll');
    yield* readers.readAllPages(readOptions);
  }

  const store = {
    schema,
    appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
      assertOpen(`appendToStream(${args[0]})`);
      return append(...args);
    },
    // Plain loops over the pages: `yield*` over an array costs several promise steps per event.
    async *readStream(streamName: string, readOptions?: ReadOptions): AsyncGenerator<RecordedEvent> {
      for await (const page of readStreamPages(streamName, readOptions)) {
        for (const record of page) yield record;
      }
    },
    async *readAll(readOptions?: ReadAllOptions): AsyncGenerator<GlobalRecordedEvent> {
      for await (const page of readAllPages(readOptions)) {
        for (const record of page) yield record;
      }
    },
    readAllPages,
    // Subscriptions (polling) and bookkeeping documents: follow.ts.
    subscribe: (subscribeOptions?: SubscribeOptions) => {
      assertOpen('subscribe');
      return closing(follow.subscribe(subscribeOptions));
    },
    appendDocument: async (streamName: string, document: StoredDocument) => {
      assertOpen(`appendDocument(${streamName})`);
      return follow.appendDocument(streamName, document);
    },
    readLastDocument: async (streamName: string) => {
      assertOpen(`readLastDocument(${streamName})`);
      return follow.readLastDocument(streamName);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await connection.close();
    },
  };
  return withPagedRead(store, readStreamPages) as SqlEventStore;
}
