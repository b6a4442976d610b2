// Text that parses but must not decode (docs/wire-format.md, "Bad bytes and bad text"): a key
// named twice in one object, a lone surrogate, a byte order mark, a NUL byte. Each is refused
// the same way on every entry point (text, bytes, a store's payload, an object) and on the fast
// path and the codecs alike.
import { fc, test } from '@fast-check/vitest';
import { arbTallyEvent } from '@tally/testing';
import type { Either } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeEvent, decodeEventBytes, decodeEventLine } from './decode.js';
import { encodeEvent, serializeEvent } from './encode.js';
import type { EventDecodeError } from './errors.js';
import { duplicateKeyIn, repeatedKeyIn } from './json-keys.js';
import { createLogDecoder } from './log-decoder.js';
import type { TallyEvent } from './types.js';
import { loneSurrogateAt, unicodeTextProblem } from './unicode-text.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Every way a line or payload is decoded, each answer without its line number. */
function everyPath(line: string): Record<string, Either<EventDecodeError, TallyEvent>> {
  const bytes = utf8(line);
  const strip = <E extends EventDecodeError>(result: Either<E, TallyEvent>) => {
    if (result._tag === 'Right') return result;
    const { line: _line, ...error } = result.left as E & { line?: number };
    return { _tag: 'Left' as const, left: error };
  };
  return {
    decodeEventLine: decodeEventLine(line),
    decodeEventBytes: decodeEventBytes(bytes),
    decodeLine: strip(createLogDecoder().decodeLine(line, 9)),
    decodeLineBytes: strip(createLogDecoder().decodeLineBytes(bytes, 0, bytes.length, 9)),
    decodePayload: createLogDecoder().decodePayload(bytes),
  };
}

/** Every path gives the same error; it is returned. */
function refusedAlike(line: string): EventDecodeError {
  const answers = Object.values(everyPath(line));
  const [first] = answers;
  if (first === undefined || first._tag === 'Right') throw new Error(`accepted: ${line}`);
  for (const answer of answers) expect(answer).toStrictEqual(first);
  return first.left;
}

const SAMPLE =
  '{"type":"DeviceActivated","eventId":"e-1","orgId":"acme","occurredAt":"2026-03-07T07:00:00Z","recordedAt":"2026-03-07T07:00:00Z","data":{"deviceId":"d-1","userId":"u-1"}}';

/** JSON text of `value` in which `target` (an object inside it) names `key` twice: first with
 * `first`, then with its own value. */
function withDuplicate(value: unknown, target: object, key: string, first: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => withDuplicate(item, target, key, first)).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const entries = Object.entries(value).map(
    ([k, v]) => `${JSON.stringify(k)}:${withDuplicate(v, target, key, first)}`,
  );
  if (value === target) entries.unshift(`${JSON.stringify(key)}:${JSON.stringify(first)}`);
  return `{${entries.join(',')}}`;
}

/** Every object inside `value` that has keys, with its field path as errors write it. */
function objectsOf(value: unknown, path = ''): { object: Record<string, unknown>; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectsOf(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const object = value as Record<string, unknown>;
  const inner = Object.entries(object).flatMap(([key, v]) =>
    objectsOf(v, path === '' ? key : `${path}.${key}`),
  );
  return Object.keys(object).length === 0 ? inner : [{ object, path }, ...inner];
}

describe('a key named twice in one object', () => {
  it.each([
    ['at the top', SAMPLE.replace('{"type"', '{"eventId":"e-0","type"'), 'eventId'],
    ['in data', SAMPLE.replace('"userId":"u-1"', '"userId":"u-1","deviceId":"d-2"'), 'data.deviceId'],
    [
      'the same value twice',
      SAMPLE.replace('"userId":"u-1"', '"userId":"u-1","userId":"u-1"'),
      'data.userId',
    ],
    [
      'written with an escape',
      SAMPLE.replace('"userId":"u-1"', '"userId":"u-1","\\u0075serId":"u-2"'),
      'data.userId',
    ],
  ])('is refused %s, naming the key, on every path', (_, line, path) => {
    const key = path.split('.').at(-1) as string;
    expect(refusedAlike(line)).toStrictEqual({
      message: `${path}: the key ${JSON.stringify(key)} appears twice in one object`,
      path,
      eventId: 'e-1',
      type: 'DeviceActivated',
    });
  });

  it('is refused deep inside an invoice, with its place in the lines', () => {
    const event = {
      type: 'InvoiceIssued',
      eventId: 'i-1',
      orgId: 'acme',
      occurredAt: '2026-03-09T08:00:00Z',
      recordedAt: '2026-03-09T08:00:00Z',
      data: {
        orgId: 'acme',
        billingDate: '2026-03-09',
        currency: 'USD',
        asKnownAt: '2026-03-09T08:00:00Z',
        lines: [
          {
            kind: 'devices',
            description: '1 device',
            quantity: 1,
            unitAmount: '10.00',
            amount: '10.00',
            servicePeriod: { start: '2026-03-09', end: '2026-04-09' },
            tallyAt: '2026-03-07T08:00:00Z',
          },
        ],
        total: '10.00',
      },
    };
    const line = JSON.stringify(event).replace(
      '"end":"2026-04-09"',
      '"end":"2026-04-09","start":"2026-01-01"',
    );
    expect(refusedAlike(line).message).toBe(
      'data.lines[0].servicePeriod.start: the key "start" appears twice in one object',
    );
  });

  it('is not confused by keys of other objects, or by quotes and braces inside strings', () => {
    const line = SAMPLE.replace('"d-1"', '"{\\"deviceId\\":1,}"').replace('"u-1"', '"eventId"');
    const decoded = decodeEventLine(line);
    expect(decoded._tag).toBe('Right');
  });

  test.prop([arbTallyEvent(), fc.nat(), fc.nat(), fc.boolean()], { numRuns: 300 })(
    'of any event, at any depth, is refused naming its path, on every path, fast or not',
    (event, objectAt, keyAt, sameValue) => {
      const json = JSON.parse(serializeEvent(event)) as unknown;
      const objects = objectsOf(json);
      const { object, path } = objects[objectAt % objects.length] as (typeof objects)[number];
      const keys = Object.keys(object);
      const key = keys[keyAt % keys.length] as string;
      const line = withDuplicate(json, object, key, sameValue ? object[key] : 'other');
      const field = path === '' ? key : `${path}.${key}`;
      const error = refusedAlike(line);
      expect(error.path).toBe(field);
      expect(error.message).toBe(`${field}: the key ${JSON.stringify(key)} appears twice in one object`);
      expect(createLogDecoder().decodeLine(line, 4)).toMatchObject({ _tag: 'Left', left: { line: 4 } });
    },
  );
});

describe('the count that spares most lines the key scan', () => {
  /** JSON values whose strings often hold quotes, colons and spaces, with keys that repeat. */
  const arbJson = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('":', '" :', 'a', '\\":', '', ' : '),
      fc.integer(),
      fc.array(tie('value'), { maxLength: 3 }),
      tie('object'),
    ),
    object: fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'c', '":', 'a b'), tie('value')), { maxLength: 4 })
      .map((entries) => entries),
  }));
  /** The text of an object value, keys as given (repeats kept), spaced or not around colons. */
  function write(value: unknown, spaced: boolean): string {
    if (
      Array.isArray(value) &&
      value.every((item) => Array.isArray(item) && item.length === 2 && typeof item[0] === 'string')
    ) {
      const entries = value as [string, unknown][];
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}${spaced ? ' : ' : ':'}${write(v, spaced)}`).join(',')}}`;
    }
    if (Array.isArray(value)) return `[${value.map((item) => write(item, spaced)).join(',')}]`;
    return JSON.stringify(value);
  }

  test.prop([arbJson.object, fc.boolean()], { numRuns: 500 })(
    'finds exactly what the full scan finds',
    (object, spaced) => {
      const text = write(object, spaced);
      expect(repeatedKeyIn(text, JSON.parse(text))).toStrictEqual(duplicateKeyIn(text));
    },
  );
});

describe('a lone surrogate', () => {
  it.each([
    ['a high one, escaped', '"d-\\ud800"', 2, 'D800'],
    ['a low one, escaped', '"\\udc00x"', 0, 'DC00'],
    ['a pair in the wrong order', '"\\udc00\\ud800"', 0, 'DC00'],
    ['a raw one', '"d-\ud800"', 2, 'D800'],
  ])('is refused in an id (%s), naming the field, on every text path', (_, id, at, hex) => {
    const line = SAMPLE.replace('"d-1"', id);
    const paths = {
      decodeEventLine: decodeEventLine(line),
      decodeLine: createLogDecoder().decodeLine(line, 3),
      decodeEvent: decodeEvent(JSON.parse(line)),
    };
    for (const result of Object.values(paths)) {
      expect(result).toMatchObject({
        _tag: 'Left',
        left: {
          message: `data.deviceId: holds a lone surrogate (U+${hex} at character ${at}), which is not Unicode text`,
          path: 'data.deviceId',
          eventId: 'e-1',
        },
      });
    }
  });

  it('is refused escaped on the byte paths too (raw, it has no UTF-8: that is a bad byte)', () => {
    const line = SAMPLE.replace('"d-1"', '"d-\\ud800"');
    expect(refusedAlike(line).message).toContain('data.deviceId: holds a lone surrogate (U+D800');
  });

  it('a pair is one character and is taken', () => {
    const line = SAMPLE.replace('"d-1"', '"\\ud83d\\ude00"');
    for (const result of Object.values(everyPath(line))) {
      expect(result).toMatchObject({ _tag: 'Right', right: { data: { deviceId: '😀' } } });
    }
  });

  /** The string fields of an event's JSON, by path. */
  function stringFields(value: unknown, path = ''): string[] {
    if (typeof value === 'string') return [path];
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([key, v]) =>
      stringFields(v, Array.isArray(value) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`),
    );
  }

  test.prop([arbTallyEvent(), fc.nat(), fc.nat(), fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff')], {
    numRuns: 300,
  })('in any string of any event is refused, on every path, fast or not', (event, fieldAt, at, surrogate) => {
    const json = encodeEvent(event) as Record<string, unknown>;
    const fields = stringFields(json).filter((field) => field !== 'type');
    const field = fields[fieldAt % fields.length] as string;
    // Set the value at `field` (a path of keys and [indexes]) with the surrogate inside it.
    const keys = field.split(/\.|\[|\]\.?/).filter((part) => part !== '');
    let parent = json as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    const last = keys.at(-1) as string;
    const old = parent[last] as string;
    const k = at % (old.length + 1);
    parent[last] = old.slice(0, k) + surrogate + old.slice(k);
    fc.pre(loneSurrogateAt(parent[last] as string) >= 0);
    const line = JSON.stringify(json);
    const error = refusedAlike(line);
    expect(error.path).toBe(field);
    expect(decodeEvent(JSON.parse(line))).toMatchObject({ _tag: 'Left', left: { path: field } });
    // Where the field is free text, the surrogate is what it is refused for.
    if (/Id$|^orgId$|name|description|serialCode|billingAccount/.test(field)) {
      expect(error.message).toContain('lone surrogate');
    }
  });

  it('unicodeTextProblem finds the first one, and none in well-formed text', () => {
    expect(unicodeTextProblem('ab😀c')).toBeUndefined();
    expect(unicodeTextProblem('a\udc00\ud800')).toBe(
      'holds a lone surrogate (U+DC00 at character 1), which is not Unicode text',
    );
  });
});

describe('bytes a message could not show', () => {
  it('names a byte order mark at the start of a line instead of echoing it', () => {
    const error = refusedAlike(`\ufeff${SAMPLE}`);
    expect(error.message).toBe(
      'not valid JSON: a byte order mark at byte 0 (write the file as UTF-8 without a BOM)',
    );
    expect(error.message).not.toContain('\ufeff');
  });

  it('names a NUL byte and its byte offset in the line', () => {
    const line = SAMPLE.replace('"d-1"', '"dé-\u0000"');
    const error = refusedAlike(line);
    // é is two bytes: the offset counts bytes, as the UTF-8 errors do.
    expect(error.message).toBe(`not valid JSON: a NUL byte at byte offset ${line.indexOf('\u0000') + 1}`);
    expect(error.message).not.toContain('\u0000');
  });
});
