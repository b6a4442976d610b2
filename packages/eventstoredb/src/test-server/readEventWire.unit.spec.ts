import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamsPb } from '../generated.js';
import { storedEvent, UUID } from '../test-support/storedEvents.spec-helper.js';
import { encodeReadEvent, readEventBytes, type UuidForm } from './readEventWire.js';
import type { StoredEvent } from './streamLog.js';
import { readResponseOf } from './streamsService.js';

const forms: readonly UuidForm[] = ['string', 'structured'];

describe('the ReadResp bytes of a stored event', () => {
  it('are the bytes google-protobuf writes for the same message', () => {
    fc.assert(
      fc.property(storedEvent, fc.constantFrom(...forms), (event, form) => {
        // The log holds canonical UUIDs; only the string form is defined for any other text.
        fc.pre(form === 'string' || UUID.test(event.id));
        const expected = readResponseOf(event, form).serializeBinary();
        expect(Buffer.from(encodeReadEvent(event, form)).toString('hex')).toBe(
          Buffer.from(expected).toString('hex'),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('decode with the client’s classes to the event: ids, positions, metadata and bytes', () => {
    fc.assert(
      fc.property(storedEvent, (event) => {
        const decoded = streamsPb.ReadResp.deserializeBinary(encodeReadEvent(event, 'string'));
        const recorded = decoded.getEvent()?.getEvent();
        expect(recorded?.getId()?.getString()).toBe(event.id);
        expect(new TextDecoder().decode(recorded?.getStreamIdentifier()?.getStreamName_asU8())).toBe(
          event.streamName,
        );
        expect(BigInt(recorded?.getStreamRevision() ?? -1)).toBe(event.revision);
        expect(BigInt(recorded?.getCommitPosition() ?? -1)).toBe(event.position);
        expect(BigInt(decoded.getEvent()?.getCommitPosition() ?? -1)).toBe(event.position);
        const metadata = recorded?.getMetadataMap();
        expect(metadata?.get('type')).toBe(event.type);
        expect(metadata?.get('content-type')).toBe(event.contentType);
        expect(metadata?.get('created')).toBe(event.createdTicks.toString(10));
        expect(recorded?.getData_asU8()).toEqual(event.data);
        expect(recorded?.getCustomMetadata_asU8()).toEqual(event.customMetadata);
      }),
      { numRuns: 300 },
    );
  });

  it('are encoded once per event and form, then reused', () => {
    const event: StoredEvent = {
      id: '0b1d3c6e-5f8a-4f0e-9a52-7c4e2d9b8a61',
      type: 'DeviceActivated',
      contentType: 'application/json',
      data: new TextEncoder().encode('{"a":1}'),
      customMetadata: new Uint8Array(),
      streamName: 'tally-org-acme',
      revision: 3n,
      position: 17n,
      createdTicks: 17_000_000_000_000_000n,
    };
    const first = readEventBytes(event, 'string');
    expect(readEventBytes(event, 'string')).toBe(first);
    const structured = readEventBytes(event, 'structured');
    expect(Buffer.from(structured).equals(first)).toBe(false);
    expect(readEventBytes(event, 'structured')).toBe(structured);
    expect(Buffer.from(first).equals(readResponseOf(event, 'string').serializeBinary())).toBe(true);
  });
});
