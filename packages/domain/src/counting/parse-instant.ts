import type { Instant } from '../events/types.js';
import { daysFromCivil, instantToEpochMs } from '../time/instant.js';

/** Epoch ms of an instant, or a RangeError that names what was wrong (`what` = the field). */
export function parseInstant(instant: Instant, what: string): number {
  const fast = secondsInstantMs(instant);
  if (fast >= 0) return fast;
  const ms = instantToEpochMs(instant);
  if (Number.isNaN(ms)) {
    throw new RangeError(`${what}: "${instant}" is not a canonical UTC instant (e.g. 2026-03-07T07:00:00Z)`);
  }
  return ms;
}

/** Epoch ms of an event's occurredAt or recordedAt; the error names the event. The message is
 * only built when the instant is wrong: a fold calls this twice an event. */
export function eventInstantMs(
  event: { readonly eventId: string; readonly occurredAt: Instant; readonly recordedAt: Instant },
  field: 'occurredAt' | 'recordedAt',
): number {
  const instant = event[field];
  const fast = secondsInstantMs(instant);
  return fast >= 0 ? fast : parseInstant(instant, `event ${event.eventId} ${field}`);
}

// The folds parse two instants per event. Nearly all are `YYYY-MM-DDTHH:MM:SSZ` (20 characters):
// read those from char codes, with no regex match and no substrings; anything else (a fraction,
// a malformed string, a year before 1970) goes to `instantToEpochMs`, which gives the same value.
// Top-level functions only: a nested helper would cost a __name call per event under tsx.

/** The digit at `i`, or -1000 (enough to make any sum negative) when it is not one. */
function digitAt(text: string, i: number): number {
  const code = text.charCodeAt(i) - 48;
  return code >= 0 && code <= 9 ? code : -1000;
}

function twoDigitsAt(text: string, i: number): number {
  return digitAt(text, i) * 10 + digitAt(text, i + 1);
}

/** Epoch ms of a canonical instant (whole seconds, or a fraction of 1-3 digits as the
 * ledger's clock writes it: `.5Z`, `.25Z`, `.125Z`), or -1 when the string is not one. */
function secondsInstantMs(text: string): number {
  const length = text.length;
  if (
    length < 20 ||
    length > 24 ||
    length === 21 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(length - 1) !== 90 // Z
  ) {
    return -1;
  }
  const fraction = length === 20 ? 0 : fractionMs(text, length);
  if (fraction < 0) return -1;
  const year = twoDigitsAt(text, 0) * 100 + twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  if (year < 1970 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return -1;
  return ((daysOf(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + fraction;
}

/** The milliseconds of `.d`, `.dd` or `.ddd` before the final Z, or -1 when not digits. */
function fractionMs(text: string, length: number): number {
  if (text.charCodeAt(19) !== 46) return -1; // .
  let ms = 0;
  for (let i = 20; i < 23; i++) ms = ms * 10 + (i < length - 1 ? digitAt(text, i) : 0);
  return ms;
}

// A log's events come minutes apart, so an instant's date is nearly always the one before: its
// days since 1970 are kept (module state, but only a cache of a pure function).
let lastDate = -1;
let lastDays = 0;

function daysOf(year: number, month: number, day: number): number {
  const date = year * 10_000 + month * 100 + day;
  if (date !== lastDate) {
    lastDays = daysFromCivil(year, month, day);
    lastDate = date;
  }
  return lastDays;
}
