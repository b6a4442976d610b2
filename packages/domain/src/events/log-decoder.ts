// A whole JSONL log, line by line: each organization's currency, learned from its
// OrganizationRegistered, is the context for that organization's later events. Whether the log
// makes sense (known devices, a single registration) is for the deciders to say.
import { type Either, left } from 'fp-ts/lib/Either.js';
import { isPlainObject } from './combinators.js';
import { type DecodeContext, decodeEvent, parseJsonLine } from './decode.js';
import type { LogLineError } from './errors.js';
import type { TallyEvent } from './types.js';

export interface LogDecoder {
  /** Decodes one line; `lineNumber` (1-based, as editors count) goes into the error. */
  decodeLine(line: string, lineNumber: number): Either<LogLineError, TallyEvent>;
  /** The currency learned for `orgId`, once its registration has been decoded. */
  currencyOf(orgId: string): string | undefined;
}

const NO_CONTEXT: DecodeContext = {};

export function createLogDecoder(): LogDecoder {
  const contexts = new Map<string, DecodeContext>();

  return {
    decodeLine(line, lineNumber) {
      const json = parseJsonLine(line);
      if (json._tag === 'Left') return left({ ...json.left, line: lineNumber });
      // Peek at the org before decoding; a bad orgId fails the decode anyway.
      const orgId = isPlainObject(json.right) ? json.right.orgId : undefined;
      const context = (typeof orgId === 'string' ? contexts.get(orgId) : undefined) ?? NO_CONTEXT;
      const decoded = decodeEvent(json.right, context);
      if (decoded._tag === 'Left') return left({ ...decoded.left, line: lineNumber });
      const event = decoded.right;
      // The first registration sets the currency; a second one is the deciders' to refuse.
      if (event.type === 'OrganizationRegistered' && !contexts.has(event.orgId)) {
        contexts.set(event.orgId, { currency: event.data.currency });
      }
      return decoded;
    },
    currencyOf: (orgId) => contexts.get(orgId)?.currency,
  };
}
