import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedPb, streamsPb } from './generated.js';
import { decodeReadResp, type ReadMessage, ReadRespFormatError } from './readResp.js';
import { encodeReadEvent, type UuidForm } from './test-server/readEventWire.js';
import type { StoredEvent } from './test-server/streamLog.js';
import { readResponseOf } from './test-server/streamsService.js';
import { storedEvent, U64_MAX, UUID, u64 } from './test-support/storedEvents.spec-helper.js';

const forms: readonly UuidForm[] = ['string', 'structured'];

/** What decodeReadResp must give for the ReadResp of `event`. */
const expectedOf = (event: StoredEvent): ReadMessage => ({
  kind: 'event',
  event: {
    id: event.id,
    streamName: event.streamName,
    revision: event.revision,
    commitPosition: event.position,
    type: event.type,
    contentType: event.contentType,
    data: event.data,
  },
  link: undefined,
});

/** The message with its data as a plain Uint8Array (a Buffer's view is a Buffer). */
const decoded = (bytes: Uint8Array): ReadMessage => {
  const message = decodeReadResp(bytes);
  if (message.kind !== 'event') return message;
  const plain = (event: typeof message.event) =>
    event === undefined ? undefined : { ...event, data: Uint8Array.from(event.data) };
  return { kind: 'event', event: plain(message.event), link: plain(message.link) };
};

const serialized = (message: { serializeBinary(): Uint8Array }): Uint8Array => message.serializeBinary();

/** An unknown field of each wire type, as a newer server may add (field numbers past the oneof). */
const unknownField = fc.oneof(
  fc.tuple(fc.integer({ min: 10, max: 2000 }), u64).map(([field, value]) => {
    const writer = [...varint(BigInt(field << 3)), ...varint(value)];
    return Uint8Array.from(writer);
  }),
  fc
    .tuple(fc.integer({ min: 10, max: 2000 }), fc.uint8Array({ maxLength: 40 }))
    .map(([field, payload]) =>
      Uint8Array.from([...varint(BigInt((field << 3) | 2)), ...varint(BigInt(payload.length)), ...payload]),
    ),
  fc
    .integer({ min: 10, max: 2000 })
    .map((field) => Uint8Array.from([...varint(BigInt((field << 3) | 1)), 1, 2, 3, 4, 5, 6, 7, 8])),
  fc
    .integer({ min: 10, max: 2000 })
    .map((field) => Uint8Array.from([...varint(BigInt((field << 3) | 5)), 1, 2, 3, 4])),
);

function varint(value: bigint): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 0x7fn) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

describe('decodeReadResp', () => {
  it('reads an event as the client’s classes wrote it, in either UUID form, and as the test server writes it', () => {
    fc.assert(
      fc.property(storedEvent, fc.constantFrom(...forms), u64, (event, form, prepare) => {
        fc.pre(form === 'string' || UUID.test(event.id));
        const message = readResponseOf(event, form);
        // The prepare position beside the commit position is not the one read.
        message.getEvent()?.getEvent()?.setPreparePosition(prepare.toString(10));
        expect(decoded(serialized(message))).toEqual(expectedOf(event));
        expect(decoded(encodeReadEvent(event, form))).toEqual(expectedOf(event));
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads a link whose event is gone as an event without one', () => {
    fc.assert(
      fc.property(storedEvent, (event) => {
        const recorded = readResponseOf(event, 'string').getEvent()?.getEvent();
        const readEvent = new streamsPb.ReadResp.ReadEvent();
        readEvent.setLink(recorded);
        readEvent.setNoPosition(new sharedPb.Empty());
        expect(decoded(serialized(new streamsPb.ReadResp().setEvent(readEvent)))).toEqual({
          kind: 'event',
          event: undefined,
          link: (expectedOf(event) as { event: unknown }).event,
        });
      }),
      { numRuns: 100 },
    );
  });

  it('reads checkpoints, a missing stream, confirmations and caught-up notices, and passes over the rest', () => {
    fc.assert(
      fc.property(u64, u64, fc.string({ unit: 'grapheme', maxLength: 80 }), (commit, prepare, name) => {
        const checkpoint = new streamsPb.ReadResp.Checkpoint();
        checkpoint.setCommitPosition(commit.toString(10));
        checkpoint.setPreparePosition(prepare.toString(10));
        expect(decodeReadResp(serialized(new streamsPb.ReadResp().setCheckpoint(checkpoint)))).toEqual({
          kind: 'checkpoint',
          commitPosition: commit,
        });
        const identifier = new sharedPb.StreamIdentifier();
        identifier.setStreamName(new TextEncoder().encode(name));
        const notFound = new streamsPb.ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(identifier);
        expect(decodeReadResp(serialized(new streamsPb.ReadResp().setStreamNotFound(notFound)))).toEqual({
          kind: 'streamNotFound',
          streamName: name,
        });
        const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
        confirmation.setSubscriptionId(name);
        expect(decodeReadResp(serialized(new streamsPb.ReadResp().setConfirmation(confirmation)))).toEqual({
          kind: 'confirmation',
        });
        expect(
          decodeReadResp(serialized(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()))),
        ).toEqual({
          kind: 'caughtUp',
        });
        for (const other of [
          new streamsPb.ReadResp().setFellBehind(new streamsPb.ReadResp.FellBehind()),
          new streamsPb.ReadResp().setFirstStreamPosition(commit.toString(10)),
          new streamsPb.ReadResp().setLastStreamPosition(commit.toString(10)),
        ]) {
          expect(decodeReadResp(serialized(other))).toEqual({ kind: 'other' });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('skips fields it does not know, of every wire type', () => {
    fc.assert(
      fc.property(storedEvent, fc.array(unknownField, { maxLength: 4 }), (event, unknown) => {
        const bytes = Buffer.concat([encodeReadEvent(event, 'string'), ...unknown]);
        expect(decoded(bytes)).toEqual(expectedOf(event));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a message cut short with a ReadRespFormatError, and random bytes with nothing worse', () => {
    fc.assert(
      fc.property(storedEvent, fc.nat(), (event, at) => {
        const bytes = encodeReadEvent(event, 'string');
        const cut = 1 + (at % (bytes.length - 1));
        // The event is one field at the top: any cut inside it leaves it running past the end.
        expect(() => decodeReadResp(bytes.subarray(0, cut))).toThrow(ReadRespFormatError);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeReadResp(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(ReadRespFormatError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads revisions and positions up to 2^64-1', () => {
    const event: StoredEvent = {
      id: '0b1d3c6e-5f8a-4f0e-9a52-7c4e2d9b8a61',
      type: 'DeviceActivated',
      contentType: 'application/json',
      data: new TextEncoder().encode('{}'),
      customMetadata: new Uint8Array(),
      streamName: 'tally-org-acme',
      revision: U64_MAX,
      position: U64_MAX - 1n,
      createdTicks: 1n,
    };
    expect(decoded(encodeReadEvent(event, 'structured'))).toEqual(expectedOf(event));
  });
});
