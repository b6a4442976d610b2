// The device and archive lines of a log, recognised without JSON.parse. Nine lines in ten of a
// large log are such events, written by `serializeEvent` in one fixed key order; JSON.parse
// alone cost ~2 µs a line, the whole budget of `tally invoices` at 500,000 events/s. This
// matcher takes only that exact spelling (no whitespace, keys in serializeEvent's order, ids of
// printable ASCII without quotes or backslashes, whole-second instants of real dates, a known
// purge reason) and answers undefined for anything else, which then goes through the codecs: so
// every error, and every other spelling, is still decided by createLogDecoder alone. A property
// test holds the two equal wherever this one answers.
import type { TallyEvent } from '@tally/domain';

const TYPE_HEAD = '{"type":"';
const EVENT_ID = '","eventId":"';
const ORG_ID = '","orgId":"';
const OCCURRED_AT = '","occurredAt":"';
const RECORDED_AT = '","recordedAt":"';
const DATA = '","data":{"';
const DEVICE_ID = 'deviceId":"';
const ARCHIVE_ID = 'archiveId":"';
const USER_ID_NEXT = '","userId":"';
const DEVICE_ID_NEXT = '","deviceId":"';
const REASON_NEXT = '","reason":"';
const TAIL = '"}}';
const INSTANT_LENGTH = 20;

const PURGE_REASONS = [
  'cold-storage-purge',
  'retention-expired',
  'deactivation',
  'canceled',
  'ineligible',
] as const;
type PurgeReason = (typeof PURGE_REASONS)[number];

const QUOTE = 34;
const BACKSLASH = 92;

/** Whether `literal` is spelled at `at` (a loop of char codes: startsWith with a position is a
 * runtime call, and this runs a dozen times a line). */
function matchesAt(text: string, at: number, literal: string): boolean {
  if (at + literal.length > text.length) return false;
  for (let i = 0; i < literal.length; i++) {
    if (text.charCodeAt(at + i) !== literal.charCodeAt(i)) return false;
  }
  return true;
}

/** Index of the quote closing a plain string that starts at `from` (before `end`), or -1 when
 * the string is empty, or holds a character outside printable ASCII, a backslash, or does not
 * close. */
function plainStringEnd(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i > from ? i : -1;
    if (code < 32 || code > 126 || code === BACKSLASH) return -1;
  }
  return -1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function twoDigits(text: string, i: number): number {
  const tens = text.charCodeAt(i) - 48;
  const units = text.charCodeAt(i + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/** `2026-03-07T07:00:00Z` at `at` (then a quote), of a real date and time. */
function isPlainInstantAt(text: string, at: number): boolean {
  if (
    text.charCodeAt(at + 4) !== 45 ||
    text.charCodeAt(at + 7) !== 45 ||
    text.charCodeAt(at + 10) !== 84 ||
    text.charCodeAt(at + 13) !== 58 ||
    text.charCodeAt(at + 16) !== 58 ||
    text.charCodeAt(at + 19) !== 90 ||
    text.charCodeAt(at + 20) !== QUOTE
  ) {
    return false;
  }
  const century = twoDigits(text, at);
  const yearOfCentury = twoDigits(text, at + 2);
  const month = twoDigits(text, at + 5);
  const day = twoDigits(text, at + 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const lastDay = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  const hour = twoDigits(text, at + 11);
  const minute = twoDigits(text, at + 14);
  const second = twoDigits(text, at + 17);
  return day <= lastDay && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60;
}

/** A copy of an id that does not keep the chunk it was cut from alive: V8 slices strings of 13
 * characters or more as views into their parent (a whole 1 MB chunk of the file), and ids end up
 * as keys of long-lived maps. Shorter slices are copies already. */
function ownCopy(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** Recognises entity event lines; remembers the last orgId so that one org's lines share it. */
export class LineEventMatcher {
  private orgId = '';

  /** The event of the line `text[start, end)` when it is spelled exactly as serializeEvent
   * spells a device or archive event; undefined for every other line (the codecs decide those).
   * Taking the line as a range of its chunk saves cutting a string per line. */
  match(text: string, start = 0, end = text.length): TallyEvent | undefined {
    if (!matchesAt(text, start, TYPE_HEAD)) return undefined;
    const typeEnd = plainStringEnd(text, start + TYPE_HEAD.length, end);
    if (typeEnd < 0) return undefined;
    const type = entityType(text, start + TYPE_HEAD.length, typeEnd);
    if (type === undefined || !matchesAt(text, typeEnd, EVENT_ID)) return undefined;
    const idStart = typeEnd + EVENT_ID.length;
    const idEnd = plainStringEnd(text, idStart, end);
    if (idEnd < 0 || !matchesAt(text, idEnd, ORG_ID)) return undefined;
    const orgStart = idEnd + ORG_ID.length;
    const orgEnd = plainStringEnd(text, orgStart, end);
    if (orgEnd < 0 || !matchesAt(text, orgEnd, OCCURRED_AT)) return undefined;
    const occurredStart = orgEnd + OCCURRED_AT.length;
    const recordedStart = occurredStart + INSTANT_LENGTH + RECORDED_AT.length;
    const dataStart = recordedStart + INSTANT_LENGTH + DATA.length;
    if (
      dataStart >= end ||
      !isPlainInstantAt(text, occurredStart) ||
      !matchesAt(text, occurredStart + INSTANT_LENGTH, RECORDED_AT) ||
      !isPlainInstantAt(text, recordedStart) ||
      !matchesAt(text, recordedStart + INSTANT_LENGTH, DATA)
    ) {
      return undefined;
    }
    const data = entityData(text, type, dataStart, end);
    if (data === undefined) return undefined;
    const eventId = text.slice(idStart, idEnd);
    const orgId = this.orgIdAt(text, orgStart, orgEnd);
    const occurredAt = text.slice(occurredStart, occurredStart + INSTANT_LENGTH);
    const recordedAt = text.slice(recordedStart, recordedStart + INSTANT_LENGTH);
    // The key order of decodeEntityEventFast, so both give objects of one shape.
    return { type, eventId, orgId, occurredAt, recordedAt, data } as TallyEvent;
  }

  private orgIdAt(text: string, start: number, end: number): string {
    const known = this.orgId;
    if (end - start === known.length && matchesAt(text, start, known)) return known;
    this.orgId = ownCopy(text.slice(start, end));
    return this.orgId;
  }
}

type EntityType =
  | 'DeviceActivated'
  | 'DeviceDeactivated'
  | 'DeviceReactivated'
  | 'ArchiveCreated'
  | 'ArchivePurged';

/** The type named between TYPE_HEAD and `end`, when it is a device or archive event. */
function entityType(text: string, from: number, end: number): EntityType | undefined {
  switch (end - from) {
    case 15:
      return matchesAt(text, from, 'DeviceActivated') ? 'DeviceActivated' : undefined;
    case 17:
      if (matchesAt(text, from, 'DeviceDeactivated')) return 'DeviceDeactivated';
      return matchesAt(text, from, 'DeviceReactivated') ? 'DeviceReactivated' : undefined;
    case 14:
      return matchesAt(text, from, 'ArchiveCreated') ? 'ArchiveCreated' : undefined;
    case 13:
      return matchesAt(text, from, 'ArchivePurged') ? 'ArchivePurged' : undefined;
    default:
      return undefined;
  }
}

type EntityData =
  | { deviceId: string; userId: string }
  | { deviceId: string }
  | { archiveId: string; deviceId: string }
  | { archiveId: string; reason: PurgeReason };

/** The data object starting after `{"` at `at`, which must close the line. */
function entityData(text: string, type: EntityType, at: number, end: number): EntityData | undefined {
  switch (type) {
    case 'DeviceActivated': {
      const first = idAfter(text, DEVICE_ID, at, end, USER_ID_NEXT);
      if (first === undefined) return undefined;
      const userId = lastId(text, first.next, end);
      return userId === undefined ? undefined : { deviceId: first.id, userId };
    }
    case 'DeviceDeactivated':
    case 'DeviceReactivated': {
      if (!matchesAt(text, at, DEVICE_ID)) return undefined;
      const deviceId = lastId(text, at + DEVICE_ID.length, end);
      return deviceId === undefined ? undefined : { deviceId };
    }
    case 'ArchiveCreated': {
      const first = idAfter(text, ARCHIVE_ID, at, end, DEVICE_ID_NEXT);
      if (first === undefined) return undefined;
      const deviceId = lastId(text, first.next, end);
      return deviceId === undefined ? undefined : { archiveId: first.id, deviceId };
    }
    case 'ArchivePurged': {
      const first = idAfter(text, ARCHIVE_ID, at, end, REASON_NEXT);
      if (first === undefined) return undefined;
      const reason = lastId(text, first.next, end);
      const known = PURGE_REASONS.find((candidate) => candidate === reason);
      return known === undefined ? undefined : { archiveId: first.id, reason: known };
    }
  }
}

/** `key":"<id>` at `at` followed by `separator`: the id and where the next value starts. */
function idAfter(
  text: string,
  key: string,
  at: number,
  lineEnd: number,
  separator: string,
): { id: string; next: number } | undefined {
  if (!matchesAt(text, at, key)) return undefined;
  const start = at + key.length;
  const end = plainStringEnd(text, start, lineEnd);
  if (end < 0 || !matchesAt(text, end, separator)) return undefined;
  return { id: ownCopy(text.slice(start, end)), next: end + separator.length };
}

/** The last value of the line: `<id>"}}` and nothing after. */
function lastId(text: string, start: number, lineEnd: number): string | undefined {
  const end = plainStringEnd(text, start, lineEnd);
  if (end < 0 || end + TAIL.length !== lineEnd || !matchesAt(text, end, TAIL)) return undefined;
  return ownCopy(text.slice(start, end));
}
