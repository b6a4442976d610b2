// Reads: one stream by revision, and every stream by global position, a page per statement. Each
// page is a keyset query (after the last revision or position seen), so a read holds no cursor
// or connection between pages and an append between two pages neither repeats nor skips.
import { createLogDecoder, type LogDecoder } from '@tally/domain';
import {
  type GlobalRecordedEvent,
  InvalidStoredEventError,
  type ReadAllOptions,
  type ReadOptions,
  type RecordedEvent,
  StreamNotFoundError,
} from '@tally/ledger';
import type { Row, SqlConnection } from './connection/sql.js';
import { queryClassified } from './errors.js';
import { SETTLED_HORIZON_SQL } from './global-position.js';
import { tableIn } from './schema.js';

function checkReadOptions(what: string, maxCount: number | undefined, from: bigint | undefined): void {
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`${what}: maxCount must be a non-negative integer, got ${maxCount}`);
  }
  if (from !== undefined && from < 0n)
    throw new RangeError(`${what}: revision or position must be >= 0n, got ${from}`);
}

/** The stored text of one event to the event, or the error that names where it is stored. */
export function decodeStored(
  decoder: LogDecoder,
  streamName: string,
  revision: bigint,
  payload: unknown,
): RecordedEvent {
  const decoded = typeof payload === 'string' ? decoder.decodeLine(payload, 1) : undefined;
  if (decoded === undefined)
    throw new InvalidStoredEventError(streamName, revision, 'the payload is not text');
  if (decoded._tag === 'Left') throw new InvalidStoredEventError(streamName, revision, decoded.left.message);
  return { streamName, revision, event: decoded.right };
}

/** Where a read starts: a revision, `-1n` for the stream's end (backwards), or `undefined` for
 * nothing to read ('end' forwards). */
function firstRevision(forwards: boolean, from: ReadOptions['fromRevision']): bigint | undefined {
  if (typeof from === 'bigint') return from;
  if (from === 'start') return 0n;
  if (from === 'end') return forwards ? undefined : -1n;
  return forwards ? 0n : -1n;
}

export interface Readers {
  readStreamPages(streamName: string, options?: ReadOptions): AsyncGenerator<readonly RecordedEvent[]>;
  readAllPages(options?: ReadAllOptions): AsyncGenerator<readonly GlobalRecordedEvent[]>;
}

export function createReaders(connection: SqlConnection, schema: string, pageSize: number): Readers {
  const events = tableIn(schema, 'tally_events');
  // A stream's revisions have no gaps (each append writes the ones after the last), so a page is
  // a range of revisions: the planner reads it off the (stream, revision) index whatever its
  // statistics say (with stale ones, an open-ended `revision >= $2 ... LIMIT` was sorted whole).
  // A page also says, in the same round trip, when the stream does not exist at all: one row
  // with a null revision (the range is empty then, so it comes alone).
  const missingSql = `UNION ALL SELECT NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM ${events} WHERE stream_name = $1)`;
  const forwardsSql = `(SELECT revision, payload FROM ${events}
    WHERE stream_name = $1 AND revision >= $2 AND revision < $2::bigint + $3 ORDER BY revision) ${missingSql}`;
  const backwardsSql = `(SELECT revision, payload FROM ${events}
    WHERE stream_name = $1 AND revision <= $2 AND revision > $2::bigint - $3 ORDER BY revision DESC) ${missingSql}`;
  const lastSql = `SELECT max(revision) FROM ${events} WHERE stream_name = $1`;
  const existsSql = `SELECT 1 FROM ${events} WHERE stream_name = $1 LIMIT 1`;
  // The position as text (PGlite reads bigint as a JavaScript number), under another name: an
  // output column named global_position would be what ORDER BY sorts, as text.
  const allSql = `SELECT e.global_position::text AS position_text, e.stream_name, e.revision, e.payload
    FROM ${events} AS e
    WHERE e.global_position > $1 AND e.global_position < ${SETTLED_HORIZON_SQL}
    ORDER BY e.global_position LIMIT $2`;

  const run = (operation: string, streamName: string | undefined, text: string, params: unknown[]) =>
    queryClassified(connection, operation, streamName, text, params);

  async function* readStreamPages(
    streamName: string,
    options: ReadOptions = {},
  ): AsyncGenerator<readonly RecordedEvent[]> {
    const from = options.fromRevision;
    checkReadOptions(`read of ${streamName}`, options.maxCount, typeof from === 'bigint' ? from : undefined);
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    let next = firstRevision(forwards, from);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    const decoder = createLogDecoder();
    // Whether the stream exists is unknown until a page has been read (each page says so).
    let existenceUnknown = true;
    if (!forwards && next !== undefined && remaining > 0) {
      // Backwards from the end, or from past it: from the last revision (none: a missing stream).
      const [row] = await run('readStream', streamName, lastSql, [streamName]);
      const last =
        row?.[0] === null || row?.[0] === undefined ? undefined : BigInt(row[0] as string | number);
      next = last === undefined ? undefined : next === -1n || next > last ? last : next;
    }
    // A page is asked for as soon as the one before it has arrived, so the server reads it while
    // this page is decoded and used (revisions have no gaps: where it starts is known).
    const fetchPage = (at: bigint, count: number) => {
      const rows = run('readStream', streamName, forwards ? forwardsSql : backwardsSql, [
        streamName,
        String(at),
        count,
      ]);
      rows.catch(() => {}); // a read given up before it gets here leaves nothing unhandled
      return { at, count, rows };
    };
    let pending =
      next !== undefined && remaining > 0 ? fetchPage(next, Math.min(pageSize, remaining)) : undefined;
    while (pending !== undefined) {
      const { at, count } = pending;
      const rows = await pending.rows;
      pending = undefined;
      if (rows[0]?.[0] === null) throw new StreamNotFoundError(streamName);
      existenceUnknown = false;
      if (rows.length === 0) break;
      remaining -= rows.length;
      const after = forwards ? at + BigInt(count) : at - BigInt(count);
      if (rows.length === count && remaining > 0 && after >= 0n) {
        pending = fetchPage(after, Math.min(pageSize, remaining));
      }
      yield rows.map((row: Row) =>
        decodeStored(decoder, streamName, BigInt(row[0] as string | number), row[1]),
      );
    }
    // No page was read (maxCount 0, forwards from 'end', backwards on no last revision): a missing
    // stream is still an error.
    if (existenceUnknown && (await run('readStream', streamName, existsSql, [streamName])).length === 0) {
      throw new StreamNotFoundError(streamName);
    }
  }

  async function* readAllPages(options: ReadAllOptions = {}): AsyncGenerator<readonly GlobalRecordedEvent[]> {
    checkReadOptions('readAll', options.maxCount, options.after);
    let after = options.after ?? -1n;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    // One decoder across streams: each org's currency is learned from its registration, which
    // comes before the org's other events in global order.
    const decoder = createLogDecoder();
    while (remaining > 0) {
      const count = Math.min(pageSize, remaining);
      const rows = await run('readAll', undefined, allSql, [String(after), count]);
      const page = rows.map((row: Row): GlobalRecordedEvent => {
        const streamName = row[1] as string;
        const record = decodeStored(decoder, streamName, BigInt(row[2] as string | number), row[3]);
        return { ...record, position: BigInt(row[0] as string) };
      });
      if (page.length > 0) yield page;
      if (page.length < count) return;
      remaining -= page.length;
      after = (page.at(-1) as GlobalRecordedEvent).position;
    }
  }

  return { readStreamPages, readAllPages };
}
