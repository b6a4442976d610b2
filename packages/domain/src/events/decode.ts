// Wire JSON to a TallyEvent, or one readable error. Never throws, whatever the input.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { currencyMinorDigits } from '../money/currency.js';
import { checkAgainstCurrency } from './currency-context.js';
import { decodeError, type EventDecodeError, fromValidationErrors } from './errors.js';
import { decodeEntityEventFast } from './fast-decode.js';
import { EventLineReader } from './fast-line/event-line-reader.js';
import { decodeUtf8, invalidUtf8Problem, utf8ByteOffset } from './fast-line/utf8.js';
import { repeatedKeyIn } from './json-keys.js';
import { quote } from './show.js';
import { TallyEventCodec } from './TallyEventCodec.js';
import type { TallyEvent } from './types.js';

export interface DecodeContext {
  /** The organization's currency (from its OrganizationRegistered): prices must fit its digits. */
  readonly currency?: string;
}

export function decodeEvent(
  json: unknown,
  context: DecodeContext = {},
): Either<EventDecodeError, TallyEvent> {
  // Device and archive events carry no price, so the currency context has nothing to check.
  const fast = decodeEntityEventFast(json);
  if (fast !== undefined) return right(fast);
  const result = TallyEventCodec.decode(json);
  if (result._tag === 'Left') return left(fromValidationErrors(json, result.left));
  const event = result.right;
  const { currency } = context;
  // An unknown context currency cannot say anything more than the 3-decimal rule already did.
  if (currency !== undefined && currencyMinorDigits(currency) !== undefined) {
    const problem = checkAgainstCurrency(event, currency);
    if (problem !== undefined) return left(decodeError(json, problem.path, problem.problem));
  }
  return right(event);
}

const lineReader = new EventLineReader();

/** One JSONL line (without its newline) to an event. Its strings may share memory with `line`. */
export function decodeEventLine(
  line: string,
  context: DecodeContext = {},
): Either<EventDecodeError, TallyEvent> {
  return decodeLineText(line, context, false);
}

/** `fromUtf8`: the line was decoded from strict UTF-8 (see EventLineReader.read). */
function decodeLineText(
  line: string,
  context: DecodeContext,
  fromUtf8: boolean,
): Either<EventDecodeError, TallyEvent> {
  // The fast path reads no event that carries a price: the context has nothing to check.
  const fast = lineReader.read(line, fromUtf8);
  if (fast !== undefined) return right(fast);
  const json = parseJsonLine(line);
  return json._tag === 'Left' ? json : decodeEvent(json.right, context);
}

/** One event as UTF-8 JSON bytes (a line without its newline, a store's payload) to an event;
 * bytes that are not UTF-8 are refused, with the offset of the first bad one. */
export function decodeEventBytes(
  bytes: Uint8Array,
  context: DecodeContext = {},
): Either<EventDecodeError, TallyEvent> {
  const fast = lineReader.readBytes(bytes, 0, bytes.length);
  if (fast !== undefined) return right(fast);
  const text = decodeUtf8(bytes, 0, bytes.length);
  if (text === undefined) return left({ message: invalidUtf8Problem(bytes, 0, bytes.length, ''), path: '' });
  return decodeLineText(text, context, true);
}

/** JSON.parse that reports instead of throwing, in the error shape of the decoders; an object
 * naming a key twice is refused too (json-keys.ts), and a byte order mark or a NUL byte is
 * named rather than shown (it would be invisible in the message). */
export function parseJsonLine(line: string): Either<EventDecodeError, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    const reason =
      invisibleByteIn(line) ??
      (line.trim() === '' ? 'empty line' : error instanceof Error ? error.message : String(error));
    // JSON.parse may quote the input: keep the message on one line.
    return left({ message: `not valid JSON: ${reason.replace(/\s+/g, ' ')}`, path: '' });
  }
  const duplicate = repeatedKeyIn(line, json);
  if (duplicate === undefined) return right(json);
  return left(
    decodeError(json, duplicate.path, `the key ${quote(duplicate.key)} appears twice in one object`),
  );
}

/** A byte order mark at the start, or a NUL byte: what a JSON line cannot hold and a message
 * could not show. */
function invisibleByteIn(line: string): string | undefined {
  if (line.charCodeAt(0) === 0xfeff) {
    return 'a byte order mark at byte 0 (write the file as UTF-8 without a BOM)';
  }
  const nul = line.indexOf('\u0000');
  return nul < 0 ? undefined : `a NUL byte at byte offset ${utf8ByteOffset(line, nul)}`;
}
