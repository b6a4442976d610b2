// The device and archive lines of a log, read straight from the file's bytes, without a string
// or JSON.parse. Nine lines in ten of a large log are such events, written by `serializeEvent`
// in one fixed key order; JSON.parse alone cost ~2 µs a line, four times the whole budget of
// `tally invoices` at 500,000 events/s. This reader takes only that exact spelling (no
// whitespace, keys in serializeEvent's order, ids of printable ASCII without quotes or
// backslashes, whole-second instants of real dates, a known purge reason) and refuses anything
// else, which then goes through the codecs: so every error, and every other spelling, is still
// decided by createLogDecoder alone. A property test holds the two equal wherever this one reads.
// Nothing from @tally/domain at run time (types only): the scan worker loads this file alone.
import type { TallyEvent } from '@tally/domain';
import { daysFromCivil } from './civil-days.js';

/** The entity event types this reader knows, as numbers (compared a million times). */
export const DEVICE_ACTIVATED = 1;
export const DEVICE_DEACTIVATED = 2;
export const DEVICE_REACTIVATED = 3;
export const ARCHIVE_CREATED = 4;
export const ARCHIVE_PURGED = 5;

const TYPE_NAMES = [
  '',
  'DeviceActivated',
  'DeviceDeactivated',
  'DeviceReactivated',
  'ArchiveCreated',
  'ArchivePurged',
] as const;

const PURGE_REASONS = [
  'cold-storage-purge',
  'retention-expired',
  'deactivation',
  'canceled',
  'ineligible',
] as const;

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

const TYPE_HEAD = ascii('{"type":"');
const EVENT_ID = ascii('","eventId":"');
const ORG_ID = ascii('","orgId":"');
const OCCURRED_AT = ascii('","occurredAt":"');
const RECORDED_AT = ascii('","recordedAt":"');
const DATA = ascii('","data":{"');
const DEVICE_ID = ascii('deviceId":"');
const ARCHIVE_ID = ascii('archiveId":"');
const USER_ID_NEXT = ascii('","userId":"');
const DEVICE_ID_NEXT = ascii('","deviceId":"');
const REASON_NEXT = ascii('","reason":"');
const TAIL = ascii('"}}');
const TYPE_LITERALS = TYPE_NAMES.map(ascii);
const REASON_LITERALS = PURGE_REASONS.map(ascii);
const INSTANT_LENGTH = 20;

const QUOTE = 34;
const BACKSLASH = 92;

/** Whether `literal` is spelled at `at` (before `end`). */
function matchesAt(bytes: Uint8Array, at: number, end: number, literal: Uint8Array): boolean {
  if (at + literal.length > end) return false;
  for (let i = 0; i < literal.length; i++) {
    if (bytes[at + i] !== literal[i]) return false;
  }
  return true;
}

/** Index of the quote closing a plain string that starts at `from` (before `end`), or -1 when
 * the string is empty, or holds a byte outside printable ASCII, a backslash, or does not close. */
function plainStringEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const code = bytes[i] as number;
    if (code === QUOTE) return i > from ? i : -1;
    if (code < 32 || code > 126 || code === BACKSLASH) return -1;
  }
  return -1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function twoDigits(bytes: Uint8Array, i: number): number {
  const tens = (bytes[i] as number) - 48;
  const units = (bytes[i + 1] as number) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/** `2026-03-07T07:00:00Z` at `at`, then a quote, of a real date and time, in epoch ms; NaN for
 * anything else. The caller has checked that the 21 bytes are inside the line. */
function plainInstantMsAt(bytes: Uint8Array, at: number): number {
  if (
    bytes[at + 4] !== 45 ||
    bytes[at + 7] !== 45 ||
    bytes[at + 10] !== 84 ||
    bytes[at + 13] !== 58 ||
    bytes[at + 16] !== 58 ||
    bytes[at + 19] !== 90 ||
    bytes[at + 20] !== QUOTE
  ) {
    return Number.NaN;
  }
  const century = twoDigits(bytes, at);
  const yearOfCentury = twoDigits(bytes, at + 2);
  const month = twoDigits(bytes, at + 5);
  const day = twoDigits(bytes, at + 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return Number.NaN;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const lastDay = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  const hour = twoDigits(bytes, at + 11);
  const minute = twoDigits(bytes, at + 14);
  const second = twoDigits(bytes, at + 17);
  if (day > lastDay || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Number.NaN;
  }
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
}

/** Reads entity event lines into its own fields (no object per line): after `read` answers
 * true, `type` and the byte ranges below describe the line until the next `read`. */
export class EntityLineReader {
  type = 0;
  eventIdStart = 0;
  eventIdEnd = 0;
  orgIdStart = 0;
  orgIdEnd = 0;
  occurredAtStart = 0;
  recordedAtStart = 0;
  occurredMs = 0;
  recordedMs = 0;
  /** The data's first id: the deviceId of a device event, the archiveId of an archive event. */
  firstStart = 0;
  firstEnd = 0;
  /** The second value: userId, the archive's deviceId, or the purge reason. */
  secondStart = 0;
  secondEnd = 0;
  /** The purge reason's index in PURGE_REASONS. */
  reason = 0;
  private orgId = '';
  private orgIdBytes: Uint8Array = new Uint8Array(0);

  /** Whether `bytes[start, end)` is spelled exactly as serializeEvent spells a device or archive
   * event (then the fields describe it). */
  read(bytes: Uint8Array, start: number, end: number): boolean {
    if (!matchesAt(bytes, start, end, TYPE_HEAD)) return false;
    const typeStart = start + TYPE_HEAD.length;
    const typeEnd = plainStringEnd(bytes, typeStart, end);
    if (typeEnd < 0) return false;
    const type = entityType(bytes, typeStart, typeEnd);
    if (type === 0 || !matchesAt(bytes, typeEnd, end, EVENT_ID)) return false;
    const idStart = typeEnd + EVENT_ID.length;
    const idEnd = plainStringEnd(bytes, idStart, end);
    if (idEnd < 0 || !matchesAt(bytes, idEnd, end, ORG_ID)) return false;
    const orgStart = idEnd + ORG_ID.length;
    const orgEnd = plainStringEnd(bytes, orgStart, end);
    if (orgEnd < 0 || !matchesAt(bytes, orgEnd, end, OCCURRED_AT)) return false;
    const occurredStart = orgEnd + OCCURRED_AT.length;
    const recordedStart = occurredStart + INSTANT_LENGTH + RECORDED_AT.length;
    const dataStart = recordedStart + INSTANT_LENGTH + DATA.length;
    if (dataStart >= end || !matchesAt(bytes, occurredStart + INSTANT_LENGTH, end, RECORDED_AT)) return false;
    if (!matchesAt(bytes, recordedStart + INSTANT_LENGTH, end, DATA)) return false;
    const occurredMs = plainInstantMsAt(bytes, occurredStart);
    const recordedMs = plainInstantMsAt(bytes, recordedStart);
    if (Number.isNaN(occurredMs) || Number.isNaN(recordedMs) || !this.readData(bytes, type, dataStart, end)) {
      return false;
    }
    this.type = type;
    this.eventIdStart = idStart;
    this.eventIdEnd = idEnd;
    this.orgIdStart = orgStart;
    this.orgIdEnd = orgEnd;
    this.occurredAtStart = occurredStart;
    this.recordedAtStart = recordedStart;
    this.occurredMs = occurredMs;
    this.recordedMs = recordedMs;
    return true;
  }

  /** The data object starting after `{"` at `at`, which must close the line. */
  private readData(bytes: Uint8Array, type: number, at: number, end: number): boolean {
    if (type === DEVICE_DEACTIVATED || type === DEVICE_REACTIVATED) {
      return matchesAt(bytes, at, end, DEVICE_ID) && this.readFirst(bytes, at + DEVICE_ID.length, end, TAIL);
    }
    const key = type === DEVICE_ACTIVATED ? DEVICE_ID : ARCHIVE_ID;
    const separator = type === DEVICE_ACTIVATED ? USER_ID_NEXT : type === ARCHIVE_CREATED ? DEVICE_ID_NEXT : REASON_NEXT;
    if (!matchesAt(bytes, at, end, key) || !this.readFirst(bytes, at + key.length, end, separator)) return false;
    const secondStart = this.firstEnd + separator.length;
    const secondEnd = plainStringEnd(bytes, secondStart, end);
    if (secondEnd < 0 || secondEnd + TAIL.length !== end || !matchesAt(bytes, secondEnd, end, TAIL)) return false;
    this.secondStart = secondStart;
    this.secondEnd = secondEnd;
    if (type !== ARCHIVE_PURGED) return true;
    this.reason = REASON_LITERALS.findIndex(
      (reason) => reason.length === secondEnd - secondStart && matchesAt(bytes, secondStart, secondEnd, reason),
    );
    return this.reason >= 0;
  }

  /** The first id, from `start` to a quote followed by `separator` (the tail: the line's end). */
  private readFirst(bytes: Uint8Array, start: number, end: number, separator: Uint8Array): boolean {
    const idEnd = plainStringEnd(bytes, start, end);
    if (idEnd < 0 || !matchesAt(bytes, idEnd, end, separator)) return false;
    if (separator === TAIL && idEnd + TAIL.length !== end) return false;
    this.firstStart = start;
    this.firstEnd = idEnd;
    return true;
  }

  /** The event of the line just read, as the codecs would decode it. */
  toEvent(bytes: Buffer): TallyEvent {
    const text = (from: number, to: number) => bytes.toString('latin1', from, to);
    const first = text(this.firstStart, this.firstEnd);
    const second = this.type === DEVICE_DEACTIVATED || this.type === DEVICE_REACTIVATED ? '' : text(this.secondStart, this.secondEnd);
    const data =
      this.type === DEVICE_ACTIVATED
        ? { deviceId: first, userId: second }
        : this.type === ARCHIVE_CREATED
          ? { archiveId: first, deviceId: second }
          : this.type === ARCHIVE_PURGED
            ? { archiveId: first, reason: PURGE_REASONS[this.reason] }
            : { deviceId: first };
    // The key order of the codecs' fast decoder, so both give objects of one shape.
    return {
      type: TYPE_NAMES[this.type],
      eventId: text(this.eventIdStart, this.eventIdEnd),
      orgId: this.orgIdOf(bytes),
      occurredAt: text(this.occurredAtStart, this.occurredAtStart + INSTANT_LENGTH),
      recordedAt: text(this.recordedAtStart, this.recordedAtStart + INSTANT_LENGTH),
      data,
    } as TallyEvent;
  }

  /** The line's orgId; one string while the lines keep naming the same org. */
  private orgIdOf(bytes: Buffer): string {
    const { orgIdStart, orgIdEnd } = this;
    const known = this.orgIdBytes;
    if (known.length !== orgIdEnd - orgIdStart || !matchesAt(bytes, orgIdStart, orgIdEnd, known)) {
      this.orgId = bytes.toString('latin1', orgIdStart, orgIdEnd);
      // A copy: the bytes are a view of the reader's buffer, which the next chunk overwrites.
      this.orgIdBytes = Uint8Array.from(bytes.subarray(orgIdStart, orgIdEnd));
    }
    return this.orgId;
  }
}

/** The entity type named by `bytes[from, end)`, or 0 when it is not a device or archive event. */
function entityType(bytes: Uint8Array, from: number, end: number): number {
  for (let type = 1; type < TYPE_LITERALS.length; type++) {
    const name = TYPE_LITERALS[type] as Uint8Array;
    if (name.length === end - from && matchesAt(bytes, from, end, name)) return type;
  }
  return 0;
}
