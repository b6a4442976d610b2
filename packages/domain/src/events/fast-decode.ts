// The fast path of decoding: nine events in ten of a large log are device and archive events
// with two string fields. This recognises exactly the well-formed ones (the shape the io-ts
// codecs accept, instants already canonical with whole seconds) without building io-ts
// contexts, and returns undefined for anything else, which then goes through the codecs: so
// every error, and every input that needs normalising, is still decided by the codecs alone.
import type { TallyEvent } from './types.js';

const PURGE_REASONS = new Set([
  'cold-storage-purge',
  'retention-expired',
  'deactivation',
  'canceled',
  'ineligible',
]);

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two digits at `i` as a number, or -1 when either is not a digit. */
function twoDigits(text: string, i: number): number {
  const tens = text.charCodeAt(i) - 48;
  const units = text.charCodeAt(i + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/** A whole-second canonical instant (`2026-03-07T07:00:00Z`) of a real date and time: the only
 * spelling taken here (instant.ts decides every other one). */
function isPlainInstant(value: unknown): value is string {
  if (
    typeof value !== 'string' ||
    value.length !== 20 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 90
  ) {
    return false;
  }
  const century = twoDigits(value, 0);
  const yearOfCentury = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const lastDay = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  return day <= lastDay && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60;
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
  if (!isPlainRecord(json) || keyCount(json) !== 6) return undefined;
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
