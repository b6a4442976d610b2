// Arbitrary stored events of the test server's log (any UUID form, stream name, revision and
// position up to 2^64-1, bytes), for the tests of how a ReadResp is written and read.
import fc from 'fast-check';
import type { StoredEvent } from '../test-server/streamLog.js';

export const U64_MAX = 2n ** 64n - 1n;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const uuid = fc
  .tuple(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 0n, max: U64_MAX }))
  .map(([high, low]) => {
    const hex = high.toString(16).padStart(16, '0') + low.toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });

/** Small and large values alike: 0 (a default left out), one-byte varints, and up to 2^64-1. */
export const u64 = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 0n, max: 300n }),
  fc.bigInt({ min: 0n, max: 2n ** 40n }),
  fc.bigInt({ min: 0n, max: U64_MAX }),
);

const bytes = fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 400 }));

export const storedEvent: fc.Arbitrary<StoredEvent> = fc.record({
  id: fc.oneof(
    uuid,
    fc.constant('00000000-0000-0000-0000-000000000000'),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  ),
  type: fc.string({ unit: 'grapheme', maxLength: 40 }),
  contentType: fc.constantFrom('application/json', 'application/octet-stream', ''),
  data: bytes,
  customMetadata: bytes,
  streamName: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 200 })),
  revision: u64,
  position: u64,
  createdTicks: u64,
});
