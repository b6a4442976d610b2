// Subscriptions and bookkeeping documents over the store's tables. A subscription polls: each
// read takes the settled events after its checkpoint (every org stream: by global position,
// below the horizon that no transaction in flight can fill, as readAll; one stream: by revision,
// which commits in order since revision n+1 is written only on top of a committed n), then
// sleeps `pollMs` when nothing came; a read that loses its connection is made again. Documents live in a table of their own, never in
// tally_events, so readAll and subscriptions never meet them.
import { createLogDecoder } from '@tally/domain';
import {
  checkDocumentStreamName,
  type GlobalRecordedEvent,
  ORG_STREAM_PREFIX,
  type StoredDocument,
  type SubscribeOptions,
  type SubscriptionMessage,
} from '@tally/ledger';
import { followByReading, sleep } from '@tally/ledger/store-kit';
import type { Row, SqlConnection } from './connection/sql.js';
import { isPostgresConnectionLostError, isPostgresUnavailableError, queryClassified } from './errors.js';
import { SETTLED_HORIZON_SQL } from './global-position.js';
import { decodeStored } from './read.js';
import { tableIn } from './schema.js';

/** How long a caught-up subscription sleeps between reads by default. */
export const DEFAULT_POLL_MS = 50;
/** How long a subscription waits before reading again after a lost connection. */
const RETRY_MS = 100;
const isTransient = (error: unknown): boolean =>
  isPostgresConnectionLostError(error) || isPostgresUnavailableError(error);

export function createSqlFollow(connection: SqlConnection, schema: string, pollMs: number) {
  const events = tableIn(schema, 'tally_events');
  const documents = tableIn(schema, 'tally_documents');
  const allSql = `SELECT e.global_position::text AS position_text, e.stream_name, e.revision, e.payload
    FROM ${events} AS e
    WHERE e.global_position > $1 AND e.global_position < ${SETTLED_HORIZON_SQL}
      AND starts_with(e.stream_name, '${ORG_STREAM_PREFIX}')
    ORDER BY e.global_position LIMIT $2`;
  const streamSql = `SELECT global_position::text AS position_text, stream_name, revision, payload
    FROM ${events} WHERE stream_name = $1 AND revision > $2 ORDER BY revision LIMIT $3`;
  const appendDocumentSql = `INSERT INTO ${documents} (stream_name, document_type, payload) VALUES ($1, $2, $3)`;
  const lastDocumentSql = `SELECT document_type, payload FROM ${documents}
    WHERE stream_name = $1 ORDER BY seq DESC LIMIT 1`;

  const run = (operation: string, streamName: string | undefined, text: string, params: unknown[]) =>
    queryClassified(connection, operation, streamName, text, params);

  const subscribe = (options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> => {
    const { streamName } = options;
    // One decoder for the subscription: an org's currency is learned from its registration.
    const decoder = createLogDecoder();
    const toRecord = (row: Row): GlobalRecordedEvent => ({
      ...decodeStored(decoder, row[1] as string, BigInt(row[2] as string | number), row[3]),
      position: BigInt(row[0] as string),
    });
    const read = async (after: bigint | undefined, max: number) =>
      streamName === undefined
        ? await run('subscribe', undefined, allSql, [String(after ?? -1n), max])
        : await run('subscribe', streamName, streamSql, [streamName, String(after ?? -1n), max]);
    // A lost connection or a server still starting fails one read: read again after the same
    // checkpoint a moment later (the pool connects anew), so the subscription goes on.
    const readBatch = async (after: bigint | undefined, max: number) => {
      for (;;) {
        try {
          return (await read(after, max)).map(toRecord);
        } catch (error) {
          if (!isTransient(error) || options.signal?.aborted === true) throw error;
          await sleep(RETRY_MS, options.signal);
        }
      }
    };
    return followByReading(
      {
        readBatch,
        checkpointOf: (record) => (streamName === undefined ? record.position : record.revision),
        mark: () => 0,
        wait: (_token, signal) => sleep(pollMs, signal),
      },
      options,
    );
  };

  return {
    subscribe,
    appendDocument: async (streamName: string, document: StoredDocument): Promise<void> => {
      checkDocumentStreamName(streamName);
      await run('appendDocument', streamName, appendDocumentSql, [streamName, document.type, document.json]);
    },
    readLastDocument: async (streamName: string): Promise<StoredDocument | undefined> => {
      checkDocumentStreamName(streamName);
      const [row] = await run('readLastDocument', streamName, lastDocumentSql, [streamName]);
      return row === undefined ? undefined : { type: row[0] as string, json: row[1] as string };
    },
  };
}
