// Instants on the wire: UTC ISO-8601 with a `Z`, seconds required, at most millisecond
// precision. Decoding normalizes to the one canonical spelling of types.ts (`...07:00:00Z`,
// `...07:00:00.25Z`), so equal instants are equal strings and sort as strings.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { epochMsToInstant, instantToEpochMs } from '../time/instant.js';
import { type Codec, primitive } from './combinators.js';
import { quote, show } from './show.js';
import type { Instant } from './types.js';

const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?[+-]\d{2}:?\d{2}$/;

/** The canonical instant written by `text`, or why it is not one. */
export function parseInstant(text: unknown): Either<string, Instant> {
  if (typeof text !== 'string') {
    return left(`expected a UTC ISO-8601 instant such as "2026-03-07T07:00:00Z", got ${show(text)}`);
  }
  const match = ISO_UTC.exec(text);
  if (match === null) {
    return left(
      WITH_OFFSET.test(text)
        ? `${quote(text)} is not a UTC ISO-8601 instant (write it in UTC, ending in Z)`
        : `${quote(text)} is not a UTC ISO-8601 instant`,
    );
  }
  const dateTime = match[1] as string;
  const fraction = match[2] ?? '';
  if (fraction.length > 3) {
    return left(`${quote(text)} has ${fraction.length} fractional second digits; at most 3 (milliseconds)`);
  }
  const canonical = epochMsToInstant(
    instantToEpochMs(`${dateTime}${fraction === '' ? '' : `.${fraction}`}Z`),
  );
  // A field out of range (Feb 30, 24:00, second 60) rolls over into another instant.
  if (!canonical.startsWith(dateTime))
    return left(`${quote(text)} is not a real instant (no such date or time)`);
  return right(canonical);
}

export const isCanonicalInstant = (text: unknown): text is Instant => {
  const parsed = parseInstant(text);
  return parsed._tag === 'Right' && parsed.right === text;
};

/** Decodes any valid spelling to the canonical one; `is` accepts only the canonical one. */
export const InstantCodec: Codec<Instant> = primitive('a UTC ISO-8601 instant', parseInstant);
