// The bytes of an export are its canonical bytes: lines end in LF, the last one too, and every
// line is UTF-8. Readers that are lenient about line ends or decode bad bytes as U+FFFD would give
// a CRLF copy, a copy without its final newline, or a copy where a raw 0xFF stands for U+FFFD the
// same events, hence the same chain and tree: those copies are refused here, naming the line.
// Files are read in pieces of about 1 MB and split by hand; each line is handed over as a string.
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
// The subpath, not the package: the seal check's worker thread reads lines with this module and
// would otherwise load the whole domain for two constants (docs/performance.md, "The seal
// thread without the domain").
import { LINE_TOO_LONG, MAX_LINE_BYTES } from '@tally/domain/wire-text';

/** A line that breaks the byte rules (its 1-based number, as editors count). */
export class ExportBytesError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'ExportBytesError';
  }
}

/** Called with each line's text (without its LF) and number; may throw to stop. */
export type ExportLineVisitor = (text: string, number: number) => void;

const LF = 10;
const CR = 13;
const CHUNK_BYTES = 1 << 20;

/** Splits bytes that arrive in pieces into checked lines. The part of a line that a piece
 * ends in is kept in one buffer, reused from piece to piece (a new buffer a piece, of the size of
 * the piece, was megabytes of memory a second for the collector, and quadratic on a long line). */
export class ExportLineSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private kept = 0;
  private count = 0;

  /** Lines seen so far. */
  get lines(): number {
    return this.count;
  }

  push(piece: Uint8Array, visit: ExportLineVisitor): void {
    const fromPending = this.kept > 0;
    let bytes: Buffer;
    if (fromPending) {
      this.reserve(this.kept + piece.byteLength);
      this.pending.set(piece, this.kept);
      bytes = this.pending.subarray(0, this.kept + piece.byteLength);
    } else {
      bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    }
    const tail = bytes.lastIndexOf(LF) + 1;
    // A line is refused once it is longer than a log's lines may be, not held whole.
    if (tail === 0 && bytes.length > MAX_LINE_BYTES)
      throw new ExportBytesError(this.count + 1, LINE_TOO_LONG);
    if (tail > 0) this.visitLines(bytes.subarray(0, tail), visit);
    const length = bytes.length - tail;
    if (fromPending) {
      this.pending.copyWithin(0, tail, bytes.length);
    } else {
      this.kept = 0;
      this.reserve(length);
      bytes.copy(this.pending, 0, tail, bytes.length);
    }
    this.kept = length;
  }

  /** The lines of `complete`, which ends with LF. */
  private visitLines(complete: Buffer, visit: ExportLineVisitor): void {
    // The usual piece has no CR and is UTF-8 whole: one native check each, not one per line.
    const clean = complete.indexOf(CR) < 0 && isUtf8(complete);
    let start = 0;
    for (let end = complete.indexOf(LF); end >= 0; end = complete.indexOf(LF, start)) {
      this.count += 1;
      if (end - start > MAX_LINE_BYTES) throw new ExportBytesError(this.count, LINE_TOO_LONG);
      if (!clean) checkLineBytes(complete, start, end, this.count);
      visit(complete.toString('utf8', start, end), this.count);
      start = end + 1;
    }
  }

  /** Room for `size` bytes in the kept buffer, the kept bytes kept (doubling: linear growth). */
  private reserve(size: number): void {
    if (this.pending.length >= size) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(size, this.pending.length * 2, 1 << 16));
    this.pending.copy(bigger, 0, 0, this.kept);
    this.pending = bigger;
  }

  /** The end of the input: bytes after the last LF are a line without its newline. */
  end(): void {
    if (this.kept > 0) {
      throw new ExportBytesError(
        this.count + 1,
        'no newline at the end of the file (every line of an export ends with LF; the copy was cut or rewritten)',
      );
    }
  }
}

function checkLineBytes(bytes: Buffer, start: number, end: number, line: number): void {
  const cr = bytes.indexOf(CR, start);
  if (cr >= 0 && cr < end) {
    throw new ExportBytesError(
      line,
      cr === end - 1
        ? 'ends with CR LF: an export has LF line ends only (a CRLF copy?)'
        : `a raw CR at byte ${cr - start + 1} of the line: an export has none`,
    );
  }
  const text = bytes.subarray(start, end);
  if (!isUtf8(text)) {
    throw new ExportBytesError(
      line,
      `not UTF-8 at byte ${firstBadByte(text) + 1} of the line (a byte was changed)`,
    );
  }
}

/** The offset of the first byte where `bytes` stops being UTF-8 (bytes is known not to be):
 * character by character, each checked whole. */
function firstBadByte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return i;
}

/** Given each piece read before its lines are visited (to hand it to another thread, which may
 * ask the read to wait by returning a promise); the piece's buffer is read into again after. */
export type ExportPieceVisitor = (piece: Uint8Array) => Promise<void> | undefined;

/** Visits every line of the file at `path`; the number of lines. Throws ExportBytesError. */
export async function forEachExportLine(
  path: string,
  visit: ExportLineVisitor,
  onPiece?: ExportPieceVisitor,
): Promise<number> {
  const handle = await open(path, 'r');
  const splitter = new ExportLineSplitter();
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const piece = buffer.subarray(0, bytesRead);
      const waiting = onPiece?.(piece);
      splitter.push(piece, visit);
      if (waiting !== undefined) await waiting;
    }
    splitter.end();
    return splitter.lines;
  } finally {
    await handle.close();
  }
}

/** The same over bytes in memory. */
export function forEachExportLineOf(bytes: Uint8Array, visit: ExportLineVisitor): number {
  const splitter = new ExportLineSplitter();
  splitter.push(bytes, visit);
  splitter.end();
  return splitter.lines;
}
