// A file's lines read in big chunks and split by hand: readline costs a string, an event and a
// promise step per line, which was a third of `tally invoices` on a million lines. Lines end
// where readline (crlfDelay: Infinity) ends them: at "\n", "\r\n" or a lone "\r"; a last line
// without a line ending still counts, and the file's end adds no empty line.
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Called with each line, `chunk.slice(start, end)` (without its line ending: taking the range
 * saves a string per line for readers that need none), and its 1-based number; return false to
 * stop. */
export type LineVisitor = (chunk: string, start: number, end: number, number: number) => boolean | undefined;

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;

/** Splits the complete lines of `text` (which ends at a line end, or at the end of the file). */
class LineSplitter {
  number = 0;
  /** A "\r" ended the previous piece: a "\n" starting the next one belongs to it. */
  private pendingCr = false;

  /** Visits the lines of `text`; false when the visitor stopped. */
  split(text: string, atEnd: boolean, visit: LineVisitor): boolean {
    let start = 0;
    if (this.pendingCr && text.charCodeAt(0) === NEWLINE) start = 1;
    this.pendingCr = false;
    if (text.indexOf('\r', start) === -1) {
      // The usual case: "\n" only, one indexOf per line.
      let end = text.indexOf('\n', start);
      while (end !== -1) {
        this.number += 1;
        if (visit(text, start, end, this.number) === false) return false;
        start = end + 1;
        end = text.indexOf('\n', start);
      }
    } else {
      for (let i = start; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code !== NEWLINE && code !== 13) continue;
        this.number += 1;
        if (visit(text, start, i, this.number) === false) return false;
        if (code === 13) {
          if (i + 1 === text.length) this.pendingCr = true;
          else if (text.charCodeAt(i + 1) === NEWLINE) i += 1;
        }
        start = i + 1;
      }
    }
    if (atEnd && start < text.length) {
      this.number += 1;
      if (visit(text, start, text.length, this.number) === false) return false;
    }
    return true;
  }
}

/** Reads `path` in 1 MB chunks; each chunk is cut after its last "\n" (never inside a UTF-8
 * sequence), decoded once and split, the rest carried into the next read. */
export async function forEachLine(path: string, visit: LineVisitor): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const reader = chunkReader((buffer, offset, length) =>
      handle.read(buffer, offset, length, null).then((read) => read.bytesRead),
    );
    await reader(visit);
  } finally {
    await handle.close();
  }
}

/** The same, synchronously: for the rare look back at an earlier line. */
export function lineAtSync(path: string, wanted: number): string | undefined {
  const fd = openSync(path, 'r');
  try {
    let found: string | undefined;
    const splitter = new LineSplitter();
    let buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let kept = 0;
    for (;;) {
      if (kept === buffer.length) buffer = grow(buffer, kept);
      const read = readSync(fd, buffer, kept, buffer.length - kept, null);
      const filled = kept + read;
      const cut = read === 0 ? filled : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (cut > 0 || read === 0) {
        const going = splitter.split(
          buffer.toString('utf8', 0, cut),
          read === 0,
          (chunk, start, end, number) => {
            if (number !== wanted) return true;
            found = chunk.slice(start, end);
            return false;
          },
        );
        if (!going || read === 0) return found;
        buffer.copy(buffer, 0, cut, filled);
        kept = filled - cut;
      } else {
        kept = filled;
      }
    }
  } finally {
    closeSync(fd);
  }
}

type ReadInto = (buffer: Buffer, offset: number, length: number) => Promise<number>;

function chunkReader(readInto: ReadInto): (visit: LineVisitor) => Promise<void> {
  return async (visit) => {
    const splitter = new LineSplitter();
    let buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let kept = 0;
    for (;;) {
      // A line longer than the buffer: double it until the line fits.
      if (kept === buffer.length) buffer = grow(buffer, kept);
      const read = await readInto(buffer, kept, buffer.length - kept);
      const filled = kept + read;
      const atEnd = read === 0;
      const cut = atEnd ? filled : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (cut === 0 && !atEnd) {
        kept = filled;
        continue;
      }
      if (!splitter.split(buffer.toString('utf8', 0, cut), atEnd, visit) || atEnd) return;
      buffer.copy(buffer, 0, cut, filled);
      kept = filled - cut;
    }
  };
}

function grow(buffer: Buffer, kept: number): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger, 0, 0, kept);
  return bigger;
}
