// The log decoder's byte entry points and its fast path, against the codecs alone.
import { fc, test } from '@fast-check/vitest';
import { arbInstant, arbMalformedLine, arbTallyEvent } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { decodeEventBytes, decodeEventLine, parseJsonLine } from './decode.js';
import { encodeEvent, serializeEvent } from './encode.js';
import { formatLogLineError, fromValidationErrors, type LogLineError } from './errors.js';
import { createLogDecoder } from './log-decoder.js';
import { TallyEventCodec } from './TallyEventCodec.js';
import type { TallyEvent } from './types.js';
import { loneSurrogateAt } from './unicode-text.js';

type Decoded = { _tag: 'Left'; left: LogLineError } | { _tag: 'Right'; right: TallyEvent };

/** A line decoded by JSON.parse and the io-ts codecs alone, worded as the log decoder words it. */
function codecsOnly(line: string, lineNumber: number): Decoded {
  const json = parseJsonLine(line);
  if (json._tag === 'Left') return { _tag: 'Left', left: { ...json.left, line: lineNumber } };
  const decoded = TallyEventCodec.decode(json.right);
  if (decoded._tag === 'Left') {
    return { _tag: 'Left', left: { ...fromValidationErrors(json.right, decoded.left), line: lineNumber } };
  }
  return { _tag: 'Right', right: decoded.right };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Ids of any characters (JSON escapes, non-ASCII, lone surrogates). */
const arbAnyId = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
    { weight: 1, arbitrary: fc.constantFrom('"', '\\', '\n', '\u00e9', '😀', '\ud800', '\ufffd') },
  ),
  minLength: 1,
  maxLength: 8,
});
const arbEvent = fc.oneof(
  arbTallyEvent(),
  fc.tuple(arbTallyEvent(), arbAnyId, arbAnyId, arbInstant()).map(
    ([event, eventId, orgId, occurredAt]) =>
      // An invoice names its org twice, and both must agree.
      (event.type === 'InvoiceIssued'
        ? { ...event, eventId, orgId, occurredAt, data: { ...event.data, orgId } }
        : { ...event, eventId, orgId, occurredAt }) as TallyEvent,
  ),
);
/** An event whose ids are Unicode text (no lone surrogate: it would be refused). */
const isUnicodeText = (event: TallyEvent) =>
  loneSurrogateAt(event.eventId) < 0 && loneSurrogateAt(event.orgId) < 0;
/** Serialized events, some with one piece replaced or inserted, some broken on purpose. */
const arbLine = fc.oneof(
  arbEvent.map(serializeEvent),
  fc
    .tuple(
      arbEvent,
      fc.nat(),
      fc.constantFrom(
        '',
        '"',
        '\\',
        ' ',
        'x',
        '0',
        '.',
        '}',
        '\u00e9',
        '\ud800',
        '\\udc00',
        '\u0000',
        '\ufeff',
        '"extra":1,',
        // A key the object may already have: a duplicate wherever it lands in one.
        '"deviceId":"d-2",',
        '"type":"DeviceActivated",',
        '"eventId":"e-2",',
        '"d\\u0065viceId":"d-2",',
      ),
      fc.boolean(),
    )
    .map(([event, at, piece, insert]) => {
      const line = serializeEvent(event);
      const i = at % (line.length + 1);
      return line.slice(0, i) + piece + line.slice(insert ? i : i + 1);
    }),
  arbMalformedLine().map(({ line }) => line),
);

/** `line` as UTF-8 inside other bytes, and where it is. */
function inBuffer(line: string, before: string, after: string) {
  const head = utf8(before);
  const body = utf8(line);
  const bytes = new Uint8Array(head.length + body.length + utf8(after).length);
  bytes.set(head, 0);
  bytes.set(body, head.length);
  bytes.set(utf8(after), head.length + body.length);
  return { bytes, start: head.length, end: head.length + body.length };
}

describe('createLogDecoder, fast path and bytes', () => {
  test.prop([arbLine], { numRuns: 1500 })(
    'decodeLine answers every line as JSON.parse and the codecs alone do, errors included',
    (line) => {
      expect(createLogDecoder().decodeLine(line, 7)).toStrictEqual(codecsOnly(line, 7));
    },
  );

  test.prop([arbLine, fc.constantFrom('', '{"a":1}\n', 'é\n'), fc.constantFrom('', '\n', '\nxyz')], {
    numRuns: 800,
  })('decodeLineBytes answers as decodeLine does for the text of those bytes', (line, before, after) => {
    // A lone surrogate has no UTF-8: its bytes are the text's only when the text is well formed.
    fc.pre(new TextDecoder().decode(utf8(line)) === line);
    const { bytes, start, end } = inBuffer(line, before, after);
    expect(createLogDecoder().decodeLineBytes(bytes, start, end, 3)).toStrictEqual(
      createLogDecoder().decodeLine(line, 3),
    );
  });

  test.prop(
    [
      arbEvent.filter(isUnicodeText),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
    ],
    { numRuns: 500 },
  )(
    'a line with bytes overwritten is refused as not UTF-8 exactly when it is not, else read as its text',
    (event, writes) => {
      const bytes = utf8(serializeEvent(event));
      for (const [at, byte] of writes) bytes[at % bytes.length] = byte;
      const text = (() => {
        try {
          return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        } catch {
          return undefined;
        }
      })();
      const decoded = createLogDecoder().decodeLineBytes(bytes, 0, bytes.length, 5);
      if (text === undefined) {
        expect(decoded).toMatchObject({
          _tag: 'Left',
          left: {
            line: 5,
            path: '',
            message: expect.stringMatching(
              /^not valid UTF-8: byte 0x[0-9A-F]{2} at byte offset \d+ of the line/,
            ),
          },
        });
      } else {
        expect(decoded).toStrictEqual(createLogDecoder().decodeLine(text, 5));
        expect(decodeEventBytes(bytes)).toStrictEqual(decodeEventLine(text));
      }
    },
  );

  test.prop([arbEvent.filter(isUnicodeText)], { numRuns: 300 })(
    'decodePayload reads an event written compactly or spaced out, as decodeEvent does',
    (event) => {
      const compact = utf8(serializeEvent(event));
      const spaced = utf8(JSON.stringify(encodeEvent(event), null, 2));
      const expected = codecsOnly(serializeEvent(event), 0);
      if (expected._tag === 'Left') throw new Error(`a generated event is refused: ${expected.left.message}`);
      expect(createLogDecoder().decodePayload(compact)).toStrictEqual(expected);
      expect(createLogDecoder().decodePayload(spaced)).toStrictEqual(expected);
      expect(decodeEventBytes(spaced)).toStrictEqual(expected);
    },
  );

  test.prop(
    [
      arbTallyEvent(),
      fc.nat(),
      fc.constantFrom([0xff], [0x80], [0xc3], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]),
    ],
    { numRuns: 300 },
  )(
    'refuses bytes that are not UTF-8, naming the line and the offset of the first bad byte',
    (event, at, bad) => {
      const line = utf8(serializeEvent(event));
      // The generated lines are ASCII, so the bad bytes go in between whole characters.
      fc.pre(line.every((byte) => byte < 0x80));
      const offset = at % (line.length + 1);
      const bytes = Uint8Array.from([...line.subarray(0, offset), ...bad, ...line.subarray(offset)]);
      const hex = (bad[0] as number).toString(16).toUpperCase();
      const message = `not valid UTF-8: byte 0x${hex} at byte offset ${offset} of the line does not begin a well-formed character`;
      const decoded = createLogDecoder().decodeLineBytes(bytes, 0, bytes.length, 12);
      expect(decoded).toStrictEqual({ _tag: 'Left', left: { message, path: '', line: 12 } });
      if (decoded._tag === 'Left') expect(formatLogLineError(decoded.left)).toBe(`line 12: ${message}`);
      const payload = createLogDecoder().decodePayload(bytes);
      expect(payload).toStrictEqual({
        _tag: 'Left',
        left: { message: message.replace(' of the line', ''), path: '' },
      });
    },
  );

  it('refuses an id whose bytes encode a lone surrogate, which the text of a line may hold', () => {
    const line = serializeEvent({
      type: 'DeviceDeactivated',
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2026-03-07T07:00:00Z',
      recordedAt: '2026-03-07T07:00:00Z',
      data: { deviceId: 'd-X' },
    });
    // JSON.stringify escapes a lone surrogate; written raw, the text is refused all the same.
    expect(createLogDecoder().decodeLine(line.replace('d-X', '\ud800'), 1)).toMatchObject({
      _tag: 'Left',
      left: { message: expect.stringContaining('lone surrogate (U+D800 at character 0)'), line: 1 },
    });
    const at = line.indexOf('d-X');
    const bytes = Uint8Array.from([
      ...utf8(line.slice(0, at)),
      0xed,
      0xa0,
      0x80,
      ...utf8(line.slice(at + 3)),
    ]);
    expect(createLogDecoder().decodeLineBytes(bytes, 0, bytes.length, 4)).toMatchObject({
      _tag: 'Left',
      left: { message: expect.stringContaining(`byte 0xED at byte offset ${at} of the line`), line: 4 },
    });
  });

  it('refuses a byte order mark as the text path does', () => {
    const line = '\ufeff{"type":"SubscriptionCanceled"}';
    const bytes = utf8(line);
    expect(bytes[0]).toBe(0xef);
    expect(createLogDecoder().decodeLineBytes(bytes, 0, bytes.length, 1)).toStrictEqual(
      createLogDecoder().decodeLine(line, 1),
    );
    expect(createLogDecoder().decodeLine(line, 1)._tag).toBe('Left');
  });

  it('checks prices against the currency learned from bytes, whichever entry point brings the events', () => {
    const head = (type: string, eventId: string) =>
      `"type":"${type}","eventId":"${eventId}","orgId":"acme","occurredAt":"2026-03-01T00:00:00Z","recordedAt":"2026-03-01T00:00:00Z"`;
    const registered = `{${head('OrganizationRegistered', 'r')},"data":{"name":"Acme","serialCode":"s","billingAccount":"b","timeZone":"UTC","currency":"USD","coldStorage":true}}`;
    const started = `{${head('SubscriptionStarted', 's')},"data":{"startDate":"2026-03-09","plan":{"model":"per-device","billing":"monthly","monthlyPricePerDevice":"10.005"}}}`;
    const decoder = createLogDecoder();
    const bytes = utf8(`${registered}\n`);
    expect(decoder.decodeLineBytes(bytes, 0, bytes.length - 1, 1)._tag).toBe('Right');
    expect(decoder.currencyOf('acme')).toBe('USD');
    expect(decoder.decodePayload(utf8(started))).toMatchObject({
      _tag: 'Left',
      left: { message: 'data.plan.monthlyPricePerDevice: "10.005" has more decimals than USD allows' },
    });
    // Without the registration, 3 decimals pass.
    expect(createLogDecoder().decodePayload(utf8(started))._tag).toBe('Right');
  });
});
