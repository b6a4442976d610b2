import { Buffer } from 'node:buffer';
import { fc, test } from '@fast-check/vitest';
import { arbInstant, arbMalformedLine, arbTallyEvent } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.js';
import { encodeEvent, serializeEvent } from '../encode.js';
import { TallyEventCodec } from '../TallyEventCodec.js';
import type { TallyEvent } from '../types.js';
import { loneSurrogateAt } from '../unicode-text.js';
import { EventLineReader } from './event-line-reader.js';

/** What the codecs alone make of a line: the event, or undefined for any refusal. */
function codecsOnly(line: string): TallyEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const decoded = TallyEventCodec.decode(json);
  return decoded._tag === 'Right' ? decoded.right : undefined;
}

/** Any UTF-16 code unit (lone surrogates too), mostly printable ASCII, often one JSON escapes. */
const arbUnit = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('"', '\\', '/', '\n', '\u0000', '\u007f', '\u00e9', '\ud800', '\udfff'),
  },
  { weight: 1, arbitrary: fc.constantFrom('😀', '\u2028', '\ufeff', '\ufffd') },
);
const arbAnyId = fc.string({ unit: arbUnit, minLength: 1, maxLength: 10 });
/** The ids of valid events: any characters, but Unicode text (no lone surrogate). */
const arbTextId = arbAnyId.filter((id) => loneSurrogateAt(id) < 0);

/** Ids of ASCII characters (a quote, a backslash or a control character is written escaped):
 * the ones whose lines the reader reads from their bytes. */
const arbAsciiId = fc.string({
  unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 10,
});

/** The events the reader is for, with ids from `arbId` and instants with or without
 * milliseconds. */
const arbFastEventOf = (arbId: fc.Arbitrary<string>): fc.Arbitrary<TallyEvent> =>
  fc
    .tuple(
      fc.record({ eventId: arbId, orgId: arbId, occurredAt: arbInstant(), recordedAt: arbInstant() }),
      fc.oneof(
        fc.record({ deviceId: arbId, userId: arbId }).map((data) => ['DeviceActivated', data] as const),
        fc.record({ deviceId: arbId }).map((data) => ['DeviceDeactivated', data] as const),
        fc.record({ deviceId: arbId }).map((data) => ['DeviceReactivated', data] as const),
        fc.record({ archiveId: arbId, deviceId: arbId }).map((data) => ['ArchiveCreated', data] as const),
        fc
          .record({
            archiveId: arbId,
            reason: fc.constantFrom(
              'cold-storage-purge',
              'retention-expired',
              'deactivation',
              'canceled',
              'ineligible',
            ),
          })
          .map((data) => ['ArchivePurged', data] as const),
        fc
          .record({ userId: arbId, reason: fc.constantFrom('canceled', 'ineligible', 'admin') })
          .map((data) => ['UserDeactivated', data] as const),
        fc
          .record({
            cap: fc.oneof(
              fc.constant(null),
              fc.integer({ min: 1, max: 1000 }),
              fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
            ),
          })
          .map((data) => ['LicenseCapSet', data] as const),
        fc.constant(['SubscriptionCanceled', {}] as const),
      ),
    )
    .map(([envelope, [type, data]]) => ({ type, ...envelope, data }) as TallyEvent);

/** The events the reader is for, with ids of any characters. */
const arbFastEvent = arbFastEventOf(arbTextId);

/** A line with one piece replaced or inserted somewhere. */
const arbMutatedLine = fc
  .tuple(
    fc.oneof(arbFastEvent, arbTallyEvent()),
    fc.nat(),
    fc.constantFrom(
      '',
      '"',
      '\\',
      ' ',
      'x',
      '0',
      '9',
      '.',
      ',',
      ':',
      '}',
      '{',
      '\u00e9',
      '\ud800',
      '\n',
      '\\u0041',
      '\\"',
      'null',
      '"type":"DeviceActivated",',
      '"deviceId":"d-1",',
      '"extra":1,',
    ),
    fc.boolean(),
  )
  .map(([event, at, piece, insert]) => {
    const line = serializeEvent(event);
    const i = at % (line.length + 1);
    return line.slice(0, i) + piece + line.slice(insert ? i : i + 1);
  });

/** Values that are right somewhere else, for swapping into a line. */
const SWAPS: readonly unknown[] = [
  '',
  'x',
  'DeviceActivated',
  'DeviceDeactivated',
  'DeviceReactivated',
  'ArchiveCreated',
  'ArchivePurged',
  'UserDeactivated',
  'LicenseCapSet',
  'SubscriptionCanceled',
  'SubscriptionStarted',
  'cold-storage-purge',
  'retention-expired',
  'deactivation',
  'canceled',
  'ineligible',
  'admin',
  '2026-03-07T07:00:00.250Z',
  '2026-03-07T07:00:00.5Z',
  '2025-02-29T07:00:00Z',
  '2026-03-07T07:00:00+00:00',
  0,
  1,
  -1,
  1.5,
  2 ** 53, // not a safe integer
  null,
  true,
  {},
  { deviceId: 'd-1' },
  { userId: 'u-1', reason: 'admin' },
  [],
];

/** The line of `event` with the value at `field` (of the envelope, or `data.<n>` for the data's
 * n-th key) replaced: keys keep their places, so the line keeps its layout. */
function swapped(event: TallyEvent, field: string, value: unknown): string {
  const json = JSON.parse(serializeEvent(event)) as Record<string, unknown>;
  const data = json.data as Record<string, unknown>;
  if (field.startsWith('data.')) {
    const key = Object.keys(data)[Number(field.slice(5))];
    if (key !== undefined) data[key] = value;
  } else {
    json[field] = value;
  }
  return JSON.stringify(json);
}
const SWAPPED_FIELDS = ['type', 'eventId', 'orgId', 'occurredAt', 'recordedAt', 'data', 'data.0', 'data.1'];

const utf8 = (text: string) => new TextEncoder().encode(text);
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `body` inside other bytes, in a Buffer or a plain Uint8Array, and where it is. */
function inBytes(body: Uint8Array, asBuffer: boolean) {
  const bytes = asBuffer ? Buffer.alloc(body.length + 4, 0x7b) : new Uint8Array(body.length + 4).fill(0x7b);
  bytes.set(body, 2);
  return { bytes, start: 2, end: 2 + body.length };
}

/** Bytes to put in a line: ASCII ones JSON treats apart, well-formed UTF-8 past ASCII, and the
 * ill-formed sequences (a stray continuation, overlong forms, surrogates, sequences cut short,
 * past U+10FFFF, bytes no UTF-8 has). */
const BYTE_PIECES: readonly (readonly number[])[] = [
  [0x22],
  [0x5c],
  [0x00],
  [0x7f],
  [0x20],
  [0xc3, 0xa9],
  [0xed, 0x9f, 0xbf],
  [0xef, 0xbf, 0xbd],
  [0xf0, 0x9f, 0x98, 0x80],
  [0xf4, 0x8f, 0xbf, 0xbf],
  [0x80],
  [0xbf],
  [0xc0, 0xaf],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80],
  [0xf0, 0x80, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xc2],
  [0xe0, 0xa0],
  [0xf0, 0x90, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xf8],
  [0xfe],
  [0xff],
];

const SAMPLE =
  '{"type":"DeviceActivated","eventId":"e-1","orgId":"acme","occurredAt":"2026-03-07T07:00:00Z","recordedAt":"2026-03-07T07:00:01.25Z","data":{"deviceId":"d-1","userId":"u-1"}}';

describe('EventLineReader', () => {
  test.prop([arbFastEvent], { numRuns: 1000 })(
    'reads every serialized event of its types, as the codecs decode it',
    (event) => {
      const line = serializeEvent(event);
      const read = new EventLineReader().read(line);
      expect(read).toBeDefined();
      expect(read).toStrictEqual(codecsOnly(line));
      // (The generated data objects have no prototype: equal, but not strictly.)
      expect(read).toEqual(event);
    },
  );

  // Orgs from a few, so that lines often repeat the one before's, escaped or not.
  const arbSameOrgs = fc.array(
    fc.tuple(arbFastEvent, fc.constantFrom('acme', 'a"b', 'a\\b', '\ud83d\ude00', 'acme2')),
    { minLength: 2, maxLength: 8 },
  );
  test.prop([arbSameOrgs], { numRuns: 300 })(
    'one reader reads a sequence of lines as fresh readers do (the kept orgId never leaks)',
    (events) => {
      const reader = new EventLineReader();
      for (const [event, orgId] of events) {
        const line = serializeEvent({ ...event, orgId });
        const read = reader.read(line);
        expect(read).toStrictEqual(new EventLineReader().read(line));
        expect(read?.orgId).toBe(orgId);
      }
    },
  );

  test.prop([arbMutatedLine], { numRuns: 3000 })(
    'whenever it answers, the codecs give the same event',
    (line) => {
      const read = new EventLineReader().read(line);
      if (read !== undefined) expect(read).toStrictEqual(codecsOnly(line));
    },
  );

  test.prop([arbFastEvent], { numRuns: 40 })(
    'whenever it answers a line with any one value swapped, the codecs give the same event',
    (event) => {
      for (const field of SWAPPED_FIELDS) {
        for (const value of SWAPS) {
          const line = swapped(event, field, value);
          const read = new EventLineReader().read(line);
          if (read !== undefined) expect(read).toStrictEqual(codecsOnly(line));
        }
      }
    },
  );

  test.prop([arbFastEvent, fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), fc.nat(), fc.boolean()], {
    numRuns: 300,
  })(
    'leaves a line to the codecs, which refuse it, when an id holds a lone surrogate, raw or escaped',
    (event, surrogate, at, raw) => {
      const k = at % (event.eventId.length + 1);
      const eventId = event.eventId.slice(0, k) + surrogate + event.eventId.slice(k);
      fc.pre(loneSurrogateAt(eventId) >= 0);
      // JSON.stringify escapes a lone surrogate; the raw form is the same line unescaped.
      const escaped = serializeEvent({ ...event, eventId });
      const hostile = raw ? escaped.replace(/\\ud[89a-f][0-9a-f]{2}/g, (e) => JSON.parse(`"${e}"`)) : escaped;
      expect(new EventLineReader().read(hostile)).toBeUndefined();
      // Text decoded from UTF-8 holds no raw one, but an escape can still make one.
      if (!raw) expect(new EventLineReader().read(hostile, true)).toBeUndefined();
      expect(codecsOnly(hostile)).toBeUndefined();
    },
  );

  test.prop([arbMalformedLine()], { numRuns: 500 })('never answers a line the codecs refuse', (malformed) => {
    expect(new EventLineReader().read(malformed.line)).toBeUndefined();
  });

  test.prop([arbFastEventOf(arbAsciiId), fc.boolean()], { numRuns: 500 })(
    'reads the bytes of every serialized event of its types with ASCII ids, as it reads the text',
    (event, asBuffer) => {
      const line = serializeEvent(event);
      const { bytes, start, end } = inBytes(utf8(line), asBuffer);
      const read = new EventLineReader().readBytes(bytes, start, end);
      expect(read).toBeDefined();
      expect(read).toStrictEqual(new EventLineReader().read(line));
    },
  );

  test.prop(
    [
      fc.oneof(arbFastEvent, arbFastEventOf(arbAsciiId), arbTallyEvent()),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BYTE_PIECES), fc.boolean()), { maxLength: 2 }),
      fc.boolean(),
    ],
    { numRuns: 2000 },
  )(
    'reads bytes as it reads their strict decoding when they are all ASCII, and reads no other bytes',
    (event, pieces, asBuffer) => {
      const line = serializeEvent(event);
      const body = [...utf8(line)];
      // The eventId's contents start after `{"type":"<ASCII name>","eventId":"`.
      const idAt = line.indexOf('"eventId":"') + 11;
      for (const [at, piece, inId] of pieces) {
        // In the eventId, where a string's pattern takes any character, or anywhere.
        const i = inId ? idAt + (at % 4) : at % (body.length + 1);
        body.splice(Math.min(i, body.length), 0, ...piece);
      }
      const line8 = Uint8Array.from(body);
      const { bytes, start, end } = inBytes(line8, asBuffer);
      const read = new EventLineReader().readBytes(bytes, start, end);
      if (!line8.every((byte) => byte < 0x80)) {
        // Non-ASCII bytes are the caller's to decode strictly (or refuse) and read as text.
        expect(read).toBeUndefined();
        return;
      }
      const text = fatal.decode(line8);
      expect(read).toStrictEqual(new EventLineReader().read(text));
      if (read !== undefined) expect(read).toStrictEqual(codecsOnly(text));
    },
  );

  it('reads the other types not at all', () => {
    const registered = serializeEvent({
      type: 'OrganizationRegistered',
      eventId: 'e-0',
      orgId: 'acme',
      occurredAt: '2026-03-07T07:00:00Z',
      recordedAt: '2026-03-07T07:00:00Z',
      data: {
        name: 'Acme',
        serialCode: 's',
        billingAccount: 'b',
        timeZone: 'UTC',
        currency: 'USD',
        coldStorage: true,
      },
    });
    expect(new EventLineReader().read(registered)).toBeUndefined();
  });

  it('takes a surrogate pair, escaped or not', () => {
    const line = SAMPLE.replace('"d-1"', '"\\ud83d\\ude00\ud83d\ude00"');
    expect(new EventLineReader().read(line)?.data).toStrictEqual({ deviceId: '😀😀', userId: 'u-1' });
  });

  it('takes an instant with milliseconds and an escaped id', () => {
    const line = SAMPLE.replace('"d-1"', '"d\\"1\\u00e9"');
    expect(new EventLineReader().read(line)).toStrictEqual({
      type: 'DeviceActivated',
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2026-03-07T07:00:00Z',
      recordedAt: '2026-03-07T07:00:01.25Z',
      data: { deviceId: 'd"1é', userId: 'u-1' },
    });
  });

  it.each([
    ['a fraction the codecs trim', SAMPLE.replace('01.25Z', '01.250Z')],
    ['a day that does not exist', SAMPLE.replace('2026-03-07T07:00:00Z', '2026-02-29T07:00:00Z')],
    ['an escaped instant', SAMPLE.replace('T07:00:00Z', '\\u005407:00:00Z')],
    ['an empty id', SAMPLE.replace('"d-1"', '""')],
    ['an escaped lone surrogate', SAMPLE.replace('"d-1"', '"d-\\ud800"')],
    ['an escaped low surrogate first', SAMPLE.replace('"d-1"', '"d-\\udc00\\ud800"')],
    ['a raw lone surrogate', SAMPLE.replace('"d-1"', '"d-\ud800"')],
    ['the year 0000', SAMPLE.replace('2026-03-07T07:00:00Z', '0000-03-07T07:00:00Z')],
    [
      'the data keys in another order',
      SAMPLE.replace('"deviceId":"d-1","userId":"u-1"', '"userId":"u-1","deviceId":"d-1"'),
    ],
    ['whitespace', SAMPLE.replace(',"data"', ', "data"')],
    ['an unknown field', SAMPLE.replace('}}', ',"note":"x"}}')],
    [
      'a cap that is not a safe integer',
      SAMPLE.replace(
        /"type":"DeviceActivated"(.*)"data":.*$/,
        '"type":"LicenseCapSet"$1"data":{"cap":9007199254740993}}',
      ),
    ],
    [
      'a cap of zero',
      SAMPLE.replace(/"type":"DeviceActivated"(.*)"data":.*$/, '"type":"LicenseCapSet"$1"data":{"cap":0}}'),
    ],
  ])('leaves %s to the codecs', (_, line) => {
    expect(line).not.toBe(SAMPLE);
    expect(new EventLineReader().read(line)).toBeUndefined();
  });
});

/** The line of `event` as a sealed export holds it: canonicalJson of its wire object (keys
 * sorted), the form tally verify and a bundle's check decode. */
const canonicalLine = (event: TallyEvent) => canonicalJson(encodeEvent(event));

/** A canonical line with one piece replaced or inserted somewhere. */
const arbMutatedCanonicalLine = fc
  .tuple(
    fc.oneof(arbFastEvent, arbTallyEvent()),
    fc.nat(),
    fc.constantFrom(
      '',
      '"',
      '\\',
      ' ',
      'x',
      '0',
      ',',
      ':',
      '}',
      '{',
      '\u00e9',
      '\ud800',
      '\\u0041',
      '"extra":1,',
    ),
    fc.boolean(),
  )
  .map(([event, at, piece, insert]) => {
    const line = canonicalLine(event);
    const i = at % (line.length + 1);
    return line.slice(0, i) + piece + line.slice(insert ? i : i + 1);
  });

/** The canonical line of `event` with the value at `field` replaced (keys stay sorted). */
function swappedCanonical(event: TallyEvent, field: string, value: unknown): string {
  return canonicalJson(JSON.parse(swapped(event, field, value)));
}

describe('EventLineReader on canonical lines (keys sorted)', () => {
  test.prop([arbFastEvent], { numRuns: 1000 })(
    'reads every canonical line of its types, as the codecs decode it',
    (event) => {
      const line = canonicalLine(event);
      const read = new EventLineReader().read(line);
      expect(read).toBeDefined();
      expect(read).toStrictEqual(codecsOnly(line));
      expect(read).toEqual(event);
      // The same event, objects of the same shape, as from its serialized line.
      expect(read).toStrictEqual(new EventLineReader().read(serializeEvent(event)));
    },
  );

  test.prop([arbMutatedCanonicalLine], { numRuns: 3000 })(
    'whenever it answers a changed canonical line, the codecs give the same event',
    (line) => {
      const read = new EventLineReader().read(line);
      if (read !== undefined) expect(read).toStrictEqual(codecsOnly(line));
    },
  );

  test.prop([arbFastEvent], { numRuns: 40 })(
    'whenever it answers a canonical line with any one value swapped, the codecs give the same event',
    (event) => {
      for (const field of SWAPPED_FIELDS) {
        for (const value of SWAPS) {
          const line = swappedCanonical(event, field, value);
          const read = new EventLineReader().read(line);
          if (read !== undefined) expect(read).toStrictEqual(codecsOnly(line));
        }
      }
    },
  );

  test.prop([arbFastEventOf(arbAsciiId), fc.boolean()], { numRuns: 500 })(
    'reads the bytes of every canonical line of its types with ASCII ids, as it reads the text',
    (event, asBuffer) => {
      const line = canonicalLine(event);
      const { bytes, start, end } = inBytes(utf8(line), asBuffer);
      const read = new EventLineReader().readBytes(bytes, start, end);
      expect(read).toBeDefined();
      expect(read).toStrictEqual(new EventLineReader().read(line));
    },
  );
});
