// A JSONL file seen through the ledger's EventStore port, read-only: `readStream('tally-org-X')`
// streams the file line by line, decodes and checks EVERY line (all organizations: a bad line
// anywhere refuses the file), and yields org X's events in file order with revisions counted
// from 0. The ledger's streaming queries then work on a file exactly as on EventStoreDB, and
// reading the stream twice reads the file twice.

import { statSync } from 'node:fs';
import {
  EventIdTable,
  eventIdOfAcceptedLine,
  LINE_TOO_LONG,
  MAX_LINE_BYTES,
  type TallyEvent,
} from '@tally/domain';
import type { EventStore, RecordedEvent } from '@tally/ledger';
import { orgStreamName, StreamNotFoundError } from '@tally/ledger';
import { badInput, inputLine } from '../errors.js';
import {
  forEachByteLine,
  type LineChunk,
  LineSplitter,
  LineTooLongError,
  lineAtSync,
  numbered,
  readLineChunks,
} from './chunked-lines.js';
import type { EventFile } from './event-file.js';
import { createLogChecker, type LogChecker } from './log-checker.js';
import { type Progress, silentProgress } from './progress.js';

export interface FileEventStoreOptions {
  /** Told about every line read. */
  readonly progress?: Progress;
}

export function fileEventStore(file: EventFile, options: FileEventStoreOptions = {}): EventStore {
  const progress = options.progress ?? silentProgress;
  async function* readStream(streamName: string, readOptions = {}): AsyncGenerator<RecordedEvent> {
    if (Object.keys(readOptions).length > 0) {
      throw new Error(`fileEventStore reads whole streams forwards only; got ${JSON.stringify(readOptions)}`);
    }
    const checker = fileChecker(file);
    const splitter = new LineSplitter();
    let revision = 0n;
    // A chunk's lines are checked in one go (from their bytes: strict UTF-8, as every other
    // reading of a file), then its events of the stream are handed over, then the bad line if
    // there was one: in the order a line-by-line read gives them.
    for await (const { bytes, atEnd } of tooLongAsBadInput(file, splitter, readLineChunks(file.path))) {
      const events: RecordedEvent[] = [];
      let refused: string | undefined;
      splitter.split(bytes, atEnd, (chunk, start, end, number) => {
        progress.tick();
        const accepted = checker.acceptAt(chunk, start, end, number);
        if (accepted._tag === 'Left') {
          refused = accepted.left;
          return false;
        }
        const event = accepted.right;
        if (orgStreamName(event.orgId) !== streamName) return true;
        events.push({ streamName, revision, event });
        revision += 1n;
        return true;
      });
      yield* events;
      if (refused !== undefined) throw badInput(refused);
    }
    if (revision === 0n) throw new StreamNotFoundError(streamName);
  }
  return {
    readStream,
    appendToStream: () => Promise.reject(new Error(`${file.name} is read-only: import it into a store`)),
    close: () => file.dispose(),
  };
}

/** The ids of a file's events as hashes: the file can be read back to compare two ids exactly. */
export function fileEventIds(file: EventFile, expectedIds = statSync(file.path).size / 256): EventIdTable {
  const recall = (line: number) => {
    const text = lineAtSync(file.path, line);
    return text === undefined ? undefined : eventIdOfAcceptedLine(text);
  };
  // By default sized for lines of 256 bytes (events are 150-250): one growth at most.
  return new EventIdTable(recall, expectedIds);
}

/** A checker for the lines of `file`, keeping event ids as hashes. */
export function fileChecker(file: EventFile, eventIds: EventIdTable = fileEventIds(file)): LogChecker {
  return createLogChecker(file.name, { eventIds });
}

/** Reads the whole file once in big chunks, checking every line and handing each event to
 * `onEvent`, until `onEvent` returns false (the lines after it are then neither read nor
 * checked); `afterChunk` is awaited after each chunk of about 1 MB. Throws the first bad line.
 * Returns the number of the last line handed over. */
export async function checkFileLines(
  file: EventFile,
  progress: Progress,
  onEvent: (event: TallyEvent) => boolean,
  checker: LogChecker = fileChecker(file),
  afterChunk?: () => Promise<void>,
): Promise<number> {
  let lines = 0;
  let refused: string | undefined;
  try {
    await forEachByteLine(
      file.path,
      (bytes, start, end, number) => {
        progress.tick();
        const accepted = checker.acceptAt(bytes, start, end, number);
        if (accepted._tag === 'Left') {
          refused = accepted.left;
          return false;
        }
        lines = number;
        return onEvent(accepted.right);
      },
      MAX_LINE_BYTES,
      afterChunk,
    );
  } catch (error) {
    throw error instanceof LineTooLongError ? lineTooLong(file, error.line) : error;
  }
  if (refused !== undefined) throw badInput(refused);
  return lines;
}

/** The refusal of a line longer than a log may have: `NAME:LINE: -: line: longer than ...`. */
const lineTooLong = (file: EventFile, line: number) =>
  badInput(inputLine(file.name, line, undefined, LINE_TOO_LONG));

/** The chunks, with a line that is too long refused at its number. */
async function* tooLongAsBadInput(
  file: EventFile,
  splitter: LineSplitter,
  chunks: AsyncGenerator<LineChunk>,
): AsyncGenerator<LineChunk> {
  try {
    yield* chunks;
  } catch (error) {
    const numberedError = numbered(error, splitter);
    throw numberedError instanceof LineTooLongError ? lineTooLong(file, numberedError.line) : error;
  }
}

/** Reads the whole file once, checking every line; throws the first bad line. */
export function checkWholeFile(file: EventFile, progress: Progress = silentProgress): Promise<number> {
  return checkFileLines(file, progress, () => true);
}
