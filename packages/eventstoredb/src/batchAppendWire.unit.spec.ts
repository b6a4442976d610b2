import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BatchAppendHeader, batchAppendRequests, type ProposedEvent } from './batchAppendWire.js';
import { ProtobufEmpty, sharedPb, streamsPb } from './generated.js';
import { U64_MAX, uuid } from './test-support/storedEvents.spec-helper.js';

// google-protobuf's Timestamp, from the client's own copy (as generated.ts loads the others).
const fromClient = createRequire(
  createRequire(import.meta.url).resolve('@eventstore/db-client/package.json'),
);
const { Timestamp } = fromClient('google-protobuf/google/protobuf/timestamp_pb.js') as {
  Timestamp: { fromDate(date: Date): unknown };
};

const bytes = fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 300 }));

const proposed: fc.Arbitrary<ProposedEvent> = fc.record({
  id: fc.oneof(uuid, fc.string({ unit: 'grapheme', maxLength: 40 })),
  type: fc.string({ unit: 'grapheme', maxLength: 30 }),
  contentType: fc.constantFrom('application/json', 'application/octet-stream', ''),
  data: bytes,
  customMetadata: bytes,
});

const header: fc.Arbitrary<BatchAppendHeader> = fc.record({
  correlationId: uuid,
  streamName: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 80 })),
  expected: fc.oneof(
    fc.constantFrom<'no_stream' | 'any' | 'stream_exists'>('no_stream', 'any', 'stream_exists'),
    fc.constant(0n),
    fc.bigInt({ min: 0n, max: U64_MAX }),
  ),
  deadlineMs: fc.integer({ min: 0, max: 253_402_300_799_999 }),
});

/** The requests as the client's batch append builds them with google-protobuf (its eventBatcher). */
function expectedRequests(
  head: BatchAppendHeader,
  events: readonly ProposedEvent[],
  max: number,
): Uint8Array[] {
  const correlation = new sharedPb.UUID();
  correlation.setString(head.correlationId);
  const options = new streamsPb.BatchAppendReq.Options();
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(new TextEncoder().encode(head.streamName));
  options.setStreamIdentifier(identifier);
  options.setDeadline(Timestamp.fromDate(new Date(head.deadlineMs)) as never);
  if (head.expected === 'any') options.setAny(new ProtobufEmpty());
  else if (head.expected === 'no_stream') options.setNoStream(new ProtobufEmpty());
  else if (head.expected === 'stream_exists') options.setStreamExists(new ProtobufEmpty());
  else options.setStreamPosition(head.expected.toString(10));
  const requestOf = (withOptions: boolean) => {
    const request = new streamsPb.BatchAppendReq();
    if (withOptions) request.setOptions(options);
    request.setCorrelationId(correlation);
    request.setIsFinal(false);
    return request;
  };
  const out: Uint8Array[] = [];
  let request = requestOf(true);
  let size = 0;
  for (const event of events) {
    const message = new streamsPb.BatchAppendReq.ProposedMessage();
    const id = new sharedPb.UUID();
    id.setString(event.id);
    message.setId(id);
    message.getMetadataMap().set('type', event.type);
    message.getMetadataMap().set('content-type', event.contentType);
    message.setData(event.data);
    if (event.customMetadata.length > 0) message.setCustomMetadata(event.customMetadata);
    const messageSize = message.serializeBinary().length;
    if (size + messageSize >= max) {
      out.push(request.serializeBinary());
      request = requestOf(false);
      size = 0;
    }
    size += messageSize;
    request.addProposedMessages(message);
  }
  request.setIsFinal(true);
  out.push(request.serializeBinary());
  return out;
}

const hex = (list: readonly Uint8Array[]) => list.map((item) => Buffer.from(item).toString('hex'));

describe('batchAppendRequests', () => {
  it('are the bytes google-protobuf writes for the requests the client would send, split where it splits them', () => {
    fc.assert(
      fc.property(
        header,
        fc.array(proposed, { maxLength: 12 }),
        fc.integer({ min: 1, max: 3_000 }),
        (head, events, max) => {
          expect(hex(batchAppendRequests(head, events, max))).toEqual(
            hex(expectedRequests(head, events, max)),
          );
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('decode with the client’s classes to the events proposed', () => {
    fc.assert(
      fc.property(header, fc.array(proposed, { minLength: 1, maxLength: 8 }), (head, events) => {
        const [only] = batchAppendRequests(head, events, 3 * 1024 * 1024);
        const request = streamsPb.BatchAppendReq.deserializeBinary(only as Uint8Array);
        expect(request.getCorrelationId()?.getString()).toBe(head.correlationId);
        expect(request.getIsFinal()).toBe(true);
        const messages = request.getProposedMessagesList();
        expect(messages.map((message) => message.getId()?.getString())).toEqual(
          events.map((event) => event.id),
        );
        expect(messages.map((message) => message.getMetadataMap().get('type'))).toEqual(
          events.map((event) => event.type),
        );
        expect(messages.map((message) => Buffer.from(message.getData_asU8()).toString('hex'))).toEqual(
          events.map((event) => Buffer.from(event.data).toString('hex')),
        );
      }),
      { numRuns: 300 },
    );
  });
});
