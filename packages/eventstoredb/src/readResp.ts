// The ReadResp messages of EventStoreDB's Streams.Read call (a page of a read, a subscription's
// events, checkpoints and notices), decoded straight from their protobuf bytes into the few
// fields the adapter uses. The client library decodes each one into google-protobuf objects,
// then converts them and parses the event's JSON: most of its time on a read
// (docs/performance.md#eventstoredb-reads-decoded-by-the-adapter). The field numbers are those of the server's
// streams.proto, which the client's generated classes also follow (readResp.unit.spec.ts holds
// the two decodings equal). Fields the adapter does not read are skipped, as protobuf readers
// skip what they do not know.

import { uuidText } from './grpcUuid.js';

/** A recorded event of a ReadResp, as far as the adapter reads it. */
export interface WireRecordedEvent {
  /** The event's UUID, as text (a structured UUID is turned into its text). */
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly commitPosition: bigint;
  /** The `type` and `content-type` entries of the server's metadata. */
  readonly type: string;
  readonly contentType: string;
  /** The event's data: a view of the message's bytes. */
  readonly data: Uint8Array;
}

export type ReadMessage =
  | {
      readonly kind: 'event';
      /** Absent for a link whose event is gone (Tally writes no links). */
      readonly event: WireRecordedEvent | undefined;
      readonly link: WireRecordedEvent | undefined;
    }
  | { readonly kind: 'streamNotFound'; readonly streamName: string }
  | { readonly kind: 'confirmation' }
  | { readonly kind: 'checkpoint'; readonly commitPosition: bigint }
  | { readonly kind: 'caughtUp' }
  /** Anything else the server may send (stream positions, a subscription fallen behind). */
  | { readonly kind: 'other' };

/** Bytes that are not a ReadResp: the call fails with this, naming the offset. */
export class ReadRespFormatError extends Error {
  constructor(detail: string, at: number) {
    super(`the server's ReadResp is not valid protobuf: ${detail} at byte ${at}`);
    this.name = 'ReadRespFormatError';
  }
}

const VARINT = 0;
const FIXED64 = 1;
const DELIMITED = 2;
const FIXED32 = 5;

const utf8 = new TextDecoder('utf-8');

/** A cursor over one message's bytes, `[at, end)`. */
class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
    readonly end: number,
  ) {}

  get done(): boolean {
    return this.at >= this.end;
  }

  private byte(): number {
    if (this.at >= this.end) throw new ReadRespFormatError('a varint runs past its message', this.at);
    return this.bytes[this.at++] as number;
  }

  /** A varint that fits 32 bits (tags, lengths); a longer one is refused. */
  small(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        if (value > 0xffff_ffff) break;
        return value;
      }
    }
    throw new ReadRespFormatError('a tag or length does not fit 32 bits', this.at);
  }

  /** An unsigned 64-bit varint. */
  large(): bigint {
    let low = 0;
    let shift = 0;
    // The first four bytes (28 bits) in number arithmetic: revisions and positions of most stores.
    for (; shift < 28; shift += 7) {
      const byte = this.byte();
      low += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return BigInt(low);
    }
    let value = BigInt(low);
    for (; shift < 70; shift += 7) {
      const byte = this.byte();
      value |= BigInt(byte & 0x7f) << BigInt(shift);
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    throw new ReadRespFormatError('a varint is longer than 10 bytes', this.at);
  }

  /** The bounds of a length-delimited field's payload; the cursor moves past it. */
  delimited(): Cursor {
    const length = this.small();
    const start = this.at;
    if (length > this.end - start) throw new ReadRespFormatError('a field runs past its message', start);
    this.at = start + length;
    return new Cursor(this.bytes, start, start + length);
  }

  /** A length-delimited field's payload as UTF-8 text. */
  text(): string {
    return this.delimited().rest();
  }

  /** The bytes left, `[at, end)`, as UTF-8 text. */
  rest(): string {
    return utf8.decode(this.bytes.subarray(this.at, this.end));
  }

  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.large();
        return;
      case FIXED64:
        this.advance(8);
        return;
      case DELIMITED:
        this.delimited();
        return;
      case FIXED32:
        this.advance(4);
        return;
      default:
        throw new ReadRespFormatError(`wire type ${wireType} (groups are not used by EventStoreDB)`, this.at);
    }
  }

  private advance(count: number): void {
    if (count > this.end - this.at)
      throw new ReadRespFormatError('a fixed field runs past its message', this.at);
    this.at += count;
  }
}

/** Decodes one ReadResp. */
export function decodeReadResp(bytes: Uint8Array): ReadMessage {
  const cursor = new Cursor(bytes, 0, bytes.length);
  let message: ReadMessage = { kind: 'other' };
  // A oneof: the last of its fields on the wire is the one that counts.
  while (!cursor.done) {
    const key = cursor.small();
    const field = key >>> 3;
    const wireType = key & 7;
    if (wireType !== DELIMITED) {
      // First and last stream position (5, 6) are numbers; fields past 9 are not in the oneof.
      cursor.skip(wireType);
      if (field === 5 || field === 6) message = { kind: 'other' };
      continue;
    }
    const inner = cursor.delimited();
    switch (field) {
      case 1:
        message = readEvent(inner);
        break;
      case 2:
        message = { kind: 'confirmation' };
        break;
      case 3:
        message = checkpoint(inner);
        break;
      case 4:
        message = { kind: 'streamNotFound', streamName: streamNameOf(inner) };
        break;
      case 8:
        message = { kind: 'caughtUp' };
        break;
      default:
        if (field <= 9) message = { kind: 'other' };
    }
  }
  return message;
}

function readEvent(cursor: Cursor): ReadMessage {
  let event: WireRecordedEvent | undefined;
  let link: WireRecordedEvent | undefined;
  while (!cursor.done) {
    const key = cursor.small();
    if (key === ((1 << 3) | DELIMITED)) event = recordedEvent(cursor.delimited());
    else if (key === ((2 << 3) | DELIMITED)) link = recordedEvent(cursor.delimited());
    else cursor.skip(key & 7);
  }
  return { kind: 'event', event, link };
}

function recordedEvent(cursor: Cursor): WireRecordedEvent {
  let id = '';
  let streamName = '';
  let revision = 0n;
  let commitPosition = 0n;
  let type = '';
  let contentType = '';
  let data: Uint8Array = new Uint8Array(0);
  while (!cursor.done) {
    const key = cursor.small();
    switch (key) {
      case (1 << 3) | DELIMITED:
        id = uuidOf(cursor.delimited());
        break;
      case (2 << 3) | DELIMITED:
        streamName = streamIdentifierName(cursor.delimited());
        break;
      case (3 << 3) | VARINT:
        revision = cursor.large();
        break;
      case (5 << 3) | VARINT:
        commitPosition = cursor.large();
        break;
      case (6 << 3) | DELIMITED: {
        const [name, value] = mapEntry(cursor.delimited());
        if (name === 'type') type = value?.rest() ?? '';
        else if (name === 'content-type') contentType = value?.rest() ?? '';
        break;
      }
      case (8 << 3) | DELIMITED: {
        const field = cursor.delimited();
        data = field.bytes.subarray(field.at, field.end);
        break;
      }
      default:
        cursor.skip(key & 7);
    }
  }
  return { id, streamName, revision, commitPosition, type, contentType, data };
}

/** A map<string, string> entry: key 1, value 2, the value left undecoded (only two of the
 * server's entries are read). */
function mapEntry(cursor: Cursor): readonly [string, Cursor | undefined] {
  let name = '';
  let value: Cursor | undefined;
  while (!cursor.done) {
    const key = cursor.small();
    if (key === ((1 << 3) | DELIMITED)) name = cursor.text();
    else if (key === ((2 << 3) | DELIMITED)) value = cursor.delimited();
    else cursor.skip(key & 7);
  }
  return [name, value];
}

/** StreamIdentifier: its name is bytes field 3. */
function streamIdentifierName(cursor: Cursor): string {
  let name = '';
  while (!cursor.done) {
    const key = cursor.small();
    if (key === ((3 << 3) | DELIMITED)) name = cursor.text();
    else cursor.skip(key & 7);
  }
  return name;
}

/** StreamNotFound: its stream identifier is field 1. */
function streamNameOf(cursor: Cursor): string {
  let name = '';
  while (!cursor.done) {
    const key = cursor.small();
    if (key === ((1 << 3) | DELIMITED)) name = streamIdentifierName(cursor.delimited());
    else cursor.skip(key & 7);
  }
  return name;
}

/** Checkpoint: commit position 1, prepare position 2. */
function checkpoint(cursor: Cursor): ReadMessage {
  let commitPosition = 0n;
  while (!cursor.done) {
    const key = cursor.small();
    if (key === ((1 << 3) | VARINT)) commitPosition = cursor.large();
    else cursor.skip(key & 7);
  }
  return { kind: 'checkpoint', commitPosition };
}

/** UUID: a structured pair of int64 (field 1) or its text (field 2). */
function uuidOf(cursor: Cursor): string {
  let text = '';
  while (!cursor.done) {
    const key = cursor.small();
    if (key === ((2 << 3) | DELIMITED)) text = cursor.text();
    else if (key === ((1 << 3) | DELIMITED)) text = structuredUuid(cursor.delimited());
    else cursor.skip(key & 7);
  }
  return text;
}

function structuredUuid(cursor: Cursor): string {
  let most = 0n;
  let least = 0n;
  while (!cursor.done) {
    const key = cursor.small();
    if (key === ((1 << 3) | VARINT)) most = cursor.large();
    else if (key === ((2 << 3) | VARINT)) least = cursor.large();
    else cursor.skip(key & 7);
  }
  return uuidText(most, least);
}
