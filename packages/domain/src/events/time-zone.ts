// IANA time zones, as Temporal knows them and spelled exactly as Temporal spells them: a zone
// written `america/los_angeles` would decode fine but re-encode differently, so it is refused
// with the right spelling. UTC offsets (`+05:00`) are not zones: they know no DST.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { Temporal } from 'temporal-polyfill';
import { type Codec, primitive } from './combinators.js';
import { quote, show } from './show.js';

const OFFSET = /^[+-]\d{2}(:?\d{2})?/;
// Zone lookups build Temporal objects; the set of valid zones is small, so remember them.
const knownZones = new Set<string>();

export function parseTimeZone(text: unknown): Either<string, string> {
  if (typeof text !== 'string') {
    return left(`expected an IANA time zone such as "America/Los_Angeles", got ${show(text)}`);
  }
  if (knownZones.has(text)) return right(text);
  if (OFFSET.test(text)) return left(`${quote(text)} is a UTC offset, not an IANA time zone`);
  let id: string;
  try {
    id = new Temporal.ZonedDateTime(0n, text).timeZoneId;
  } catch {
    return left(`${quote(text)} is not an IANA time zone`);
  }
  if (id !== text)
    return left(`${quote(text)} is not an IANA time zone as written (did you mean ${quote(id)}?)`);
  knownZones.add(text);
  return right(text);
}

export const isTimeZone = (text: unknown): text is string => parseTimeZone(text)._tag === 'Right';

export const TimeZoneCodec: Codec<string> = primitive('an IANA time zone', parseTimeZone);
