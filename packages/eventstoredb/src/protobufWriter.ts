// Protobuf's wire format written by hand into a buffer sized beforehand: varints, tags, and
// length-delimited fields, in the order the generated google-protobuf classes write them. Used
// where building and serializing those classes was most of the cost: the adapter's batch
// appends (batchAppendWire.ts) and the test server's read responses (test-server/readEventWire.ts),
// each tested byte for byte against google-protobuf's own output.

/** A field's tag: its number << 3 | the wire type (0 varint, 2 length-delimited). Every field
 * written here has a number below 16, so its tag is one byte. */
export const tag = (field: number, wireType: 0 | 2): number => (field << 3) | wireType;

/** Bytes of a varint of a non-negative integer below 2^32. */
export const smallVarintLength = (value: number): number => {
  let length = 1;
  for (let rest = value >>> 7; rest > 0; rest >>>= 7) length += 1;
  return length;
};

/** Bytes of a varint of a non-negative integer below 2^64. */
export const varintLength = (value: bigint): number => {
  if (value <= 0xffff_ffffn) return smallVarintLength(Number(value));
  let length = 1;
  for (let rest = value >> 7n; rest > 0n; rest >>= 7n) length += 1;
  return length;
};

/** The size a length-delimited field takes: its tag, its length, its `length` bytes. */
export const delimitedLength = (length: number): number => 1 + smallVarintLength(length) + length;

/** The payload of a map<string, string> entry: its key (field 1) and value (field 2), both
 * written even when empty, as google-protobuf writes a map's entries. */
export const mapEntryLength = (key: Uint8Array, value: Uint8Array): number =>
  delimitedLength(key.length) + delimitedLength(value.length);

const utf8 = new TextEncoder();

/** Few distinct strings recur in every event (stream names, types, content types): their UTF-8
 * is kept, up to this many, then forgotten all at once. TextEncoder.encode of each small string
 * was most of an encoding's own cost. */
const KEPT_STRINGS = 4_096;
const kept = new Map<string, Uint8Array>();

/** The UTF-8 of a string that recurs. */
export const keptUtf8 = (text: string): Uint8Array => {
  let bytes = kept.get(text);
  if (bytes === undefined) {
    if (kept.size >= KEPT_STRINGS) kept.clear();
    bytes = utf8.encode(text);
    kept.set(text, bytes);
  }
  return bytes;
};

export class ProtobufWriter {
  readonly bytes: Buffer;
  at = 0;
  constructor(size: number) {
    // From Node's pool: a new Uint8Array of a few hundred bytes each was most of the cost.
    this.bytes = Buffer.allocUnsafe(size);
  }
  byte(value: number): void {
    this.bytes[this.at++] = value;
  }
  /** A varint of an integer below 2^32 (>>> keeps it unsigned). */
  small(value: number): void {
    let rest = value;
    while (rest > 0x7f) {
      this.byte((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    this.byte(rest);
  }
  varint(value: bigint): void {
    if (value <= 0xffff_ffffn) {
      // Most positions and revisions: number arithmetic, cheaper than bigint's.
      this.small(Number(value));
      return;
    }
    let rest = value;
    while (rest > 0x7fn) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
  }
  /** A length-delimited field whose payload the caller writes next, `length` bytes of it. */
  open(fieldTag: number, length: number): void {
    this.byte(fieldTag);
    this.small(length);
  }
  delimited(fieldTag: number, payload: Uint8Array): void {
    this.open(fieldTag, payload.length);
    this.bytes.set(payload, this.at);
    this.at += payload.length;
  }
  /** A map<string, string> entry as the field `fieldTag`. */
  mapEntry(fieldTag: number, key: Uint8Array, value: Uint8Array): void {
    this.open(fieldTag, mapEntryLength(key, value));
    this.delimited(tag(1, 2), key);
    this.delimited(tag(2, 2), value);
  }
  /** An ASCII string (a UUID's text) as a length-delimited field. */
  ascii(fieldTag: number, text: string): void {
    this.open(fieldTag, text.length);
    for (let index = 0; index < text.length; index += 1) this.byte(text.charCodeAt(index));
  }
  /** The bytes, once exactly as many were written as were sized for. */
  finish(what: string): Buffer {
    if (this.at !== this.bytes.length)
      throw new Error(`${what} wrote ${this.at} of ${this.bytes.length} bytes`);
    return this.bytes;
  }
}
