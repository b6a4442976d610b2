import { Buffer } from 'node:buffer';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, invalidUtf8At, invalidUtf8Problem, latin1Text } from './utf8.js';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const decodes = (bytes: Uint8Array) => {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Bytes that are mostly UTF-8, with the ill-formed pieces a validator gets wrong most easily. */
const arbBytes = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 3 }).map((text) => [...new TextEncoder().encode(text)]),
      fc.constantFrom(
        [0x80],
        [0xbf],
        [0xc0, 0xaf], // overlong '/'
        [0xc1, 0xbf],
        [0xc2],
        [0xe0, 0x80, 0x80], // overlong
        [0xe0, 0xa0],
        [0xed, 0xa0, 0x80], // a surrogate, U+D800
        [0xed, 0xbf, 0xbf],
        [0xed, 0x9f, 0xbf], // U+D7FF, fine
        [0xef, 0xbf, 0xbd], // U+FFFD itself, fine
        [0xf0, 0x80, 0x80, 0x80], // overlong
        [0xf0, 0x90, 0x80],
        [0xf4, 0x8f, 0xbf, 0xbf], // U+10FFFF, fine
        [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
        [0xf5, 0x80, 0x80, 0x80],
        [0xff],
        [0xfe],
      ),
      fc.integer({ min: 0, max: 255 }).map((byte) => [byte]),
    ),
    { maxLength: 10 },
  )
  .map((pieces) => Uint8Array.from(pieces.flat()));

describe('strict UTF-8', () => {
  test.prop([arbBytes, fc.nat({ max: 3 }), fc.nat({ max: 3 })], { numRuns: 2000 })(
    'decodes what a fatal TextDecoder decodes, and finds where it fails',
    (bytes, before, after) => {
      // The same bytes inside a larger buffer: only [start, end) counts.
      const buffer = new Uint8Array(before + bytes.length + after).fill(0xff);
      buffer.set(bytes, before);
      const start = before;
      const end = before + bytes.length;
      const wellFormed = decodes(bytes);
      expect(decodeUtf8(buffer, start, end)).toBe(wellFormed ? fatal.decode(bytes) : undefined);
      const offset = invalidUtf8At(buffer, start, end);
      if (wellFormed) {
        expect(offset).toBe(-1);
        return;
      }
      // Everything before the offset is well formed, and no character starts at it.
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(decodes(bytes.subarray(0, offset))).toBe(true);
      for (let length = 1; length <= 4 && offset + length <= bytes.length; length++) {
        const piece = bytes.subarray(offset, offset + length);
        expect(decodes(piece) && [...fatal.decode(piece)].length === 1).toBe(false);
      }
    },
  );

  test.prop([arbBytes, fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.boolean()], {
    numRuns: 1000,
  })(
    'reads bytes one character a byte, the strict decoding of them when they are ASCII',
    (bytes, before, after, viewAt, asBuffer) => {
      // A view that does not start its buffer, as a Buffer or a plain Uint8Array.
      const whole = new ArrayBuffer(viewAt + before + bytes.length + after);
      const view = asBuffer
        ? Buffer.from(whole, viewAt, whole.byteLength - viewAt)
        : new Uint8Array(whole, viewAt, whole.byteLength - viewAt);
      view.fill(0xff);
      view.set(bytes, before);
      const text = latin1Text(view, before, before + bytes.length);
      expect(Array.from(text, (character) => character.charCodeAt(0))).toStrictEqual([...bytes]);
      if (bytes.every((byte) => byte < 0x80)) expect(text).toBe(fatal.decode(bytes));
    },
  );

  it('names the first bad byte and its offset', () => {
    const bytes = Uint8Array.from([0x61, 0xc3, 0xa9, 0x62, 0xed, 0xa0, 0x80, 0x63]);
    expect(invalidUtf8At(bytes, 0, bytes.length)).toBe(4);
    expect(invalidUtf8Problem(bytes, 0, bytes.length, ' of the line')).toBe(
      'not valid UTF-8: byte 0xED at byte offset 4 of the line does not begin a well-formed character',
    );
    expect(invalidUtf8Problem(bytes, 1, bytes.length, '')).toBe(
      'not valid UTF-8: byte 0xED at byte offset 3 does not begin a well-formed character',
    );
  });

  it('keeps a byte order mark as text', () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b]), 0, 4)).toBe('\ufeff{');
  });
});
