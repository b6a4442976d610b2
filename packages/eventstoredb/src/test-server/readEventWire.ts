// A stored event as the protobuf bytes of the ReadResp a node sends for it (a ReadEvent with its
// RecordedEvent and commit position), written here field by field instead of through the
// generated message classes, and kept: every read and subscription that sends the event sends
// the same bytes. Building a google-protobuf message per event and serializing it was the
// largest part of the server's time in case 14
// (docs/performance.md#case-14-on-the-test-server-2026-12-07).
// The bytes are those google-protobuf writes for `readResponseOf` (streamsService.ts): the same
// fields in the same order, the map's entries sorted by key, proto3 defaults left out as it
// leaves them out (readEventWire.unit.spec.ts compares the two).
import type { StoredEvent } from './streamLog.js';

export type UuidForm = 'string' | 'structured';

const utf8 = new TextEncoder();

/** Few distinct strings recur in every event (stream names, types, content types, the created
 * stamp of a batch): their UTF-8 bytes are kept, up to this many, then forgotten all at once.
 * TextEncoder.encode of each small string was most of the encoding's own cost. */
const KEPT_STRINGS = 4_096;
const keptBytes = new Map<string, Uint8Array>();

const bytesOf = (text: string): Uint8Array => {
  let bytes = keptBytes.get(text);
  if (bytes === undefined) {
    if (keptBytes.size >= KEPT_STRINGS) keptBytes.clear();
    bytes = utf8.encode(text);
    keptBytes.set(text, bytes);
  }
  return bytes;
};

const smallVarintLength = (value: number): number => {
  let length = 1;
  for (let rest = value >>> 7; rest > 0; rest >>>= 7) length += 1;
  return length;
};

/** Bytes of a base-128 varint of a non-negative integer below 2^64. */
const varintLength = (value: bigint): number => {
  if (value <= 0xffff_ffffn) return smallVarintLength(Number(value));
  let length = 1;
  for (let rest = value >> 7n; rest > 0n; rest >>= 7n) length += 1;
  return length;
};

/** The size a length-delimited field takes: its tag, its length, its bytes. */
const delimitedLength = (length: number): number => 1 + smallVarintLength(length) + length;

class Writer {
  readonly bytes: Uint8Array;
  at = 0;
  constructor(size: number) {
    // From Node's pool: a new Uint8Array of a few hundred bytes each was most of the cost here.
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
  open(tag: number, length: number): void {
    this.byte(tag);
    this.small(length);
  }
  delimited(tag: number, payload: Uint8Array): void {
    this.open(tag, payload.length);
    this.bytes.set(payload, this.at);
    this.at += payload.length;
  }
  /** An ASCII string (a UUID's text) as a length-delimited field. */
  ascii(tag: number, text: string): void {
    this.open(tag, text.length);
    for (let index = 0; index < text.length; index += 1) this.byte(text.charCodeAt(index));
  }
}

// Tags: field number << 3 | wire type (0 varint, 2 length-delimited).
const tag = (field: number, wireType: 0 | 2) => (field << 3) | wireType;

/** The two int64 halves of a structured UUID, as protobuf writes them: 64-bit two's complement,
 * which as a varint is the unsigned value of the half's bits. */
const halves = (uuid: string): readonly [bigint, bigint] => {
  const hex = uuid.replaceAll('-', '');
  return [BigInt(`0x${hex.slice(0, 16)}`), BigInt(`0x${hex.slice(16)}`)];
};

/** A zero half is a proto3 default: not written. */
const halfLength = (half: bigint): number => (half === 0n ? 0 : 1 + varintLength(half));

const positiveVarintField = (value: bigint): number => (value === 0n ? 0 : 1 + varintLength(value));

const entryLength = (key: Uint8Array, value: Uint8Array): number =>
  delimitedLength(key.length) + delimitedLength(value.length);

const CONTENT_TYPE = utf8.encode('content-type');
const CREATED = utf8.encode('created');
const TYPE = utf8.encode('type');

/** The ReadResp bytes of `event`, UUID in the form the request asked for. */
export const encodeReadEvent = (event: StoredEvent, form: UuidForm): Uint8Array => {
  // UUIDs are ASCII (the stream log holds canonical ones); anything else takes the long way.
  // (Its UTF-8 is as long as the text only when every character is ASCII.)
  const idText = Buffer.byteLength(event.id, 'utf8') === event.id.length ? undefined : utf8.encode(event.id);
  const [most, least] = form === 'structured' ? halves(event.id) : [0n, 0n];
  const idInner =
    form === 'string'
      ? delimitedLength(idText?.length ?? event.id.length)
      : delimitedLength(halfLength(most) + halfLength(least));
  const streamName = bytesOf(event.streamName);
  const identifier = streamName.length === 0 ? 0 : delimitedLength(streamName.length);
  // The metadata map, its entries in key order as google-protobuf writes them.
  const contentType = bytesOf(event.contentType);
  const created = bytesOf(event.createdTicks.toString(10));
  const type = bytesOf(event.type);
  const recorded =
    delimitedLength(idInner) +
    delimitedLength(identifier) +
    positiveVarintField(event.revision) +
    2 * positiveVarintField(event.position) +
    delimitedLength(entryLength(CONTENT_TYPE, contentType)) +
    delimitedLength(entryLength(CREATED, created)) +
    delimitedLength(entryLength(TYPE, type)) +
    (event.customMetadata.length === 0 ? 0 : delimitedLength(event.customMetadata.length)) +
    (event.data.length === 0 ? 0 : delimitedLength(event.data.length));
  // The ReadEvent's commit position is in a oneof: written even when it is 0.
  const readEvent = delimitedLength(recorded) + 1 + varintLength(event.position);
  const writer = new Writer(delimitedLength(readEvent));
  writer.open(tag(1, 2), readEvent); // ReadResp.event
  writer.open(tag(1, 2), recorded); // ReadEvent.event
  writer.open(tag(1, 2), idInner); // RecordedEvent.id
  if (form === 'string') {
    if (idText === undefined) writer.ascii(tag(2, 2), event.id);
    else writer.delimited(tag(2, 2), idText);
  } else {
    writer.open(tag(1, 2), halfLength(most) + halfLength(least));
    if (most !== 0n) {
      writer.byte(tag(1, 0));
      writer.varint(most);
    }
    if (least !== 0n) {
      writer.byte(tag(2, 0));
      writer.varint(least);
    }
  }
  writer.open(tag(2, 2), identifier);
  if (streamName.length > 0) writer.delimited(tag(3, 2), streamName);
  if (event.revision !== 0n) {
    writer.byte(tag(3, 0));
    writer.varint(event.revision);
  }
  if (event.position !== 0n) {
    // Prepare and commit positions are equal here.
    writer.byte(tag(4, 0));
    writer.varint(event.position);
    writer.byte(tag(5, 0));
    writer.varint(event.position);
  }
  for (const [key, value] of [
    [CONTENT_TYPE, contentType],
    [CREATED, created],
    [TYPE, type],
  ] as const) {
    writer.open(tag(6, 2), entryLength(key, value));
    writer.delimited(tag(1, 2), key);
    writer.delimited(tag(2, 2), value);
  }
  if (event.customMetadata.length > 0) writer.delimited(tag(7, 2), event.customMetadata);
  if (event.data.length > 0) writer.delimited(tag(8, 2), event.data);
  writer.byte(tag(3, 0)); // ReadEvent.commit_position
  writer.varint(event.position);
  if (writer.at !== writer.bytes.length) {
    throw new Error(`encodeReadEvent wrote ${writer.at} of ${writer.bytes.length} bytes`);
  }
  return writer.bytes;
};

const cache = new WeakMap<StoredEvent, { string?: Uint8Array; structured?: Uint8Array }>();

/** `encodeReadEvent`, once per event and form: every later read or subscription reuses it. */
export const readEventBytes = (event: StoredEvent, form: UuidForm): Uint8Array => {
  let encoded = cache.get(event);
  if (encoded === undefined) {
    encoded = {};
    cache.set(event, encoded);
  }
  const kept = encoded[form];
  if (kept !== undefined) return kept;
  const bytes = encodeReadEvent(event, form);
  encoded[form] = bytes;
  return bytes;
};
