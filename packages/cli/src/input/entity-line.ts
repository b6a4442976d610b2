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
import { FIRST_ID_SEED, finishHash, mixFirst, mixSecond, SECOND_ID_SEED } from './id-hash-log.js';
import { ID_HASH_SEED, nextIdHash } from './id-interner.js';

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

/** A fixed piece of the spelling, compared four bytes at a time. */
class Literal {
  readonly bytes: Uint8Array;
  readonly length: number;
  private readonly words: Int32Array;

  constructor(text: string) {
    this.bytes = Uint8Array.from(text, (char) => char.charCodeAt(0));
    this.length = this.bytes.length;
    const whole = this.length >> 2;
    this.words = new Int32Array(whole);
    const view = new DataView(this.bytes.buffer);
    for (let i = 0; i < whole; i++) this.words[i] = view.getInt32(i * 4, true);
  }

  /** Whether it is spelled at `at` of `bytes` (seen through `view`), before `end`. */
  at(view: DataView, bytes: Uint8Array, at: number, end: number): boolean {
    if (at + this.length > end) return false;
    const words = this.words;
    for (let i = 0; i < words.length; i++) {
      if (view.getInt32(at + i * 4, true) !== words[i]) return false;
    }
    for (let i = words.length * 4; i < this.length; i++) {
      if (bytes[at + i] !== this.bytes[i]) return false;
    }
    return true;
  }
}

const TYPE_HEAD = new Literal('{"type":"');
const EVENT_ID = new Literal('","eventId":"');
const ORG_ID = new Literal('","orgId":"');
const OCCURRED_AT = new Literal('","occurredAt":"');
const RECORDED_AT = new Literal('","recordedAt":"');
const DATA = new Literal('","data":{"');
const DEVICE_ID = new Literal('deviceId":"');
const ARCHIVE_ID = new Literal('archiveId":"');
const USER_ID_NEXT = new Literal('","userId":"');
const DEVICE_ID_NEXT = new Literal('","deviceId":"');
const REASON_NEXT = new Literal('","reason":"');
const TAIL = new Literal('"}}');
const TYPE_LITERALS = TYPE_NAMES.map((name) => new Literal(name));
const REASON_LITERALS = PURGE_REASONS.map((reason) => new Literal(reason));
const INSTANT_LENGTH = 20;

const QUOTE = 34;
const BACKSLASH = 92;

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

/** Reads entity event lines into its own fields (no object per line): after `read` answers
 * true, `type` and the byte ranges below describe the line until the next `read`. The ids are
 * hashed while they are scanned (EventIdTable's two hashes of the eventId, IdInterner's of the
 * data's ids), so no later step reads their bytes again. */
export class EntityLineReader {
  type = 0;
  eventIdStart = 0;
  eventIdEnd = 0;
  eventIdHash = 0;
  eventIdSecondHash = 0;
  orgIdStart = 0;
  orgIdEnd = 0;
  occurredAtStart = 0;
  recordedAtStart = 0;
  occurredMs = 0;
  recordedMs = 0;
  /** The data's first id: the deviceId of a device event, the archiveId of an archive event. */
  firstStart = 0;
  firstEnd = 0;
  firstHash = 0;
  /** Its first 8 bytes as two little-endian numbers (IdInterner's packedWord at 0 and 4). */
  firstLow = 0;
  firstHigh = 0;
  /** The second value: userId, the archive's deviceId, or the purge reason. */
  secondStart = 0;
  secondEnd = 0;
  secondHash = 0;
  secondLow = 0;
  secondHigh = 0;
  /** The purge reason's index in PURGE_REASONS. */
  reason = 0;
  private orgId = '';
  private orgIdBytes: Uint8Array = new Uint8Array(0);
  private viewed: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
  /** The hash and first 8 bytes of the id scanned last by idEndAt. */
  private idHash = 0;
  private idLow = 0;
  private idHigh = 0;
  /** The last date read (year * 10000 + month * 100 + day) and its days since 1970. */
  private lastDate = -1;
  private lastDays = 0;

  /** Whether `bytes[start, end)` is spelled exactly as serializeEvent spells a device or archive
   * event (then the fields describe it). */
  read(bytes: Uint8Array, start: number, end: number): boolean {
    if (bytes !== this.viewed) {
      this.viewed = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const view = this.view;
    if (!TYPE_HEAD.at(view, bytes, start, end)) return false;
    const typeStart = start + TYPE_HEAD.length;
    const typeEnd = plainStringEnd(bytes, typeStart, end);
    if (typeEnd < 0) return false;
    const type = entityType(view, bytes, typeStart, typeEnd);
    if (type === 0 || !EVENT_ID.at(view, bytes, typeEnd, end)) return false;
    const idStart = typeEnd + EVENT_ID.length;
    const idEnd = this.eventIdEndAt(view, bytes, idStart, end);
    if (idEnd < 0 || !ORG_ID.at(view, bytes, idEnd, end)) return false;
    const orgStart = idEnd + ORG_ID.length;
    const orgEnd = plainStringEnd(bytes, orgStart, end);
    if (orgEnd < 0 || !OCCURRED_AT.at(view, bytes, orgEnd, end)) return false;
    const occurredStart = orgEnd + OCCURRED_AT.length;
    const recordedStart = occurredStart + INSTANT_LENGTH + RECORDED_AT.length;
    const dataStart = recordedStart + INSTANT_LENGTH + DATA.length;
    if (dataStart >= end || !RECORDED_AT.at(view, bytes, occurredStart + INSTANT_LENGTH, end)) return false;
    if (!DATA.at(view, bytes, recordedStart + INSTANT_LENGTH, end)) return false;
    const occurredMs = this.instantMsAt(bytes, occurredStart);
    const recordedMs = this.instantMsAt(bytes, recordedStart);
    if (
      Number.isNaN(occurredMs) ||
      Number.isNaN(recordedMs) ||
      !this.readData(view, bytes, type, dataStart, end)
    ) {
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
  private readData(view: DataView, bytes: Uint8Array, type: number, at: number, end: number): boolean {
    const onlyDevice = type === DEVICE_DEACTIVATED || type === DEVICE_REACTIVATED;
    const key = type === DEVICE_ACTIVATED || onlyDevice ? DEVICE_ID : ARCHIVE_ID;
    const separator = onlyDevice
      ? TAIL
      : type === DEVICE_ACTIVATED
        ? USER_ID_NEXT
        : type === ARCHIVE_CREATED
          ? DEVICE_ID_NEXT
          : REASON_NEXT;
    if (!key.at(view, bytes, at, end)) return false;
    const firstStart = at + key.length;
    const firstEnd = this.idEndAt(bytes, firstStart, end);
    if (firstEnd < 0 || !separator.at(view, bytes, firstEnd, end)) return false;
    this.firstStart = firstStart;
    this.firstEnd = firstEnd;
    this.firstHash = this.idHash;
    this.firstLow = this.idLow;
    this.firstHigh = this.idHigh;
    if (onlyDevice) return firstEnd + TAIL.length === end;
    const secondStart = firstEnd + separator.length;
    const secondEnd = this.idEndAt(bytes, secondStart, end);
    if (secondEnd < 0 || secondEnd + TAIL.length !== end || !TAIL.at(view, bytes, secondEnd, end))
      return false;
    this.secondStart = secondStart;
    this.secondEnd = secondEnd;
    this.secondHash = this.idHash;
    this.secondLow = this.idLow;
    this.secondHigh = this.idHigh;
    if (type !== ARCHIVE_PURGED) return true;
    this.reason = REASON_LITERALS.findIndex(
      (reason) => reason.length === secondEnd - secondStart && reason.at(view, bytes, secondStart, secondEnd),
    );
    return this.reason >= 0;
  }

  /** plainStringEnd for the eventId, keeping its two scanIdHashes. Four bytes at a time while
   * none of them can end or spoil the id (the usual 36-byte id is 9 words). */
  private eventIdEndAt(view: DataView, bytes: Uint8Array, from: number, end: number): number {
    let first = FIRST_ID_SEED;
    let second = SECOND_ID_SEED;
    let i = from;
    while (i + 4 <= end) {
      const word = view.getInt32(i, true);
      if (!isPlainWord(word)) break;
      first = mixFirst(first, word);
      second = mixSecond(second, word);
      i += 4;
    }
    // The rest byte by byte, in words counted from the id's start, as scanIdHashes counts.
    let word = 0;
    let shift = 0;
    for (; i < end; i++) {
      const code = bytes[i] as number;
      if (code === QUOTE) {
        if (i === from) return -1;
        if (shift > 0) {
          first = mixFirst(first, word);
          second = mixSecond(second, word);
        }
        this.eventIdHash = finishHash(first, i - from);
        this.eventIdSecondHash = finishHash(second, i - from);
        return i;
      }
      if (code < 32 || code > 126 || code === BACKSLASH) return -1;
      word |= code << shift;
      shift += 8;
      if (shift === 32) {
        first = mixFirst(first, word);
        second = mixSecond(second, word);
        word = 0;
        shift = 0;
      }
    }
    return -1;
  }

  /** plainStringEnd for a data id, keeping its IdInterner hash and first 8 bytes. */
  private idEndAt(bytes: Uint8Array, from: number, end: number): number {
    let hash = ID_HASH_SEED;
    let low = 0;
    let high = 0;
    for (let i = from; i < end; i++) {
      const code = bytes[i] as number;
      if (code === QUOTE) {
        if (i === from) return -1;
        this.idHash = hash;
        this.idLow = low;
        this.idHigh = high;
        return i;
      }
      if (code < 32 || code > 126 || code === BACKSLASH) return -1;
      hash = nextIdHash(hash, code);
      const offset = i - from;
      if (offset < 4) low |= code << (offset * 8);
      else if (offset < 8) high |= code << ((offset - 4) * 8);
    }
    return -1;
  }

  /** `2026-03-07T07:00:00Z` at `at`, then a quote, of a real date and time, in epoch ms; NaN for
   * anything else. The caller has checked that the 21 bytes are inside the line. A log's events
   * come a few a minute, so the date is nearly always the one before: its days are kept. */
  private instantMsAt(bytes: Uint8Array, at: number): number {
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
    const hour = twoDigits(bytes, at + 11);
    const minute = twoDigits(bytes, at + 14);
    const second = twoDigits(bytes, at + 17);
    if (century < 0 || yearOfCentury < 0 || month < 0 || day < 0) return Number.NaN;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
    // Two digits each, so equal keys are equal dates, and an equal one was checked before.
    const date = (century * 100 + yearOfCentury) * 10000 + month * 100 + day;
    if (date !== this.lastDate) {
      const days = daysOfDate(century, yearOfCentury, month, day);
      if (Number.isNaN(days)) return Number.NaN;
      this.lastDate = date;
      this.lastDays = days;
    }
    return ((this.lastDays * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
  }

  /** The event of the line just read, as the codecs would decode it. */
  toEvent(bytes: Buffer): TallyEvent {
    const text = (from: number, to: number) => bytes.toString('latin1', from, to);
    const first = text(this.firstStart, this.firstEnd);
    const second =
      this.type === DEVICE_DEACTIVATED || this.type === DEVICE_REACTIVATED
        ? ''
        : text(this.secondStart, this.secondEnd);
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
    if (!sameBytes(bytes, orgIdStart, orgIdEnd, this.orgIdBytes)) {
      this.orgId = bytes.toString('latin1', orgIdStart, orgIdEnd);
      // A copy: the bytes are a view of the reader's buffer, which the next chunk overwrites.
      this.orgIdBytes = Uint8Array.from(bytes.subarray(orgIdStart, orgIdEnd));
    }
    return this.orgId;
  }
}

/** Whether none of the 4 bytes of `word` is a quote, a backslash, a control character or outside
 * ASCII (bit tricks: a byte of `x` is zero iff the same byte of (x - 0x01..) & ~x has its top bit). */
function isPlainWord(word: number): boolean {
  if ((word & 0x80808080) !== 0) return false;
  // Below 0x20: subtracting 0x20 from such a byte borrows into its top bit.
  const control = ((word - 0x20202020) & ~word & 0x80808080) !== 0;
  return (
    !control &&
    !hasZeroByte(word ^ 0x22222222) &&
    !hasZeroByte(word ^ 0x5c5c5c5c) &&
    !hasZeroByte(word ^ 0x7f7f7f7f)
  );
}

const hasZeroByte = (x: number): boolean => ((x - 0x01010101) & ~x & 0x80808080) !== 0;

/** Days since 1970 of a real date given by its pairs of digits; NaN for anything else. */
function daysOfDate(century: number, yearOfCentury: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1) return Number.NaN;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const lastDay = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return day > lastDay ? Number.NaN : daysFromCivil(year, month, day);
}

/** The entity type named by `bytes[from, end)`, or 0 when it is not a device or archive event. */
function entityType(view: DataView, bytes: Uint8Array, from: number, end: number): number {
  for (let type = 1; type < TYPE_LITERALS.length; type++) {
    const name = TYPE_LITERALS[type] as Literal;
    if (name.length === end - from && name.at(view, bytes, from, end)) return type;
  }
  return 0;
}

/** Whether `bytes[start, end)` are the bytes of `wanted`. */
export function sameBytes(bytes: Uint8Array, start: number, end: number, wanted: Uint8Array): boolean {
  if (end - start !== wanted.length) return false;
  for (let i = 0; i < wanted.length; i++) {
    if (bytes[start + i] !== wanted[i]) return false;
  }
  return true;
}
