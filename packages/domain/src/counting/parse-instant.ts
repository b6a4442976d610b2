import { dateExists, parseInstant as readInstant } from '../events/instant.js';
import type { Instant } from '../events/types.js';
import { daysFromCivil, instantToEpochMs } from '../time/instant.js';

/** Epoch ms of an instant, or a RangeError that names what was wrong (`what` = the field). A
 * date or time that does not exist (2026-02-30, 24:00, month 13) is refused as the wire's
 * InstantCodec refuses it, never read as the instant it would overflow into. */
export function parseInstant(instant: Instant, what: string): number {
  const fast = canonicalInstantMs(instant);
  if (fast >= 0) return fast;
  const read = readInstant(instant);
  if (read._tag === 'Left') {
    throw new RangeError(`${what}: "${instant}" is not a canonical UTC instant (e.g. 2026-03-07T07:00:00Z)`);
  }
  return instantToEpochMs(read.right);
}

/** Epoch ms of an event's occurredAt; the error names the event. The message is only built
 * when the instant is wrong: a fold calls this for every event. */
export function occurredAtMs(event: EventInstants): number {
  const fast = canonicalInstantMs(event.occurredAt);
  return fast >= 0 ? fast : parseInstant(event.occurredAt, `event ${event.eventId} occurredAt`);
}

/** Epoch ms of an event's recordedAt; the error names the event. */
export function recordedAtMs(event: EventInstants): number {
  const fast = canonicalInstantMs(event.recordedAt);
  return fast >= 0 ? fast : parseInstant(event.recordedAt, `event ${event.eventId} recordedAt`);
}

interface EventInstants {
  readonly eventId: string;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
}

// The folds parse two instants per event, nearly all `YYYY-MM-DDTHH:MM:SSZ` or with a fraction
// as the ledger's clock writes it. Named property reads (a `event[field]` read with two names
// is a slow keyed load), and every character checked without a branch per digit: a digit d is
// valid when neither d nor 9 - d is negative, so one OR of them all tells (measured in
// docs/performance.md). Anything else (a malformed string, a year before 1970) goes to
// `instantToEpochMs`, which gives the same value or NaN.

/** Epoch ms of a canonical instant (whole seconds, or a fraction of 1-3 digits: `.5Z`, `.25Z`,
 * `.125Z`), or -1 when the string is not one. */
function canonicalInstantMs(text: string): number {
  const length = text.length;
  if (length !== 20 && (length < 22 || length > 24)) return -1;
  const y0 = text.charCodeAt(0) - 48;
  const y1 = text.charCodeAt(1) - 48;
  const y2 = text.charCodeAt(2) - 48;
  const y3 = text.charCodeAt(3) - 48;
  const m0 = text.charCodeAt(5) - 48;
  const m1 = text.charCodeAt(6) - 48;
  const d0 = text.charCodeAt(8) - 48;
  const d1 = text.charCodeAt(9) - 48;
  const h0 = text.charCodeAt(11) - 48;
  const h1 = text.charCodeAt(12) - 48;
  const n0 = text.charCodeAt(14) - 48;
  const n1 = text.charCodeAt(15) - 48;
  const s0 = text.charCodeAt(17) - 48;
  const s1 = text.charCodeAt(18) - 48;
  const separators =
    (text.charCodeAt(4) ^ 45) | // -
    (text.charCodeAt(7) ^ 45) |
    (text.charCodeAt(10) ^ 84) | // T
    (text.charCodeAt(13) ^ 58) | // :
    (text.charCodeAt(16) ^ 58) |
    (text.charCodeAt(length - 1) ^ 90); // Z
  const digits =
    y0 |
    (9 - y0) |
    y1 |
    (9 - y1) |
    y2 |
    (9 - y2) |
    y3 |
    (9 - y3) |
    m0 |
    (9 - m0) |
    m1 |
    (9 - m1) |
    d0 |
    (9 - d0) |
    d1 |
    (9 - d1) |
    h0 |
    (9 - h0) |
    h1 |
    (9 - h1) |
    n0 |
    (9 - n0) |
    n1 |
    (9 - n1) |
    s0 |
    (9 - s0) |
    s1 |
    (9 - s1);
  if (separators !== 0 || digits < 0) return -1;
  const fraction = length === 20 ? 0 : fractionMs(text, length);
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  if (fraction < 0 || year < 1970) return -1;
  const hour = h0 * 10 + h1;
  const minute = n0 * 10 + n1;
  const second = s0 * 10 + s1;
  const days = daysOf(year, m0 * 10 + m1, d0 * 10 + d1);
  if (days < 0 || hour > 23 || minute > 59 || second > 59) return -1;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + fraction;
}

/** The milliseconds of `.d`, `.dd` or `.ddd` before the final Z, or -1 when not digits. */
function fractionMs(text: string, length: number): number {
  if (text.charCodeAt(19) !== 46) return -1; // .
  let ms = 0;
  for (let i = 20; i < 23; i++) {
    const digit = i < length - 1 ? text.charCodeAt(i) - 48 : 0;
    if (digit < 0 || digit > 9) return -1;
    ms = ms * 10 + digit;
  }
  return ms;
}

// A log's events come minutes apart, so an instant's date is nearly always the one before: its
// days since 1970 are kept (module state, but only a cache of a pure function).
let lastDate = -1;
let lastDays = 0;

/** Days from 1970-01-01 to a date of a year from 1970, or -1 when the date does not exist. */
function daysOf(year: number, month: number, day: number): number {
  const date = year * 10_000 + month * 100 + day;
  if (date !== lastDate) {
    if (!dateExists(year, month, day)) return -1;
    lastDays = daysFromCivil(year, month, day);
    lastDate = date;
  }
  return lastDays;
}
