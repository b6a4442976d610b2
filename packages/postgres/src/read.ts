// Reads: one stream by revision, and every stream by global position, a page per statement. Each
// page is a keyset query (after the last revision or position seen), so a read holds no cursor
// or connection between pages and an append between two pages neither repeats nor skips.
import { Buffer } from 'node:buffer';
import { createLogDecoder, type LogDecoder } from '@tally/domain';
import {
  type GlobalRecordedEvent,
  InvalidStoredEventError,
  type ReadAllOptions,
  type ReadOptions,
  type RecordedEvent,
  StreamNotFoundError,
} from '@tally/ledger';
import { BinaryCopyFormatError, binaryCopyRows, boolOf, int4Of, int8Of } from './binary-copy.js';
import type { Row, SqlConnection } from './connection/sql.js';
import { classified, queryClassified } from './errors.js';
import { SETTLED_HORIZON_SQL } from './global-position.js';
import { lineEnds, PAGE_SEPARATOR, PAGE_SEPARATOR_SQL } from './page-text.js';
import { tableIn } from './schema.js';
import { bigintLiteral, textLiteral } from './sql-literal.js';

/** Pages of a stream read asked for before the reader needs them (see readStreamPages). */
const READ_AHEAD = 2;

function checkReadOptions(what: string, maxCount: number | undefined, from: bigint | undefined): void {
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`${what}: maxCount must be a non-negative integer, got ${maxCount}`);
  }
  if (from !== undefined && from < 0n)
    throw new RangeError(`${what}: revision or position must be >= 0n, got ${from}`);
}

type Decoded = ReturnType<LogDecoder['decodeLine']>;

/** A decoded payload as the record of its stream and revision, or the error that names them. */
function recordOf(streamName: string, revision: bigint, decoded: Decoded): RecordedEvent {
  if (decoded._tag === 'Left') throw new InvalidStoredEventError(streamName, revision, decoded.left.message);
  return { streamName, revision, event: decoded.right };
}

/** The stored text of one event to the event, or the error that names where it is stored. */
export function decodeStored(
  decoder: LogDecoder,
  streamName: string,
  revision: bigint,
  payload: unknown,
): RecordedEvent {
  if (typeof payload !== 'string')
    throw new InvalidStoredEventError(streamName, revision, 'the payload is not text');
  return recordOf(streamName, revision, decoder.decodeLine(payload, 1));
}

/** A payload of a stream read a page at a time: the same, refusing a line break of its own,
 * which no event the store writes holds (page-text.ts). */
function decodeStreamRow(decoder: LogDecoder, streamName: string, row: Row): RecordedEvent {
  const revision = BigInt(row[0] as string | number);
  if (typeof row[1] === 'string' && row[1].includes(PAGE_SEPARATOR)) {
    throw new InvalidStoredEventError(
      streamName,
      revision,
      'the payload holds a line break: the store writes each event as one line of JSON, so this row was written by other means',
    );
  }
  return decodeStored(decoder, streamName, revision, row[1]);
}

/** A stream's page as its one row says (pageSelect in createReaders): how many events, their
 * first and last revision, their payloads' text joined by line breaks, and whether the stream
 * has no rows at all. */
interface Page {
  readonly count: number;
  readonly min: bigint;
  readonly max: bigint;
  readonly text: Buffer;
  readonly missingStream: boolean;
}

/** The page a binary COPY of its one row wrote. */
function pageOf(copied: Uint8Array): Page {
  const rows = binaryCopyRows(copied);
  const [row] = rows;
  if (rows.length !== 1 || row === undefined || row.length !== 5) {
    throw new BinaryCopyFormatError(
      `a page is one row of 5 fields, got ${rows.length} rows (the first of ${row?.length ?? 0} fields)`,
    );
  }
  const count = int4Of(row[0]);
  const text = row[3];
  // An empty page has NULL bounds and text.
  if (count === 0 || text === null || text === undefined) {
    return { count: 0, min: 0n, max: -1n, text: Buffer.alloc(0), missingStream: boolOf(row[4]) };
  }
  return {
    count,
    min: int8Of(row[1]),
    max: int8Of(row[2]),
    // A view, not a copy: the events decoded from it copy what they keep.
    text: Buffer.from(text.buffer, text.byteOffset, text.byteLength),
    missingStream: boolOf(row[4]),
  };
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
  const forwardsRange = `stream_name = $1 AND revision >= $2 AND revision < $2::bigint + $3`;
  const backwardsRange = `stream_name = $1 AND revision <= $2 AND revision > $2::bigint - $3`;
  // A page is one row: its count, first and last revision, and its payloads as one text in the
  // read's order (page-text.ts), read off the index in that order (no sort). It also says, in
  // the same round trip, when the stream does not exist at all (an empty range of a stream
  // that has no rows). It comes through binary COPY, so the text arrives as its UTF-8 bytes,
  // which the line decoder reads as they are: through a query, pg would decode it to a string
  // that would have to be encoded again (docs/performance.md, PostgreSQL).
  const pageSelect = (stream: string, at: bigint, count: number, forwards: boolean) => {
    const range = forwards
      ? `revision >= ${bigintLiteral(at)} AND revision < ${bigintLiteral(at + BigInt(count))}`
      : `revision <= ${bigintLiteral(at)} AND revision > ${bigintLiteral(at - BigInt(count))}`;
    return `SELECT count(*)::int4, min(revision), max(revision),
      convert_to(string_agg(payload, ${PAGE_SEPARATOR_SQL} ORDER BY revision ${forwards ? 'ASC' : 'DESC'}), 'UTF8'),
      count(*) = 0 AND NOT EXISTS (SELECT 1 FROM ${events} WHERE stream_name = ${stream})
      FROM ${events} WHERE stream_name = ${stream} AND ${range}`;
  };
  // The same page a row an event: for a page whose text does not split into its rows.
  const forwardsRowsSql = `SELECT revision, payload FROM ${events} WHERE ${forwardsRange} ORDER BY revision`;
  const backwardsRowsSql = `SELECT revision, payload FROM ${events} WHERE ${backwardsRange} ORDER BY revision DESC`;
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
    const remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
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
    // Pages are asked for ahead of the one being used (revisions have no gaps: where each starts
    // is known), READ_AHEAD at a time on connections of their own, so the server reads them
    // while this page is decoded and folded and a slow page does not stall the reader.
    const stream = textLiteral(streamName);
    const fetchPage = (at: bigint, count: number) => {
      const select = pageSelect(stream, at, count, forwards);
      const page = classified(connection, 'readStream', streamName, () => connection.copyBinary(select)).then(
        pageOf,
      );
      page.catch(() => {}); // a read given up before it gets here leaves nothing unhandled
      return { at, count, page };
    };
    const ahead: ReturnType<typeof fetchPage>[] = [];
    let unasked = remaining; // events not yet asked for
    const askAhead = () => {
      while (next !== undefined && ahead.length < READ_AHEAD && unasked > 0 && next >= 0n) {
        const count = Math.min(pageSize, unasked);
        ahead.push(fetchPage(next, count));
        unasked -= count;
        next = forwards ? next + BigInt(count) : next - BigInt(count);
      }
    };
    askAhead();
    // The page's records from its text, line k the revision k steps from where it starts; or,
    // when the lines are not its rows one for one (a payload with a line break, revisions
    // missing in the range), from its rows read one by one.
    const decodePage = async (at: bigint, asked: number, page: Page): Promise<RecordedEvent[]> => {
      const { count, min, max, text } = page;
      const contiguous = max - min === BigInt(count - 1) && (forwards ? min : max) === at;
      const bytes = contiguous ? text : undefined;
      const ends = bytes === undefined ? undefined : lineEnds(bytes, count);
      if (bytes === undefined || ends === undefined) {
        const rows = await run('readStream', streamName, forwards ? forwardsRowsSql : backwardsRowsSql, [
          streamName,
          String(at),
          asked,
        ]);
        return rows.map((row) => decodeStreamRow(decoder, streamName, row));
      }
      const records = new Array<RecordedEvent>(count);
      const step = forwards ? 1n : -1n;
      let revision = at;
      let start = 0;
      for (let k = 0; k < count; k++) {
        const end = ends[k] as number;
        records[k] = recordOf(streamName, revision, decoder.decodeLineBytes(bytes, start, end, 1));
        start = end + 1;
        revision += step;
      }
      return records;
    };
    for (let pending = ahead.shift(); pending !== undefined; pending = ahead.shift()) {
      const { at, count } = pending;
      const page = await pending.page;
      if (page.missingStream) throw new StreamNotFoundError(streamName);
      existenceUnknown = false;
      const found = page.count;
      if (found === 0) break;
      // A short page is the stream's end: the pages asked for after it hold nothing to read.
      if (found < count) ahead.length = 0;
      else askAhead();
      yield await decodePage(at, count, page);
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
