// The binary COPY reader against the format as PostgreSQL's documentation gives it, written out
// here from that description: every output of rows reads back as those rows, and an output cut
// short, with bytes after its end or without the signature is refused.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BinaryCopyFormatError, binaryCopyRows, boolOf, int4Of, int8Of } from './binary-copy.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A binary COPY output of `rows`, with a header extension of `extension` bytes. */
function copyOutput(rows: readonly (Uint8Array | null)[][], extension = 0): Buffer {
  const parts: Buffer[] = [SIGNATURE, Buffer.alloc(4), Buffer.alloc(4)];
  (parts[2] as Buffer).writeUInt32BE(extension);
  parts.push(Buffer.alloc(extension, 7));
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(field === null ? -1 : field.length);
      parts.push(length);
      if (field !== null) parts.push(Buffer.from(field));
    }
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

const arbRows = fc.array(
  fc.array(fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }), { maxLength: 6 }),
  {
    maxLength: 5,
  },
);

test.prop([arbRows, fc.nat({ max: 8 })])('every output reads back as its rows', (rows, extension) => {
  const read = binaryCopyRows(copyOutput(rows, extension)).map((row) =>
    row.map((field) => (field === null ? null : [...field])),
  );
  expect(read).toEqual(rows.map((row) => row.map((field) => (field === null ? null : [...field]))));
});

test.prop([arbRows, fc.nat()])('an output cut short is refused, never read as fewer rows', (rows, cut) => {
  const output = copyOutput(rows);
  const short = output.subarray(0, cut % output.length);
  expect(() => binaryCopyRows(short)).toThrow(BinaryCopyFormatError);
});

describe('binaryCopyRows', () => {
  it('refuses bytes after the end, and an output without the signature', () => {
    expect(() => binaryCopyRows(Buffer.concat([copyOutput([]), Buffer.from([0])]))).toThrow(
      /1 bytes after the end/,
    );
    const unsigned = copyOutput([]);
    unsigned[0] = 0x51;
    expect(() => binaryCopyRows(unsigned)).toThrow(/no PGCOPY signature/);
  });
});

describe('the fixed-size fields', () => {
  test.prop([
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  ])('int4 and int8 read back in network order', (int4, int8) => {
    const four = Buffer.alloc(4);
    four.writeInt32BE(int4);
    const eight = Buffer.alloc(8);
    eight.writeBigInt64BE(int8);
    expect(int4Of(four)).toBe(int4);
    expect(int8Of(eight)).toBe(int8);
  });

  it('reads bool, and refuses a field of the wrong size or NULL naming the type', () => {
    expect(boolOf(Buffer.from([1]))).toBe(true);
    expect(boolOf(Buffer.from([0]))).toBe(false);
    expect(() => int4Of(Buffer.alloc(8))).toThrow(/expected int4 \(4 bytes\), got 8 bytes/);
    expect(() => int8Of(null)).toThrow(/expected int8 \(8 bytes\), got no bytes/);
    expect(() => boolOf(Buffer.alloc(0))).toThrow(BinaryCopyFormatError);
  });
});
