// A stored event as the protobuf bytes of the ReadResp a node sends for it (a ReadEvent with its
// RecordedEvent and commit position), written here field by field instead of through the
// generated message classes, and kept: every read and subscription that sends the event sends
// the same bytes. Building a google-protobuf message per event and serializing it was the
// largest part of the server's time in case 14
// (docs/performance.md#case-14-on-the-test-server-2026-12-07).
// The bytes are those google-protobuf writes for `readResponseOf` (streamsService.ts): the same
// fields in the same order, the map's entries sorted by key, proto3 defaults left out as it
// leaves them out (readEventWire.unit.spec.ts compares the two).
import {
  delimitedLength,
  keptUtf8,
  mapEntryLength,
  ProtobufWriter,
  tag,
  varintLength,
} from '../protobufWriter.js';
import type { StoredEvent } from './streamLog.js';

export type UuidForm = 'string' | 'structured';

const utf8 = new TextEncoder();

/** The two int64 halves of a structured UUID, as protobuf writes them: 64-bit two's complement,
 * which as a varint is the unsigned value of the half's bits. */
const halves = (uuid: string): readonly [bigint, bigint] => {
  const hex = uuid.replaceAll('-', '');
  return [BigInt(`0x${hex.slice(0, 16)}`), BigInt(`0x${hex.slice(16)}`)];
};

/** A zero half is a proto3 default: not written. */
const halfLength = (half: bigint): number => (half === 0n ? 0 : 1 + varintLength(half));

const positiveVarintField = (value: bigint): number => (value === 0n ? 0 : 1 + varintLength(value));

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
  const streamName = keptUtf8(event.streamName);
  const identifier = streamName.length === 0 ? 0 : delimitedLength(streamName.length);
  // The metadata map, its entries in key order as google-protobuf writes them.
  const contentType = keptUtf8(event.contentType);
  const created = keptUtf8(event.createdTicks.toString(10));
  const type = keptUtf8(event.type);
  const recorded =
    delimitedLength(idInner) +
    delimitedLength(identifier) +
    positiveVarintField(event.revision) +
    2 * positiveVarintField(event.position) +
    delimitedLength(mapEntryLength(CONTENT_TYPE, contentType)) +
    delimitedLength(mapEntryLength(CREATED, created)) +
    delimitedLength(mapEntryLength(TYPE, type)) +
    (event.customMetadata.length === 0 ? 0 : delimitedLength(event.customMetadata.length)) +
    (event.data.length === 0 ? 0 : delimitedLength(event.data.length));
  // The ReadEvent's commit position is in a oneof: written even when it is 0.
  const readEvent = delimitedLength(recorded) + 1 + varintLength(event.position);
  const writer = new ProtobufWriter(delimitedLength(readEvent));
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
  writer.mapEntry(tag(6, 2), CONTENT_TYPE, contentType);
  writer.mapEntry(tag(6, 2), CREATED, created);
  writer.mapEntry(tag(6, 2), TYPE, type);
  if (event.customMetadata.length > 0) writer.delimited(tag(7, 2), event.customMetadata);
  if (event.data.length > 0) writer.delimited(tag(8, 2), event.data);
  writer.byte(tag(3, 0)); // ReadEvent.commit_position
  writer.varint(event.position);
  return writer.finish('encodeReadEvent');
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
