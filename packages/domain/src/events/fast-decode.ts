// The fast path of decoding: nine events in ten of a large log are device and archive events
// with two string fields. This recognises exactly the well-formed ones (the shape the io-ts
// codecs accept, instants already canonical, whole seconds or milliseconds) without building io-ts
// contexts, and returns undefined for anything else, which then goes through the codecs: so
// every error, and every input that needs normalising, is still decided by the codecs alone.
import { isCanonicalInstantFast } from './fast-line/canonical-instant.js';
import type { TallyEvent } from './types.js';
import { loneSurrogateAt } from './unicode-text.js';

const PURGE_REASONS = new Set([
  'cold-storage-purge',
  'retention-expired',
  'deactivation',
  'canceled',
  'ineligible',
]);

/** A non-empty string that is Unicode text (a lone surrogate is the codecs' to refuse). */
function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && loneSurrogateAt(value) < 0;
}

/** A canonical instant: the only spelling taken here (instant.ts decides every other one). */
function isPlainInstant(value: unknown): value is string {
  return typeof value === 'string' && isCanonicalInstantFast(value);
}

function keyCount(object: object): number {
  let count = 0;
  for (const key in object) if (Object.hasOwn(object, key)) count++;
  return count;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The decoded event when `json` is a well-formed device or archive event; else undefined. */
export function decodeEntityEventFast(json: unknown): TallyEvent | undefined {
  if (!isPlainRecord(json)) return undefined;
  // `schemaVersion` 1 (the only version of these types) is kept, so it is written back.
  const keys = keyCount(json);
  const versioned = keys === 7 && json.schemaVersion === 1;
  if (keys !== 6 && !versioned) return undefined;
  const event = decodeUnversioned(json);
  return event === undefined || !versioned ? event : { ...event, schemaVersion: 1 };
}

function decodeUnversioned(json: Record<string, unknown>): TallyEvent | undefined {
  const { type, eventId, orgId, occurredAt, recordedAt, data } = json;
  if (
    !isNonEmptyString(eventId) ||
    !isNonEmptyString(orgId) ||
    !isPlainInstant(occurredAt) ||
    !isPlainInstant(recordedAt) ||
    !isPlainRecord(data)
  ) {
    return undefined;
  }
  const fields = keyCount(data);
  switch (type) {
    case 'DeviceActivated': {
      const { deviceId, userId } = data;
      if (fields !== 2 || !isNonEmptyString(deviceId) || !isNonEmptyString(userId)) return undefined;
      return { type, eventId, orgId, occurredAt, recordedAt, data: { deviceId, userId } };
    }
    case 'DeviceDeactivated':
    case 'DeviceReactivated': {
      const { deviceId } = data;
      if (fields !== 1 || !isNonEmptyString(deviceId)) return undefined;
      return { type, eventId, orgId, occurredAt, recordedAt, data: { deviceId } };
    }
    case 'ArchiveCreated': {
      const { archiveId, deviceId } = data;
      if (fields !== 2 || !isNonEmptyString(archiveId) || !isNonEmptyString(deviceId)) return undefined;
      return { type, eventId, orgId, occurredAt, recordedAt, data: { archiveId, deviceId } };
    }
    case 'ArchivePurged': {
      const { archiveId, reason } = data;
      if (
        fields !== 2 ||
        !isNonEmptyString(archiveId) ||
        typeof reason !== 'string' ||
        !PURGE_REASONS.has(reason)
      ) {
        return undefined;
      }
      return {
        type,
        eventId,
        orgId,
        occurredAt,
        recordedAt,
        data: { archiveId, reason: reason as 'cold-storage-purge' },
      };
    }
    default:
      return undefined;
  }
}
