// The reading half of the fast scan (file-scan.ts): each chunk of a file cut into lines, and
// every line spelled as serializeEvent spells an entity event of the organization read into a
// row of numbers (where its ids are, their hashes, its two instants in epoch ms). This is the
// part of the scan that touches every byte, so on a large file it runs in a worker thread
// (scan-worker.ts) while the main thread checks and applies the rows of the chunk before; it
// needs nothing from @tally/domain at run time, so the worker starts quickly.
import { type LineChunk, LineSplitter } from './chunked-lines.js';
import { EntityLineReader, sameBytes } from './entity-line.js';
import { grownTo } from './id-interner.js';

/** The columns of a row, `ints[row * ROW_INTS + column]`. */
export const LINE_NUMBER = 0;
/** 0 for a line the log checker must decode; else the entity type (entity-line.ts). */
export const KIND = 1;
export const LINE_START = 2;
export const LINE_END = 3;
/** The two hashes of the eventId (EventIdTable's). */
export const EVENT_ID_HASH = 4;
export const EVENT_ID_SECOND_HASH = 5;
/** The data's first id (deviceId of a device event, archiveId of an archive event): where it
 * is, its hash and its first 8 bytes (IdAt). */
export const FIRST_START = 6;
export const FIRST_END = 7;
export const FIRST_HASH = 8;
export const FIRST_LOW = 9;
export const FIRST_HIGH = 10;
/** The second value (userId, the archive's deviceId, the purge reason), likewise. */
export const SECOND_START = 11;
export const SECOND_END = 12;
export const SECOND_HASH = 13;
export const SECOND_LOW = 14;
export const SECOND_HIGH = 15;
export const ROW_INTS = 16;
/** `times[row * 2]` is occurredAt and `times[row * 2 + 1]` recordedAt, in epoch ms. */
export const ROW_TIMES = 2;

/** A chunk and its rows, one per line. */
export interface RecordedChunk {
  readonly bytes: Uint8Array;
  readonly rows: number;
  readonly ints: Int32Array;
  readonly times: Float64Array;
}

/** Lines keep their numbers from chunk to chunk; `orgId` is the organization's, as UTF-8. */
export class LineRecorder {
  private readonly splitter = new LineSplitter();
  private readonly reader = new EntityLineReader();

  /** Row arrays of chunks the caller is done with, to be filled again. */
  private readonly spareInts: Int32Array[] = [];
  private readonly spareTimes: Float64Array[] = [];

  constructor(private readonly orgId: Uint8Array) {}

  /** Takes back the row arrays of a chunk that was applied. */
  recycle(ints: Int32Array, times: Float64Array): void {
    this.spareInts.push(ints);
    this.spareTimes.push(times);
  }

  record(chunk: LineChunk): RecordedChunk {
    const reader = this.reader;
    const orgId = this.orgId;
    // Room for the usual lines (over a hundred bytes); a chunk of short lines grows it.
    let capacity = Math.max(16, Math.ceil(chunk.bytes.length / 96));
    let ints = this.spareInts.pop() ?? new Int32Array(capacity * ROW_INTS);
    let times = this.spareTimes.pop() ?? new Float64Array(capacity * ROW_TIMES);
    capacity = Math.min(ints.length / ROW_INTS, times.length / ROW_TIMES);
    let rows = 0;
    this.splitter.split(chunk.bytes, chunk.atEnd, (bytes, start, end, number) => {
      if (rows === capacity) {
        capacity *= 2;
        ints = grownTo(ints, capacity * ROW_INTS);
        times = grownTo(times, capacity * ROW_TIMES);
      }
      const at = rows * ROW_INTS;
      ints[at + LINE_NUMBER] = number;
      ints[at + LINE_START] = start;
      ints[at + LINE_END] = end;
      const entity =
        reader.read(bytes, start, end) && sameBytes(bytes, reader.orgIdStart, reader.orgIdEnd, orgId);
      ints[at + KIND] = entity ? reader.type : 0;
      if (entity) {
        ints[at + EVENT_ID_HASH] = reader.eventIdHash;
        ints[at + EVENT_ID_SECOND_HASH] = reader.eventIdSecondHash;
        ints[at + FIRST_START] = reader.firstStart;
        ints[at + FIRST_END] = reader.firstEnd;
        ints[at + FIRST_HASH] = reader.firstHash;
        ints[at + SECOND_START] = reader.secondStart;
        ints[at + SECOND_END] = reader.secondEnd;
        ints[at + SECOND_HASH] = reader.secondHash;
        ints[at + FIRST_LOW] = reader.firstLow;
        ints[at + FIRST_HIGH] = reader.firstHigh;
        ints[at + SECOND_LOW] = reader.secondLow;
        ints[at + SECOND_HIGH] = reader.secondHigh;
        times[rows * ROW_TIMES] = reader.occurredMs;
        times[rows * ROW_TIMES + 1] = reader.recordedMs;
      }
      rows += 1;
      return true;
    });
    return { bytes: chunk.bytes, rows, ints, times };
  }
}
