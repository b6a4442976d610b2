// Civil dates on the wire: `YYYY-MM-DD`, a date that exists in the ISO calendar, in the years
// 0001 to 9999 (four digits, as every date and instant of the wire format has).
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { Temporal } from 'temporal-polyfill';
import { type Codec, primitive } from './combinators.js';
import { quote, show } from './show.js';
import type { CivilDate } from './types.js';

const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;
/** The years a date or instant may have, as messages say it. */
export const YEAR_RANGE = '0001 to 9999';
// Building a Temporal date costs more than the rest of an event's decoding, and logs repeat the
// same few dates (billing dates, service periods): remember the valid ones, within bounds.
const knownDates = new Set<string>();
const MAX_KNOWN_DATES = 10_000;

export function parseCivilDate(text: unknown): Either<string, CivilDate> {
  if (typeof text !== 'string') return left(`expected a date in YYYY-MM-DD form, got ${show(text)}`);
  if (knownDates.has(text)) return right(text);
  if (!YYYY_MM_DD.test(text)) return left(`${quote(text)} is not a date in YYYY-MM-DD form`);
  if (text.startsWith('0000')) return left(`${quote(text)} is outside the years ${YEAR_RANGE}`);
  try {
    Temporal.PlainDate.from(text, { overflow: 'reject' });
  } catch {
    return left(`${quote(text)} is not a real date`);
  }
  if (knownDates.size >= MAX_KNOWN_DATES) knownDates.clear();
  knownDates.add(text);
  return right(text);
}

export const isCivilDate = (text: unknown): text is CivilDate => parseCivilDate(text)._tag === 'Right';

export const CivilDateCodec: Codec<CivilDate> = primitive('a date in YYYY-MM-DD form', parseCivilDate);
