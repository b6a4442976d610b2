// EventStoreDB keys events by UUID and uses it for idempotent appends. Tally's eventIds are meant
// to be UUIDs, but the wire format only promises they are unique strings, so any other id is
// mapped to a name-based UUID (RFC 4122 version 5, SHA-1): the same eventId always gives the
// same UUID, which keeps retried appends idempotent.
import { createHash } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Namespace of the name-based UUIDs made from Tally eventIds that are not UUIDs. */
export const TALLY_EVENT_ID_NAMESPACE = '0b1d3c6e-5f8a-4f0e-9a52-7c4e2d9b8a61';

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

const formatUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1). */
export const uuidV5 = (namespace: string, name: string): string => {
  if (!isUuid(namespace)) throw new RangeError(`UUID namespace ${JSON.stringify(namespace)} is not a UUID`);
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6); // version 5
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8); // RFC 4122 variant
  return formatUuid(bytes.toString('hex'));
};

/** The UUID an event is stored under: the eventId itself (lower case) when it is a UUID. */
export const eventIdToUuid = (eventId: string): string =>
  isUuid(eventId) ? eventId.toLowerCase() : uuidV5(TALLY_EVENT_ID_NAMESPACE, eventId);
