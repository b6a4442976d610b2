// An append, in one statement when it can: the whole batch written after the stream's last
// revision if the expected revision holds and the stream holds none of its ids. The database
// enforces it: two appends that both believe the stream ends at revision 4 both try to write
// revision 5, and the unique constraint on (stream, revision) lets one commit; the other's INSERT
// fails whole. The same constraint keeps ids unique in a stream (there is no unique index of
// ids: schema.ts, migration 3): a write checks the ids against the rows its statement sees, and
// any append it does not see (one in flight, or committed after the statement began) holds the
// revision this write takes, so one of the two fails. When the direct write does not go through
// (the expectation did not hold, a race was lost, an id is already there), the append looks at
// what the stream holds of the batch and decides with the ledger's own rule (shared with the
// in-memory store): refused, replayed (a retry), or written at the revision seen.
import { serializeEvent, type TallyEvent } from '@tally/domain';
import {
  type AppendOptions,
  type AppendResult,
  DuplicateEventIdError,
  EventIdConflictError,
  type ExpectedRevision,
  WrongExpectedRevisionError,
} from '@tally/ledger';
import { checkReplayedContent, decideAppend, type StreamIds } from '@tally/ledger/store-kit';
import type { Row, SqlConnection } from './connection/sql.js';
import { classifyFailure, PostgresStoreError } from './errors.js';
import { MAX_EVENTS_PER_APPEND, TRANSACTION_BLOCK_SQL } from './global-position.js';
import { tableIn } from './schema.js';

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && Reflect.get(error, 'code') === UNIQUE_VIOLATION;
/** Attempts of one append that keeps losing races to other appends (only 'any' retries). */
const MAX_ATTEMPTS = 50;

/** How the direct write's statement takes the batch: the predicate that finds the batch's ids,
 * and the rows to insert, numbered from 1 (parameters $2, $3, $4: ids, types, payloads). */
interface BatchShape {
  readonly idsMatch: string;
  readonly rows: string;
}
const ARRAYS: BatchShape = {
  idsMatch: 'k.event_id = ANY($2::text[])',
  rows: 'unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY',
};
const SINGLE: BatchShape = {
  idsMatch: 'k.event_id = $2::text',
  rows: '(VALUES ($2::text, $3::text, $4::text, 1::bigint))',
};

/** What the stream holds: its length, and the batch's ids it already has, with their payloads. */
class StreamLook implements StreamIds {
  readonly idByRevision = new Map<number, string>();
  readonly byId = new Map<string, { readonly revision: number; readonly payload: string }>();
  length = 0;
  idAt(revision: number): string | undefined {
    return this.idByRevision.get(revision);
  }
  revisionOf(eventId: string): number | undefined {
    return this.byId.get(eventId)?.revision;
  }
}

export type Appender = (
  streamName: string,
  events: readonly TallyEvent[],
  options?: AppendOptions,
) => Promise<AppendResult>;

export function createAppender(connection: SqlConnection, schema: string): Appender {
  const events = tableIn(schema, 'tally_events');
  // One statement: the batch's ids the stream holds, and (the row with a null id) its last revision.
  // The rows of the batch's ids, looked up one by one in the hash index of ids and only then
  // kept when they are the stream's: a statement that also names the stream may be planned
  // (generically, once prepared) as a walk over the stream's rows, a whole stream per append.
  const rowsOfIds = (columns: string, batch: BatchShape = ARRAYS) =>
    `SELECT ${columns} FROM ${events} AS k WHERE ${batch.idsMatch}`;
  const lookSql = `WITH found AS MATERIALIZED (${rowsOfIds('k.stream_name, k.revision, k.event_id, k.payload')})
    SELECT revision, event_id, payload FROM found WHERE stream_name = $1
    UNION ALL
    SELECT max(revision), NULL, NULL FROM ${events} WHERE stream_name = $1`;
  const insertSql = `INSERT INTO ${events} (global_position, stream_name, revision, event_id, event_type, payload)
    SELECT ${TRANSACTION_BLOCK_SQL} + e.ordinal, $1, $2::bigint + e.ordinal - 1, e.id, e.type, e.payload
    FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS e(id, type, payload, ordinal)`;

  // The direct write: inserted only where the condition on the stream's last revision holds and
  // the stream has none of the batch's ids. One statement, written for two shapes of batch: a
  // batch as arrays, and a single event (a command's) as plain values. The single event's
  // statement is planned once per connection and reused: with arrays the planner guesses ten
  // elements when it plans generically, so it prices its reusable plan above the plan for the
  // array at hand and plans the statement again on every call, about as long as running it
  // (docs/performance.md#one-event-appends-planned-once-reads-two-pages-ahead-2026-12-02-1930-2010-utc).
  const directSql = (
    condition: string,
    batch: BatchShape,
  ) => `WITH last AS (SELECT max(revision) AS revision FROM ${events} WHERE stream_name = $1),
    found AS MATERIALIZED (${rowsOfIds('k.stream_name', batch)}),
    known AS (SELECT count(*) AS ids FROM found WHERE stream_name = $1),
    written AS (
      INSERT INTO ${events} (global_position, stream_name, revision, event_id, event_type, payload)
      SELECT ${TRANSACTION_BLOCK_SQL} + e.ordinal, $1, coalesce(last.revision, -1) + e.ordinal, e.id, e.type, e.payload
      FROM last, known, ${batch.rows} AS e(id, type, payload, ordinal)
      WHERE known.ids = 0 AND ${condition}
      RETURNING 1)
    SELECT (SELECT count(*) FROM written), (SELECT revision FROM last)`;
  const directFor = (batch: BatchShape) => ({
    any: directSql('true', batch),
    no_stream: directSql('last.revision IS NULL', batch),
    stream_exists: directSql('last.revision IS NOT NULL', batch),
    exact: directSql('last.revision = $5::bigint', batch),
  });
  const direct = { arrays: directFor(ARRAYS), single: directFor(SINGLE) };

  /** The batch written in one statement, or undefined when the append must look and decide. */
  const tryDirect = async (
    streamName: string,
    ids: readonly string[],
    types: readonly string[],
    payloads: readonly string[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> => {
    const exact = typeof expected === 'bigint';
    const single = ids.length === 1;
    const params: unknown[] = single
      ? [streamName, ids[0], types[0], payloads[0]]
      : [streamName, ids, types, payloads];
    if (exact) params.push(String(expected));
    const statements = single ? direct.single : direct.arrays;
    let rows: readonly Row[];
    try {
      rows = await connection.query(exact ? statements.exact : statements[expected], params);
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    const [written, last] = rows[0] ?? [];
    if (Number(written) !== ids.length || ids.length === 0) return undefined;
    const before = last === null || last === undefined ? -1n : BigInt(last as string | number);
    return { nextExpectedRevision: before + BigInt(ids.length) };
  };

  const look = async (streamName: string, ids: readonly string[]): Promise<StreamLook> => {
    const stream = new StreamLook();
    for (const [revision, eventId, payload] of await connection.query(lookSql, [streamName, ids])) {
      if (eventId === null) {
        stream.length = revision === null ? 0 : Number(revision) + 1;
      } else {
        const at = Number(revision);
        stream.idByRevision.set(at, eventId as string);
        stream.byId.set(eventId as string, { revision: at, payload: payload as string });
      }
    }
    return stream;
  };

  const attempt = async (
    streamName: string,
    ids: readonly string[],
    types: readonly string[],
    payloads: readonly string[],
    options: AppendOptions,
  ): Promise<AppendResult | 'lost-race'> => {
    const stream = await look(streamName, ids);
    const decision = decideAppend(streamName, stream, ids, options.expectedRevision ?? 'any');
    if (decision.kind === 'replay') {
      // The same ids at the same place: a retry, if the events are the same too.
      checkReplayedContent(
        streamName,
        decision.lastRevision - BigInt(ids.length - 1),
        ids,
        (offset) => payloads[offset] as string,
        (offset) => stream.byId.get(ids[offset] as string)?.payload ?? '',
      );
      return { nextExpectedRevision: decision.lastRevision };
    }
    try {
      await connection.query(insertSql, [streamName, stream.length, ids, types, payloads]);
    } catch (error) {
      if (isUniqueViolation(error)) return 'lost-race';
      throw error;
    }
    return { nextExpectedRevision: BigInt(stream.length + ids.length - 1) };
  };

  return async (streamName, batch, options = {}) => {
    if (batch.length > MAX_EVENTS_PER_APPEND) {
      throw new RangeError(
        `append to ${streamName} has ${batch.length} events: at most ${MAX_EVENTS_PER_APPEND} go in one append`,
      );
    }
    // Serialized before any await: a caller changing its events afterwards changes nothing.
    const ids = batch.map((event) => event.eventId);
    const types = batch.map((event) => event.type);
    const payloads = batch.map(serializeEvent);
    try {
      // A batch that repeats an id is refused by the ledger's rule below, never written.
      const written =
        new Set(ids).size === ids.length
          ? await tryDirect(streamName, ids, types, payloads, options.expectedRevision ?? 'any')
          : undefined;
      if (written !== undefined) return written;
      for (let attempts = 1; ; attempts += 1) {
        const result = await attempt(streamName, ids, types, payloads, options);
        if (result !== 'lost-race') return result;
        if (attempts >= MAX_ATTEMPTS) {
          throw new PostgresStoreError('appendToStream', streamName, {
            reason: `${attempts} attempts in a row lost to concurrent appends to the same stream`,
          });
        }
      }
    } catch (error) {
      // Refusals (the ledger's) pass as they are; the rest is the database's.
      if (
        error instanceof WrongExpectedRevisionError ||
        error instanceof DuplicateEventIdError ||
        error instanceof EventIdConflictError ||
        error instanceof RangeError
      ) {
        throw error;
      }
      throw classifyFailure(error, {
        operation: 'appendToStream',
        streamName,
        target: connection.target,
        user: connection.user,
      });
    }
  };
}
