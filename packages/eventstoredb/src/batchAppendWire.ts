// The BatchAppendReq messages of EventStoreDB's Streams.BatchAppend call, written as protobuf
// bytes field by field. The client library builds each proposed event as a google-protobuf
// message, serializes it once to measure it and again inside the request, writing the event's
// bytes one at a time: most of an append's time in the client
// (docs/performance.md#eventstoredb-appends-encoded-by-the-adapter). The bytes here are those
// google-protobuf writes for the same request (batchAppendWire.unit.spec.ts compares the two):
// the same fields in the same order, the metadata map's entries sorted by key, proto3 defaults
// left out.

import {
  delimitedLength,
  keptUtf8,
  mapEntryLength,
  ProtobufWriter,
  smallVarintLength,
  tag,
  varintLength,
} from './protobufWriter.js';

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

const CONTENT_TYPE = utf8.encode('content-type');
const TYPE = utf8.encode('type');

/** A UUID message holding the text form (field 2). */
const uuidLength = (id: Uint8Array): number => delimitedLength(id.length);

/** The ProposedMessage of `event`: the payload's bytes. */
function proposedLength(event: ProposedEvent, id: Uint8Array): number {
  // google-protobuf sorts a map's entries by key: content-type before type.
  return (
    delimitedLength(uuidLength(id)) +
    delimitedLength(mapEntryLength(CONTENT_TYPE, keptUtf8(event.contentType))) +
    delimitedLength(mapEntryLength(TYPE, keptUtf8(event.type))) +
    (event.customMetadata.length === 0 ? 0 : delimitedLength(event.customMetadata.length)) +
    (event.data.length === 0 ? 0 : delimitedLength(event.data.length))
  );
}

function writeProposed(writer: ProtobufWriter, event: ProposedEvent, id: Uint8Array, length: number): void {
  writer.open(tag(3, 2), length);
  writer.open(tag(1, 2), uuidLength(id));
  writer.delimited(tag(2, 2), id);
  writer.mapEntry(tag(2, 2), CONTENT_TYPE, keptUtf8(event.contentType));
  writer.mapEntry(tag(2, 2), TYPE, keptUtf8(event.type));
  if (event.customMetadata.length > 0) writer.delimited(tag(3, 2), event.customMetadata);
  if (event.data.length > 0) writer.delimited(tag(4, 2), event.data);
}

/** The options message: stream, expected revision, deadline (a Timestamp). */
function optionsOf(header: BatchAppendHeader): { length: number; write(writer: ProtobufWriter): void } {
  const stream = utf8.encode(header.streamName);
  const identifier = stream.length === 0 ? 0 : delimitedLength(stream.length);
  const { expected } = header;
  // The expected revision is a oneof: written even when it is 0 or an Empty.
  const expectedLength = typeof expected === 'bigint' ? 1 + varintLength(expected) : delimitedLength(0);
  const seconds = BigInt(Math.floor(header.deadlineMs / 1000));
  const nanos = (header.deadlineMs - Number(seconds) * 1000) * 1_000_000;
  const timestamp =
    (seconds === 0n ? 0 : 1 + varintLength(seconds)) + (nanos === 0 ? 0 : 1 + smallVarintLength(nanos));
  const length = delimitedLength(identifier) + expectedLength + delimitedLength(timestamp);
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
  const correlationField = delimitedLength(uuidLength(correlation));
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
    let length = correlationField + (first ? delimitedLength(options.length) : 0) + (last ? 2 : 0);
    for (let index = from; index < to; index += 1) length += delimitedLength(lengths[index] as number);
    const writer = new ProtobufWriter(length);
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
    return writer.finish('batchAppendRequests');
  });
}
