// The export's bytes are its canonical bytes: lines split at LF only, however the bytes arrive.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ExportBytesError, ExportLineSplitter, forEachExportLineOf } from './export-bytes.js';

const linesOf = (bytes: Buffer) => {
  const lines: string[] = [];
  forEachExportLineOf(bytes, (text) => lines.push(text));
  return lines;
};
const problemOf = (bytes: Buffer) => {
  try {
    linesOf(bytes);
  } catch (error) {
    if (error instanceof ExportBytesError) return error.message;
  }
  return undefined;
};

describe('export bytes', () => {
  it('are LF-ended UTF-8 lines', () => {
    expect(linesOf(Buffer.from('a\n\u00e9\n\uFFFD\n'))).toEqual(['a', '\u00e9', '\uFFFD']);
    expect(linesOf(Buffer.alloc(0))).toEqual([]);
  });

  it('refuse CR LF, a lone CR, no final LF and bytes that are not UTF-8, naming the line', () => {
    expect(problemOf(Buffer.from('a\nb\r\n'))).toBe(
      'line 2: ends with CR LF: an export has LF line ends only (a CRLF copy?)',
    );
    expect(problemOf(Buffer.from('a\rb\n'))).toBe(
      'line 1: a raw CR at byte 2 of the line: an export has none',
    );
    expect(problemOf(Buffer.from('a\nb'))).toMatch(/^line 2: no newline at the end of the file/);
    expect(problemOf(Buffer.from([0x61, 0x0a, 0x62, 0xc3, 0xa9, 0xff, 0x0a]))).toBe(
      'line 2: not UTF-8 at byte 4 of the line (a byte was changed)',
    );
    expect(problemOf(Buffer.from([0xed, 0xa0, 0x80, 0x0a]))).toMatch(/^line 1: not UTF-8 at byte 1/); // a surrogate
  });

  test.prop([
    fc.array(
      fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, '')),
      { maxLength: 20 },
    ),
    fc.array(fc.nat(), { maxLength: 10 }),
  ])('give the same lines however the bytes are cut into pieces', (lines, cuts) => {
    const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(''));
    const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
    const splitter = new ExportLineSplitter();
    const seen: string[] = [];
    let from = 0;
    for (const point of [...points, bytes.length]) {
      splitter.push(bytes.subarray(from, point), (text) => seen.push(text));
      from = point;
    }
    splitter.end();
    expect(seen).toEqual(lines);
  });
});
