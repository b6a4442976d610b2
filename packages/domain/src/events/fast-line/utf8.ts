// Bytes to text, strictly: the wire format is UTF-8 (docs/wire-format.md), and a byte that is
// not part of a well-formed UTF-8 sequence (a stray continuation byte, an overlong form, an
// encoded surrogate, a sequence cut short, anything past U+10FFFF) is an error to report, never
// a U+FFFD to decode silently. The platform's fatal TextDecoder does the decoding (natively);
// `invalidUtf8At` finds where it failed, for the message.
import { Buffer } from 'node:buffer';

// `ignoreBOM`: a byte order mark stays in the text, as it does in a line given as a string
// (where JSON.parse refuses it), so bytes and text decode alike.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `bytes[start, end)` as text, or undefined when it is not well-formed UTF-8. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  try {
    return strict.decode(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** `bytes[start, end)` one character a byte, each the character of that code (latin1): the
 * line's text when every byte is ASCII, and a string of characters past U+007F where it is not,
 * so a reader that takes ASCII alone can read it without decoding (event-line-reader.ts). Node
 * copies the bytes natively, with no view to make of a Buffer and no validation. */
export function latin1Text(bytes: Uint8Array, start: number, end: number): string {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('latin1', start, end);
}

/** The offset (from `start`) of the first byte of the first ill-formed sequence in
 * `bytes[start, end)`, or -1 when it is all well-formed UTF-8 (the Unicode table of well-formed
 * byte sequences, which is what a fatal TextDecoder accepts). */
export function invalidUtf8At(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // The range the second byte must be in, and how many bytes the sequence has.
    let low = 0x80;
    let high = 0xbf;
    let length: number;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0; // shorter forms are overlong
      if (lead === 0xed) high = 0x9f; // 0xed 0xa0.. would be a surrogate
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // past U+10FFFF
    } else {
      return i - start; // a continuation byte, 0xc0, 0xc1 or 0xf5..0xff
    }
    if (i + length > end) return i - start;
    const second = bytes[i + 1] as number;
    if (second < low || second > high) return i - start;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k] as number;
      if (next < 0x80 || next > 0xbf) return i - start;
    }
    i += length;
  }
  return -1;
}

/** Why `bytes[start, end)` (which decodeUtf8 refused) is not UTF-8, in one line naming the first
 * bad byte and its offset from `start` (`where` says from what: ` of the line`, or nothing). */
export function invalidUtf8Problem(bytes: Uint8Array, start: number, end: number, where: string): string {
  const offset = invalidUtf8At(bytes, start, end);
  // Both readers follow the same table, so this does not happen; the message still reads well.
  if (offset < 0) return 'not valid UTF-8';
  const byte = (bytes[start + offset] as number).toString(16).toUpperCase().padStart(2, '0');
  return `not valid UTF-8: byte 0x${byte} at byte offset ${offset}${where} does not begin a well-formed character`;
}

/** How many bytes UTF-8 takes for `text[0, index)`: where a character of a line is in its bytes. */
export function utf8ByteOffset(text: string, index: number): number {
  let bytes = 0;
  for (let i = 0; i < index; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < index) {
      bytes += 4; // a pair: one character of four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}
