// A file's lines read in big chunks of bytes and split by hand: readline costs a string, an event
// and a promise step per line, which was a third of `tally invoices` on a million lines, and the
// domain's decoder reads a line from its bytes (decodeLineBytes). Lines end
// where readline (crlfDelay: Infinity) ends them: at "\n", "\r\n" or a lone "\r"; a last line
// without a line ending still counts, and the file's end adds no empty line.
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { MAX_LINE_BYTES } from '@tally/domain/wire-text';

/** Called with each line, `bytes[start, end)` without its line ending, and its 1-based number;
 * return false to stop. The bytes are only valid during the call (the buffer is reused). */
export type ByteLineVisitor = (
  bytes: Buffer,
  start: number,
  end: number,
  number: number,
) => boolean | undefined;

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;
const RETURN = 13;

/** Splits the complete lines of `bytes` (which end at a line end, or at the end of the file). */
export class LineSplitter {
  number = 0;
  /** A "\r" ended the previous piece: a "\n" starting the next one belongs to it. */
  private pendingReturn = false;

  /** Visits the lines of `bytes`; false when the visitor stopped. */
  split(bytes: Buffer, atEnd: boolean, visit: ByteLineVisitor): boolean {
    let start = 0;
    if (this.pendingReturn && bytes[0] === NEWLINE) start = 1;
    this.pendingReturn = false;
    if (bytes.indexOf(RETURN, start) === -1) {
      // The usual case: "\n" only, one indexOf per line.
      let end = bytes.indexOf(NEWLINE, start);
      while (end !== -1) {
        this.number += 1;
        if (visit(bytes, start, end, this.number) === false) return false;
        start = end + 1;
        end = bytes.indexOf(NEWLINE, start);
      }
    } else {
      for (let i = start; i < bytes.length; i++) {
        const code = bytes[i];
        if (code !== NEWLINE && code !== RETURN) continue;
        this.number += 1;
        if (visit(bytes, start, i, this.number) === false) return false;
        if (code === RETURN) {
          if (i + 1 === bytes.length) this.pendingReturn = true;
          else if (bytes[i + 1] === NEWLINE) i += 1;
        }
        start = i + 1;
      }
    }
    if (atEnd && start < bytes.length) {
      this.number += 1;
      if (visit(bytes, start, bytes.length, this.number) === false) return false;
    }
    return true;
  }
}

/** A piece of a file that ends at a line end (or at the file's end: `atEnd`). Each piece is a
 * buffer of its own, which the reader never touches again (it can be handed to a worker). */
export interface LineChunk {
  readonly bytes: Buffer;
  readonly atEnd: boolean;
}

/** A line longer than the longest a log may have (MAX_LINE_BYTES): thrown as soon as that much
 * of it was read, so that a hostile line of gigabytes is never held whole. The line is the one
 * after the last line handed over. */
export class LineTooLongError extends Error {
  /** Its 1-based number, once known (see numbered). */
  line = 0;
  constructor(readonly maxLineBytes: number) {
    super(`a line is longer than ${maxLineBytes} bytes`);
    this.name = 'LineTooLongError';
  }
}

/** Reads `path` in pieces of about 1 MB, each cut after its last "\n"; a line longer than that
 * makes its piece as long as the line, up to `maxLineBytes` (then LineTooLongError). `recycled`
 * holds buffers of pieces the caller is done with, to be read into again (a fresh 1 MB buffer
 * costs page faults and garbage collection). */
export async function* readLineChunks(
  path: string,
  recycled: Buffer[] = [],
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<LineChunk> {
  const handle = await open(path, 'r');
  try {
    let buffer: Buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    let kept = 0;
    for (;;) {
      if (kept > maxLineBytes) throw new LineTooLongError(maxLineBytes);
      if (kept === buffer.length) buffer = grow(buffer, kept);
      const { bytesRead } = await handle.read(buffer, kept, buffer.length - kept, null);
      const filled = kept + bytesRead;
      const atEnd = bytesRead === 0;
      const cut = atEnd ? filled : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (cut === 0 && !atEnd) {
        kept = filled;
        continue;
      }
      const next = recycledOrNew(recycled, Math.max(CHUNK_BYTES, filled - cut));
      buffer.copy(next, 0, cut, filled);
      kept = filled - cut;
      yield { bytes: buffer.subarray(0, cut), atEnd };
      if (atEnd) return;
      buffer = next;
    }
  } finally {
    await handle.close();
  }
}

/** Where a file's chunks come from (readLineChunks here, or a reading thread), and where a
 * chunk goes once its lines are visited: back to the reader, to be read into again. */
export interface LineChunkSource {
  readonly chunks: AsyncIterable<LineChunk>;
  done(chunk: LineChunk): void;
}

/** The chunks of `path` read on this thread, each buffer read into again once done. */
export function localLineChunks(path: string, maxLineBytes = MAX_LINE_BYTES): LineChunkSource {
  // Visitors copy what they keep of a line, so a chunk's buffer is read into again once its
  // lines are visited: a new 1 MB buffer a chunk was garbage outside the heap, ~40 MB more of a
  // 2M-line export's peak and its memory left fragmented (docs/performance.md, "Columns in blocks").
  const recycled: Buffer[] = [];
  return {
    chunks: readLineChunks(path, recycled, maxLineBytes),
    done: ({ bytes }) => {
      recycled.push(Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength));
    },
  };
}

/** Visits every line of `path`, chunk after chunk (see readLineChunks), awaiting `afterChunk`
 * (if any) after each chunk's lines (a writer waits there for its output to drain); a line that
 * is too long is thrown as LineTooLongError with its number. The bytes a visitor is given are
 * read over once `afterChunk` is done: copy what must outlive that. */
export function forEachByteLine(
  path: string,
  visit: ByteLineVisitor,
  maxLineBytes = MAX_LINE_BYTES,
  afterChunk?: () => Promise<void>,
): Promise<void> {
  return forEachLineOf(localLineChunks(path, maxLineBytes), visit, afterChunk);
}

/** forEachByteLine over the chunks of `source` (this thread's reads, or a reading thread's). */
export async function forEachLineOf(
  source: LineChunkSource,
  visit: ByteLineVisitor,
  afterChunk?: () => Promise<void>,
): Promise<void> {
  const splitter = new LineSplitter();
  try {
    for await (const chunk of source.chunks) {
      if (!splitter.split(chunk.bytes, chunk.atEnd, visit)) return;
      await afterChunk?.();
      source.done(chunk);
    }
  } catch (error) {
    throw numbered(error, splitter);
  }
}

/** A LineTooLongError given the number of its line: the one after the splitter's last. */
export function numbered(error: unknown, splitter: LineSplitter): unknown {
  if (error instanceof LineTooLongError) error.line = splitter.number + 1;
  return error;
}

/** The text of line `wanted`, read synchronously: for the rare look back at an earlier line. */
export function lineAtSync(path: string, wanted: number): string | undefined {
  const fd = openSync(path, 'r');
  try {
    let found: string | undefined;
    const splitter = new LineSplitter();
    const visit: ByteLineVisitor = (bytes, start, end, number) => {
      if (number !== wanted) return true;
      found = bytes.toString('utf8', start, end);
      return false;
    };
    let buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let kept = 0;
    for (;;) {
      if (kept === buffer.length) buffer = grow(buffer, kept);
      const read = readSync(fd, buffer, kept, buffer.length - kept, null);
      const filled = kept + read;
      const atEnd = read === 0;
      const cut = atEnd ? filled : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (cut > 0 || atEnd) {
        if (!splitter.split(buffer.subarray(0, cut), atEnd, visit) || atEnd) return found;
        buffer.copy(buffer, 0, cut, filled);
      }
      kept = filled - cut;
    }
  } finally {
    closeSync(fd);
  }
}

/** A recycled buffer of at least `length` bytes, or a new one. */
function recycledOrNew(recycled: Buffer[], length: number): Buffer {
  const at = recycled.findIndex((buffer) => buffer.length >= length);
  return at < 0 ? Buffer.allocUnsafeSlow(length) : (recycled.splice(at, 1)[0] as Buffer);
}

function grow(buffer: Buffer, kept: number): Buffer {
  const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);
  buffer.copy(bigger, 0, 0, kept);
  return bigger;
}
