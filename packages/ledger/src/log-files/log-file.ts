// A JSONL event log in a file (a JSONL export, a CLI input, a department's archive), read in big
// chunks and held to the rules while it streams (docs/ledger.md, "Log files"): every line is
// strict UTF-8 and decodes, event ids are unique across the file, and each organization's events
// fit the ones before them (the domain's log checker). A bad line anywhere refuses the whole file
// with a LogLineRefusedError naming the line; the events are never all held in memory.
import { statSync } from 'node:fs';
import {
  createLogChecker,
  decodeUtf8,
  EventIdTable,
  eventIdOfAcceptedLine,
  invalidUtf8Problem,
  LINE_TOO_LONG,
  type LogChecker,
  type LogRefusal,
  MAX_LINE_BYTES,
  type TallyEvent,
} from '@tally/domain';
import { type EventStore, orgStreamName, type RecordedEvent, StreamNotFoundError } from '../port.js';
import {
  forEachLineOf,
  type LineChunk,
  type LineChunkSource,
  LineSplitter,
  LineTooLongError,
  lineAtSync,
  localLineChunks,
  numbered,
  readLineChunks,
} from './byte-lines.js';
import { FileEventIds } from './file-event-ids.js';
import { readingThreadChunks, readingThreadPays } from './reading-thread.js';

/** A log file: where its bytes are, and how errors name it (default: the path). */
export interface LogFile {
  readonly path: string;
  readonly name?: string;
}

/** Told about every line read (a progress bar). */
export interface LineProgress {
  tick(): void;
}

/** The options of a query over a log file (countsAtFromLogFile, shownInvoicesFromLogFile). */
export interface LogFileReadOptions {
  readonly progress?: LineProgress;
}

const noProgress: LineProgress = { tick: () => {} };

/** The bytes of a short event line: the bench's lines are 195-230 bytes (a device's status
 * change the shortest), 210 on average. */
export const LOG_LINE_BYTES = 200;

/** A line of a log file that cannot be used; the file is refused at it. */
export class LogLineRefusedError extends Error {
  readonly code = 'LogLineRefused';
  constructor(
    /** The file's name (LogFile.name, or its path). */
    readonly source: string,
    /** 1-based, as editors count. */
    readonly line: number,
    /** The event's id, when it could be read. */
    readonly eventId: string | undefined,
    /** `field: problem`, or `line: problem` when no field is to blame. */
    readonly problem: string,
  ) {
    super(`${source}:${line}: ${eventId ?? '-'}: ${problem}`);
    this.name = 'LogLineRefusedError';
  }
}

const nameOf = (file: LogFile): string => file.name ?? file.path;

const refused = (file: LogFile, refusal: LogRefusal): LogLineRefusedError =>
  new LogLineRefusedError(nameOf(file), refusal.line, refusal.eventId, refusal.message);

const tooLong = (file: LogFile, line: number): LogLineRefusedError =>
  new LogLineRefusedError(nameOf(file), line, undefined, LINE_TOO_LONG);

/** Each line of a file as text, without its line ending; `number` is 1-based. */
export interface NumberedLine {
  readonly text: string;
  readonly number: number;
}

/** The lines of a file, one at a time, each decoded strictly: a line that is not UTF-8 (or
 * longer than a log's line may be) is refused naming its line and the offset of its first bad
 * byte, never read with U+FFFD (which would make `d-\xfe` and `d-\xff` one id). The lines
 * before a bad one are handed over first. Nothing else is checked. */
export async function* readLogLines(file: LogFile): AsyncGenerator<NumberedLine> {
  const splitter = new LineSplitter();
  try {
    for await (const { bytes, atEnd } of readLineChunks(file.path)) {
      const lines: NumberedLine[] = [];
      let bad: LogLineRefusedError | undefined;
      splitter.split(bytes, atEnd, (chunk, start, end, number) => {
        const text = decodeUtf8(chunk, start, end);
        if (text === undefined) {
          const problem = `line: ${invalidUtf8Problem(chunk, start, end, ' of the line')}`;
          bad = new LogLineRefusedError(nameOf(file), number, undefined, problem);
          return false;
        }
        lines.push({ text, number });
        return true;
      });
      yield* lines;
      if (bad !== undefined) throw bad;
    }
  } catch (error) {
    const located = numbered(error, splitter);
    throw located instanceof LineTooLongError ? tooLong(file, located.line) : located;
  }
}

/** The ids of a file's events as hashes, 12 bytes an event: two ids that share a hash are told
 * apart by reading the earlier line back from the file. Sized by default for lines of
 * LOG_LINE_BYTES, so that it does not grow (a growth holds the old table and the new one):
 * longer lines leave it emptier; a log of much shorter ones (150 bytes) grows it once. */
export function logFileEventIds(
  file: LogFile,
  expectedIds = statSync(file.path).size / LOG_LINE_BYTES,
): EventIdTable {
  const recall = (line: number) => {
    const text = lineAtSync(file.path, line);
    return text === undefined ? undefined : eventIdOfAcceptedLine(text);
  };
  return new EventIdTable(recall, expectedIds);
}

/** The domain's log checker for the lines of `file`, keeping event ids as hashes: in a table
 * of this thread (logFileEventIds), or on the reading thread when checkLogFile starts one. */
export interface LogFileChecker extends LogChecker {
  readonly eventIds: FileEventIds;
}

export function logFileChecker(file: LogFile): LogFileChecker {
  const eventIds = new FileEventIds(() => logFileEventIds(file));
  return { ...createLogChecker({ eventIds, source: nameOf(file) }), eventIds };
}

export interface CheckLogFileOptions {
  /** Given each accepted event in file order, with its line as `bytes[start, end)` (without
   * the line end; the bytes are read over after the chunk, so copy what you keep); return false
   * to stop reading there. */
  readonly onEvent?: (event: TallyEvent, bytes: Uint8Array, start: number, end: number) => boolean;
  /** The checker to use (to read an org's state from it afterwards). */
  readonly checker?: LogChecker;
  readonly progress?: LineProgress;
  /** Awaited after each chunk of about 1 MB (a writer waits there for its output to drain). */
  readonly afterChunk?: () => Promise<void>;
  /** Whether the file is read, and its event ids checked, on a thread of its own while this one
   * decodes (see reading-thread.ts). Default: for a file of 8 MB or more on a machine with a
   * second core, when the checker is a fresh logFileChecker (or none is given). */
  readonly readingThread?: boolean;
}

/** A thread's chunks when the checker's ids can be left to it and it pays, else this thread's. */
function chunkSource(file: LogFile, checker: LogChecker, wanted: boolean | undefined): LineChunkSource {
  const ids =
    'eventIds' in checker && checker.eventIds instanceof FileEventIds ? checker.eventIds : undefined;
  if (ids === undefined || !ids.unused || wanted === false) return localLineChunks(file.path, MAX_LINE_BYTES);
  // A file that cannot be stat'ed is read here, which refuses it as any read does.
  const bytes = sizeOf(file.path);
  if (bytes === undefined || (wanted !== true && !readingThreadPays(bytes))) {
    return localLineChunks(file.path, MAX_LINE_BYTES);
  }
  const data = {
    path: file.path,
    maxLineBytes: MAX_LINE_BYTES,
    expectedIds: bytes / LOG_LINE_BYTES,
    chunksInFlight: CHUNKS_IN_FLIGHT,
  };
  return readingThreadChunks(data, ids, () => localLineChunks(file.path, MAX_LINE_BYTES));
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

/** Chunks (of about 1 MB) a reading thread reads ahead at most. */
const CHUNKS_IN_FLIGHT = 4;

/** Reads the whole file once, checking every line and handing each event to `onEvent`, until
 * it returns false (the lines after are then neither read nor checked). Throws
 * LogLineRefusedError at the first bad line. Returns the number of the last line handed over. */
export async function checkLogFile(file: LogFile, options: CheckLogFileOptions = {}): Promise<number> {
  const checker = options.checker ?? logFileChecker(file);
  const progress = options.progress ?? noProgress;
  const onEvent = options.onEvent ?? (() => true);
  let lines = 0;
  let refusal: LogRefusal | undefined;
  try {
    await forEachLineOf(
      chunkSource(file, checker, options.readingThread),
      (bytes, start, end, number) => {
        progress.tick();
        const accepted = checker.acceptLineBytes(bytes, start, end, number);
        if (accepted._tag === 'Left') {
          refusal = accepted.left;
          return false;
        }
        lines = number;
        return onEvent(accepted.right, bytes, start, end);
      },
      options.afterChunk,
    );
  } catch (error) {
    throw error instanceof LineTooLongError ? tooLong(file, error.line) : error;
  }
  if (refusal !== undefined) throw refused(file, refusal);
  return lines;
}

export interface LogFileEventStoreOptions {
  readonly progress?: LineProgress;
  /** Called by the store's close (a spooled copy of stdin removes itself there). */
  readonly onClose?: () => Promise<void>;
}

/** A log file seen through the EventStore port, read-only: `readStream('tally-org-X')` reads
 * the whole file, checks EVERY line (all organizations: a bad line anywhere refuses the file)
 * and yields org X's events in file order with revisions counted from 0. The ledger's queries
 * then work on a file exactly as on a store; reading the stream twice reads the file twice. */
export function logFileEventStore(file: LogFile, options: LogFileEventStoreOptions = {}): EventStore {
  const progress = options.progress ?? noProgress;
  async function* readStream(streamName: string, readOptions = {}): AsyncGenerator<RecordedEvent> {
    if (Object.keys(readOptions).length > 0) {
      throw new Error(
        `a log file's store reads whole streams forwards only; got ${JSON.stringify(readOptions)}`,
      );
    }
    const checker = logFileChecker(file);
    // Read on this thread: a store's reader takes its events one promise at a time, so a
    // reading thread gained nothing and held more garbage
    // (docs/performance.md, "A reading thread for log files").
    const source = localLineChunks(file.path, MAX_LINE_BYTES);
    const splitter = new LineSplitter();
    let revision = 0n;
    // A chunk's lines are checked in one go, then its events of the stream are handed over, then
    // the bad line if there was one: in the order a line-by-line read gives them.
    for await (const lineChunk of tooLongRefused(file, splitter, source.chunks)) {
      const events: RecordedEvent[] = [];
      let refusal: LogRefusal | undefined;
      splitter.split(lineChunk.bytes, lineChunk.atEnd, (chunk, start, end, number) => {
        progress.tick();
        const accepted = checker.acceptLineBytes(chunk, start, end, number);
        if (accepted._tag === 'Left') {
          refusal = accepted.left;
          return false;
        }
        const event = accepted.right;
        if (orgStreamName(event.orgId) !== streamName) return true;
        events.push({ streamName, revision, event });
        revision += 1n;
        return true;
      });
      // The events are decoded: the chunk's bytes can be read into again.
      source.done(lineChunk);
      yield* events;
      if (refusal !== undefined) throw refused(file, refusal);
    }
    if (revision === 0n) throw new StreamNotFoundError(streamName);
  }
  return {
    readStream,
    appendToStream: () => Promise.reject(new Error(`${nameOf(file)} is read-only: import it into a store`)),
    close: async () => {
      await options.onClose?.();
    },
  };
}

/** The chunks, with a line that is too long refused at its number. */
async function* tooLongRefused(
  file: LogFile,
  splitter: LineSplitter,
  chunks: AsyncIterable<LineChunk>,
): AsyncGenerator<LineChunk> {
  try {
    yield* chunks;
  } catch (error) {
    const located = numbered(error, splitter);
    throw located instanceof LineTooLongError ? tooLong(file, located.line) : error;
  }
}
