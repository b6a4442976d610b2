// A whole JSONL log, line by line: each organization's currency, learned from its
// OrganizationRegistered, is the context for that organization's later events. Whether the log
// makes sense (known devices, a single registration) is for the deciders to say.
//
// Lines come as text or as UTF-8 bytes (a file's buffer and where the line is in it, or a
// store's payload). Bytes are decoded strictly: bytes that are not UTF-8 are refused with the
// offset of the first bad one, never read as U+FFFD. A line most logs are made of (a device or
// archive event as serializeEvent writes it) is read by the fast path
// (fast-line/event-line-reader.ts), from the bytes themselves when they are ASCII; every other
// line, and every error, by JSON.parse and the codecs (whose own fast path takes the same events
// in any key order, fast-decode.ts).
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { isPlainObject } from './combinators.js';
import { type DecodeContext, decodeEvent, parseJsonLine } from './decode.js';
import type { EventDecodeError, LogLineError } from './errors.js';
import { EventLineReader } from './fast-line/event-line-reader.js';
import { decodeUtf8, invalidUtf8Problem } from './fast-line/utf8.js';
import type { TallyEvent } from './types.js';

export interface LogDecoder {
  /** Decodes one line (without its newline); `lineNumber` (1-based, as editors count) goes into
   * the error. The event's strings may share memory with `line`. */
  decodeLine(line: string, lineNumber: number): Either<LogLineError, TallyEvent>;
  /** The same for the line `bytes[start, end)`, UTF-8 without its newline (a whole file's buffer
   * can be given, with the line's offsets in it). */
  decodeLineBytes(
    bytes: Uint8Array,
    start: number,
    end: number,
    lineNumber: number,
  ): Either<LogLineError, TallyEvent>;
  /** One event as UTF-8 JSON bytes, a store's event payload (EventStoreDB's `event.data` of a
   * binary event, say), in the same log: its currency context is the one learned so far. */
  decodePayload(bytes: Uint8Array): Either<EventDecodeError, TallyEvent>;
  /** The currency learned for `orgId`, once its registration has been decoded. */
  currencyOf(orgId: string): string | undefined;
}

const NO_CONTEXT: DecodeContext = {};

export function createLogDecoder(): LogDecoder {
  const contexts = new Map<string, DecodeContext>();
  const reader = new EventLineReader();

  /** `fromUtf8`: the text came from strict UTF-8 bytes (see EventLineReader.read). */
  function decodeText(text: string, fromUtf8: boolean): Either<EventDecodeError, TallyEvent> {
    // The fast path reads no event that carries a price, so it needs no currency context.
    const fast = reader.read(text, fromUtf8);
    if (fast !== undefined) return right(fast);
    const json = parseJsonLine(text);
    if (json._tag === 'Left') return json;
    // Peek at the org before decoding; a bad orgId fails the decode anyway.
    const orgId = isPlainObject(json.right) ? json.right.orgId : undefined;
    const context = (typeof orgId === 'string' ? contexts.get(orgId) : undefined) ?? NO_CONTEXT;
    const decoded = decodeEvent(json.right, context);
    if (decoded._tag === 'Left') return decoded;
    const event = decoded.right;
    // The first registration sets the currency; a second one is the deciders' to refuse.
    if (event.type === 'OrganizationRegistered' && !contexts.has(event.orgId)) {
      contexts.set(event.orgId, { currency: event.data.currency });
    }
    return decoded;
  }

  function decodeLine(line: string, lineNumber: number, fromUtf8 = false): Either<LogLineError, TallyEvent> {
    const decoded = decodeText(line, fromUtf8);
    return decoded._tag === 'Left' ? left({ ...decoded.left, line: lineNumber }) : decoded;
  }

  return {
    decodeLine: (line, lineNumber) => decodeLine(line, lineNumber),
    decodeLineBytes(bytes, start, end, lineNumber) {
      const fast = reader.readBytes(bytes, start, end);
      if (fast !== undefined) return right(fast);
      const text = decodeUtf8(bytes, start, end);
      if (text !== undefined) return decodeLine(text, lineNumber, true);
      const message = invalidUtf8Problem(bytes, start, end, ' of the line');
      return left({ message, path: '', line: lineNumber });
    },
    decodePayload(bytes) {
      const fast = reader.readBytes(bytes, 0, bytes.length);
      if (fast !== undefined) return right(fast);
      const text = decodeUtf8(bytes, 0, bytes.length);
      if (text !== undefined) return decodeText(text, true);
      return left({ message: invalidUtf8Problem(bytes, 0, bytes.length, ''), path: '' });
    },
    currencyOf: (orgId) => contexts.get(orgId)?.currency,
  };
}
