import { fc, test } from '@fast-check/vitest';
import {
  arbMalformedLine,
  arbMalformedLineOfKind,
  arbTallyEvent,
  CURRENCY_DIGITS,
  MALFORMED_KINDS,
} from '@tally/testing';
import { describe, expect } from 'vitest';
import { currencyMinorDigits } from '../money/currency.js';
import { decodeEvent, decodeEventLine } from './decode.js';
import { encodeEvent, serializeEvent } from './encode.js';
import { TallyEventCodec } from './TallyEventCodec.js';

const RUNS = { numRuns: 200 };

describe('round trip', () => {
  test.prop([arbTallyEvent()], RUNS)('decodeEvent(encodeEvent(e)) gives back e', (event) => {
    expect(decodeEvent(encodeEvent(event))).toEqual({ _tag: 'Right', right: event });
  });

  test.prop([arbTallyEvent()], RUNS)('a serialized event decodes from its line', (event) => {
    expect(decodeEventLine(serializeEvent(event))).toEqual({ _tag: 'Right', right: event });
  });

  test.prop([arbTallyEvent()], RUNS)(
    'every generated event is canonical (the codec `is` guard accepts it)',
    (event) => {
      expect(TallyEventCodec.is(event)).toBe(true);
    },
  );

  test.prop([arbTallyEvent()], RUNS)(
    'encoding is stable: decode then serialize gives the same bytes',
    (event) => {
      const line = serializeEvent(event);
      const decoded = decodeEventLine(line);
      if (decoded._tag === 'Left') throw new Error(decoded.left.message);
      expect(serializeEvent(decoded.right)).toBe(line);
    },
  );
});

describe('random input never throws', () => {
  test.prop([fc.jsonValue()], RUNS)('random JSON is refused with a one-line message', (json) => {
    const result = decodeEvent(json);
    expect(result._tag).toBe('Left');
    if (result._tag === 'Left') expect(result.left.message).not.toMatch(/\n/);
  });

  test.prop([fc.anything()], RUNS)('any JavaScript value is refused', (value) => {
    expect(decodeEvent(value)._tag).toBe('Left');
  });

  test.prop([fc.string()], RUNS)('any string as a line is refused', (line) => {
    expect(decodeEventLine(line)._tag).toBe('Left');
  });

  // Objects that look like events, with a real type, so decoding goes deep before failing.
  test.prop(
    [
      fc.record({
        type: fc.constantFrom(
          'DeviceActivated',
          'SubscriptionStarted',
          'InvoiceIssued',
          'OrganizationRegistered',
        ),
        eventId: fc.jsonValue(),
        orgId: fc.jsonValue(),
        occurredAt: fc.jsonValue(),
        recordedAt: fc.jsonValue(),
        data: fc.jsonValue(),
      }),
    ],
    RUNS,
  )('event-shaped random JSON is refused', (json) => {
    expect(decodeEvent(json)._tag).toBe('Left');
  });
});

describe('malformed lines name the field at fault', () => {
  test.prop([arbMalformedLine()], RUNS)('any malformed line: Left, with the expected path', (malformed) => {
    const result = decodeEventLine(malformed.line);
    expect(result._tag).toBe('Left');
    if (result._tag === 'Left') {
      expect(result.left.path).toBe(malformed.path);
      // The message starts with the path it names (the whole event or line has none).
      if (malformed.path !== '') expect(result.left.message.startsWith(`${malformed.path}: `)).toBe(true);
    }
  });

  for (const kind of MALFORMED_KINDS) {
    test.prop([arbMalformedLineOfKind(kind)], { numRuns: 50 })(`${kind}`, (malformed) => {
      const result = decodeEventLine(malformed.line);
      expect(result).toMatchObject({ _tag: 'Left', left: { path: malformed.path } });
    });
  }

  test.prop([arbMalformedLineOfKind('truncated-json')], { numRuns: 50 })(
    'truncated JSON says so',
    ({ line }) => {
      expect(decodeEventLine(line)).toMatchObject({
        _tag: 'Left',
        left: { message: expect.stringMatching(/^not valid JSON: /) },
      });
    },
  );
});

describe('errors identify the event', () => {
  test.prop([arbTallyEvent()], { numRuns: 100 })(
    'eventId and type are reported when the input has them',
    (event) => {
      const json = { ...encodeEvent(event), extra: true };
      expect(decodeEvent(json)).toEqual({
        _tag: 'Left',
        left: { message: 'extra: unknown field', path: 'extra', eventId: event.eventId, type: event.type },
      });
    },
  );
});

test('the arbitraries know the right minor digits', () => {
  for (const [code, digits] of Object.entries(CURRENCY_DIGITS))
    expect(currencyMinorDigits(code)).toBe(digits);
});
