import { createLogDecoder, serializeEvent } from '@tally/domain';
import { InvalidStoredEventError } from '@tally/ledger';
import { describe, expect, it } from 'vitest';
import type { WireRecordedEvent } from './readResp.js';
import { fromWireEvent } from './storedEvent.js';
import { sampleHistory } from './test-support/sampleEvents.js';

const STREAM = 'tally-org-acme';
const utf8 = new TextEncoder();

const recorded = (data: Uint8Array, contentType = 'application/json'): WireRecordedEvent => ({
  id: '0b1d3c6e-5f8a-4f0e-9a52-7c4e2d9b8a61',
  streamName: STREAM,
  revision: 7n,
  commitPosition: 70n,
  type: 'DeviceActivated',
  contentType,
  data,
});

const refusalOf = (
  event: WireRecordedEvent | undefined,
  link?: WireRecordedEvent,
): InvalidStoredEventError => {
  try {
    fromWireEvent(STREAM, { event, link }, createLogDecoder());
  } catch (error) {
    if (error instanceof InvalidStoredEventError) return error;
    throw error;
  }
  throw new Error('the event was accepted');
};

describe('fromWireEvent', () => {
  it('gives back every event of a history as it was appended, decoded in the read’s context', () => {
    const history = sampleHistory('acme');
    const decoder = createLogDecoder();
    const read = history.map((event) =>
      fromWireEvent(
        STREAM,
        { event: recorded(utf8.encode(serializeEvent(event))), link: undefined },
        decoder,
      ),
    );
    expect(read.map((record) => record.event)).toEqual(history);
    expect(read.every((record) => record.revision === 7n && record.streamName === STREAM)).toBe(true);
  });

  it('refuses data that is not UTF-8, naming the first bad byte, never reading it with U+FFFD', () => {
    const text = serializeEvent(sampleHistory('acme')[0] as never);
    const bytes = Buffer.concat([
      utf8.encode(text.slice(0, 40)),
      Buffer.from([0xfe]),
      utf8.encode(text.slice(40)),
    ]);
    const refusal = refusalOf(recorded(bytes));
    expect(refusal).toMatchObject({ streamName: STREAM, revision: 7n });
    expect(refusal.message).toMatch(/UTF-8/);
    expect(refusal.message).toMatch(/byte 0xFE at byte offset 40/);
  });

  it('names what is wrong with data that is not an event', () => {
    expect(refusalOf(recorded(utf8.encode('[1, 2]'))).message).toContain(
      'event 0b1d3c6e-5f8a-4f0e-9a52-7c4e2d9b8a61: data is not a JSON object',
    );
    expect(refusalOf(recorded(utf8.encode('{"type":'))).message).toContain('data is not a JSON object');
    const wrong = { ...JSON.parse(serializeEvent(sampleHistory('acme')[0] as never)), occurredAt: 'noon' };
    expect(refusalOf(recorded(utf8.encode(JSON.stringify(wrong)))).message).toMatch(
      new RegExp(`event ${wrong.eventId}: occurredAt`),
    );
    expect(refusalOf(recorded(utf8.encode('{}'), 'application/octet-stream')).message).toContain(
      'is not JSON',
    );
    expect(refusalOf(undefined, recorded(utf8.encode('{}'))).message).toContain(
      'a link to an event that no longer exists',
    );
  });
});
