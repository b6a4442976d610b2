// The BatchAppendReq messages of EventStoreDB's Streams.BatchAppend call, written as protobuf
// bytes field by field. The client library builds each proposed event as a google-protobuf
// message, serializes it once to measure it and again inside the request, writing the event's
// bytes one at a time: most of an append's time in the client
// (docs/performance.md#eventstoredb-appends-encoded-by-the-adapter). The bytes here are those
// google-protobuf writes for the same request (batchAppendWire.unit.spec.ts compares the two):
// the same fields in the same order, the metadata map's entries sorted by key, proto3 defaults
// left out.

/** One event as it is proposed: its UUID (text), its metadata entries, and its bytes. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export type WireExpectedRevision = bigint | 'no_stream' | 'any' | 'stream_exists';

/** What every request of one append carries: its correlation id, and the options (the first
 * request only). */
export interface BatchAppendHeader {
  readonly correlationId: string;
  readonly streamName: string;
  readonly expected: WireExpectedRevision;
  /** The server's deadline for the append, epoch ms. */
  readonly deadlineMs: number;
}

const utf8 = new TextEncoder();

const varintLength = (value: bigint): number => {
  let length = 1;
  for (let rest = value >> 7n; rest > 0n; rest >>= 7n) length += 1;
  return length;
};

const smallLength = (value: number): number => {
  let length = 1;
  for (let rest = value >>> 7; rest > 0; rest >>>= 7) length += 1;
  return length;
};

/** A length-delimited field of `length` payload bytes: tag, length, payload. */
const field = (length: number): number => 1 + smallLength(length) + length;

/** Writes into bytes sized beforehand. */
class Writer {
  readonly bytes: Buffer;
  at = 0;
  constructor(size: number) {
    this.bytes = Buffer.allocUnsafe(size);
  }
  byte(value: number): void {
    this.bytes[this.at++] = value;
  }
  small(value: number): void {
    let rest = value;
    while (rest > 0x7f) {
      this.byte((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    this.byte(rest);
  }
  varint(value: bigint): void {
    let rest = value;
    while (rest > 0x7fn) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
  }
  open(tag: number, length: number): void {
    this.byte(tag);
    this.small(length);
  }
  delimited(tag: number, payload: Uint8Array): void {
    this.open(tag, payload.length);
    this.bytes.set(payload, this.at);
    this.at += payload.length;
  }
}

const tag = (number: number, wireType: 0 | 2): number => (number << 3) | wireType;

const CONTENT_TYPE = utf8.encode('content-type');
const TYPE = utf8.encode('type');

/** The UTF-8 of the few strings every event repeats (types, content types), kept. */
const kept = new Map<string, Uint8Array>();
const KEPT_STRINGS = 1_024;
const bytesOf = (text: string): Uint8Array => {
  let bytes = kept.get(text);
  if (bytes === undefined) {
    if (kept.size >= KEPT_STRINGS) kept.clear();
    bytes = utf8.encode(text);
    kept.set(text, bytes);
  }
  return bytes;
};

const entry = (key: Uint8Array, value: Uint8Array): number => field(key.length) + field(value.length);

/** A UUID message holding the text form (field 2). */
const uuidLength = (id: Uint8Array): number => field(id.length);

/** The ProposedMessage of `event`: the payload's bytes. */
function proposedLength(event: ProposedEvent, id: Uint8Array): number {
  // google-protobuf sorts a map's entries by key: content-type before type.
  return (
    field(uuidLength(id)) +
    field(entry(CONTENT_TYPE, bytesOf(event.contentType))) +
    field(entry(TYPE, bytesOf(event.type))) +
    (event.customMetadata.length === 0 ? 0 : field(event.customMetadata.length)) +
    (event.data.length === 0 ? 0 : field(event.data.length))
  );
}

function writeProposed(writer: Writer, event: ProposedEvent, id: Uint8Array, length: number): void {
  writer.open(tag(3, 2), length);
  writer.open(tag(1, 2), uuidLength(id));
  writer.delimited(tag(2, 2), id);
  for (const [key, value] of [
    [CONTENT_TYPE, bytesOf(event.contentType)],
    [TYPE, bytesOf(event.type)],
  ] as const) {
    writer.open(tag(2, 2), entry(key, value));
    writer.delimited(tag(1, 2), key);
    writer.delimited(tag(2, 2), value);
  }
  if (event.customMetadata.length > 0) writer.delimited(tag(3, 2), event.customMetadata);
  if (event.data.length > 0) writer.delimited(tag(4, 2), event.data);
}

/** The options message: stream, expected revision, deadline (a Timestamp). */
function optionsOf(header: BatchAppendHeader): { length: number; write(writer: Writer): void } {
  const stream = utf8.encode(header.streamName);
  const identifier = stream.length === 0 ? 0 : field(stream.length);
  const { expected } = header;
  // The expected revision is a oneof: written even when it is 0 or an Empty.
  const expectedLength = typeof expected === 'bigint' ? 1 + varintLength(expected) : field(0);
  const seconds = BigInt(Math.floor(header.deadlineMs / 1000));
  const nanos = (header.deadlineMs - Number(seconds) * 1000) * 1_000_000;
  const timestamp =
    (seconds === 0n ? 0 : 1 + varintLength(seconds)) + (nanos === 0 ? 0 : 1 + smallLength(nanos));
  const length = field(identifier) + expectedLength + field(timestamp);
  return {
    length,
    write(writer) {
      writer.open(tag(1, 2), identifier);
      if (stream.length > 0) writer.delimited(tag(3, 2), stream);
      if (typeof expected === 'bigint') {
        writer.byte(tag(2, 0));
        writer.varint(expected);
      } else {
        writer.open(tag(expected === 'no_stream' ? 3 : expected === 'any' ? 4 : 5, 2), 0);
      }
      writer.open(tag(6, 2), timestamp);
      if (seconds !== 0n) {
        writer.byte(tag(1, 0));
        writer.varint(seconds);
      }
      if (nanos !== 0) {
        writer.byte(tag(2, 0));
        writer.small(nanos);
      }
    },
  };
}

/** The requests of one append: the events split so that no request's events pass
 * `maxBatchBytes` (as the client splits them), the options in the first, `is_final` on the last. */
export function batchAppendRequests(
  header: BatchAppendHeader,
  events: readonly ProposedEvent[],
  maxBatchBytes: number,
): Buffer[] {
  const correlation = utf8.encode(header.correlationId);
  const correlationField = field(uuidLength(correlation));
  const options = optionsOf(header);
  const ids = events.map((event) => utf8.encode(event.id));
  const lengths = events.map((event, index) => proposedLength(event, ids[index] as Uint8Array));
  // Groups of events, each under the limit (a lone event over it still goes, in its own).
  const groups: [number, number][] = [];
  let start = 0;
  let size = 0;
  for (let index = 0; index < events.length; index += 1) {
    const messageSize = lengths[index] as number;
    if (size + messageSize >= maxBatchBytes && index > start) {
      groups.push([start, index]);
      start = index;
      size = 0;
    } else if (size + messageSize >= maxBatchBytes) {
      // The first event of a request is over the limit alone: the client sends an empty
      // request before it, and so does this.
      groups.push([start, start]);
      size = 0;
    }
    size += messageSize;
  }
  groups.push([start, events.length]);
  return groups.map(([from, to], group) => {
    const first = group === 0;
    const last = group === groups.length - 1;
    let length = correlationField + (first ? field(options.length) : 0) + (last ? 2 : 0);
    for (let index = from; index < to; index += 1) length += field(lengths[index] as number);
    const writer = new Writer(length);
    writer.open(tag(1, 2), uuidLength(correlation));
    writer.delimited(tag(2, 2), correlation);
    if (first) {
      writer.open(tag(2, 2), options.length);
      options.write(writer);
    }
    for (let index = from; index < to; index += 1) {
      writeProposed(
        writer,
        events[index] as ProposedEvent,
        ids[index] as Uint8Array,
        lengths[index] as number,
      );
    }
    if (last) {
      writer.byte(tag(4, 0));
      writer.byte(1);
    }
    if (writer.at !== length) throw new Error(`batchAppendRequests wrote ${writer.at} of ${length} bytes`);
    return writer.bytes;
  });
}
