import { fc, test } from '@fast-check/vitest';
import { arbTallyEvent } from '@tally/testing';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { canonicalWriterOf } from './canonical-encoding.js';
import { canonicalJson } from './canonical-json.js';
import {
  arrayOf,
  literal,
  nullable,
  optional,
  primitive,
  strictObject,
  taggedUnion,
  withCheck,
} from './combinators.js';
import { canonicalEventJson, encodeEvent } from './encode.js';
import { membersReversed } from './members-reversed.spec-helper.js';
import type { TallyEvent } from './types.js';

// The one-pass writer must give, for every value, what canonicalJson gives for codec.encode(value),
// or throw what that throws.
const reference = (event: TallyEvent): string => canonicalJson(encodeEvent(event));

/** What `run` returns, or the message it throws. */
const outcome = (run: () => string): string => {
  try {
    return `ok ${run()}`;
  } catch (error) {
    return `throws ${(error as Error).name}: ${(error as Error).message}`;
  }
};

// Any text, escapes and controls and astral characters included, and sometimes a lone surrogate.
const arbText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  fc.constantFrom('\ud800', 'a\udc00', '"\\\n\u0001\u007f', '\u2028\ufeff'),
);

/** The event with every string member of its data (and its ids) replaced by `texts`, in turn. */
function withTexts(event: TallyEvent, texts: readonly string[]): TallyEvent {
  let next = 0;
  const text = () => texts[next++ % texts.length] as string;
  const data = Object.fromEntries(
    Object.entries(event.data).map(([key, value]) => [key, typeof value === 'string' ? text() : value]),
  );
  return { ...event, eventId: text(), orgId: text(), data } as TallyEvent;
}

describe('canonicalEventJson', () => {
  test.prop([arbTallyEvent()], { numRuns: 300 })('is canonicalJson(encodeEvent(event))', (event) => {
    expect(canonicalEventJson(event)).toBe(reference(event));
  });

  test.prop([arbTallyEvent()], { numRuns: 100 })('whatever the order of its members', (event) => {
    const scrambled = membersReversed(event);
    expect(canonicalEventJson(scrambled)).toBe(reference(scrambled));
    expect(canonicalEventJson(scrambled)).toBe(canonicalEventJson(event));
  });

  test.prop([arbTallyEvent(), fc.array(arbText, { minLength: 1, maxLength: 4 })], { numRuns: 300 })(
    'for any text in its strings, lone surrogates refused with the same words',
    (event, texts) => {
      const odd = withTexts(event, texts);
      expect(outcome(() => canonicalEventJson(odd))).toBe(outcome(() => reference(odd)));
    },
  );

  test.prop([arbTallyEvent(), fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })], { numRuns: 100 })(
    'leaves out what the encoding leaves out: unknown members, and members that are undefined',
    (event, name, value) => {
      const extra = { ...event, [`x-${name}`]: value, data: { ...event.data, [`y-${name}`]: value } };
      const undefinedMembers = {
        ...event,
        schemaVersion: undefined,
        data: { ...event.data, deviceId: undefined },
      };
      for (const odd of [extra, undefinedMembers] as unknown as TallyEvent[]) {
        expect(outcome(() => canonicalEventJson(odd))).toBe(outcome(() => reference(odd)));
      }
    },
  );

  it('leaves out a member the value only inherits, as the encoding does', () => {
    const data = Object.assign(Object.create({ userId: 'u-inherited' }), { deviceId: 'd-1' });
    const event = {
      type: 'DeviceActivated',
      eventId: 'e-1',
      orgId: 'o',
      occurredAt: '2026-03-01T00:00:00Z',
      recordedAt: '2026-03-01T00:00:00Z',
      data,
    } as TallyEvent;
    expect(canonicalEventJson(event)).not.toContain('u-inherited');
    expect(canonicalEventJson(event)).toBe(reference(event));
  });

  it('refuses an unknown type as the encoding does', () => {
    const odd = { type: 'DeviceExploded', eventId: 'e-1' } as unknown as TallyEvent;
    expect(outcome(() => canonicalEventJson(odd))).toMatch(/^throws TypeError: cannot encode a Tally event/);
    expect(outcome(() => canonicalEventJson(odd))).toBe(outcome(() => reference(odd)));
  });

  it('writes one example byte for byte', () => {
    const event: TallyEvent = {
      type: 'DeviceActivated',
      eventId: 'e-1',
      orgId: 'org-\u00e9',
      occurredAt: '2026-03-01T00:00:00Z',
      recordedAt: '2026-03-01T00:00:01.5Z',
      data: { deviceId: 'd-"1"', userId: 'u-\n' },
    };
    expect(canonicalEventJson(event)).toBe(
      '{"data":{"deviceId":"d-\\"1\\"","userId":"u-\\n"},"eventId":"e-1","occurredAt":"2026-03-01T00:00:00Z","orgId":"org-\u00e9","recordedAt":"2026-03-01T00:00:01.5Z","type":"DeviceActivated"}',
    );
  });
});

describe('canonicalWriterOf, for each combinator', () => {
  const Count = primitive<number>('a count', (input) =>
    typeof input === 'number' ? { _tag: 'Right', right: input } : { _tag: 'Left', left: 'not a number' },
  );
  const Text = primitive<string>('a text', (input) =>
    typeof input === 'string' ? { _tag: 'Right', right: input } : { _tag: 'Left', left: 'not a text' },
  );
  // A hand-written codec whose encoding is not the identity: written as encoded.
  const Doubled = new t.Type<number, number, unknown>(
    'doubled',
    (input): input is number => typeof input === 'number',
    (input, context) => (typeof input === 'number' ? t.success(input) : t.failure(input, context)),
    (value) => value * 2,
  );
  const Item = strictObject('an item', { z: Text, a: nullable(Count), m: optional(Doubled) });
  const Shape = taggedUnion('a shape', 'kind', {
    box: strictObject('a box', {
      kind: literal('box'),
      items: arrayOf(Item),
      b: withCheck(Count, (v) => t.success(v)),
    }),
    dot: strictObject('a dot', { kind: literal('dot'), é: Text, Z: Text, _: Text }),
  });
  const arbItem = fc.record(
    { z: arbText, a: fc.option(fc.integer(), { nil: null }), m: fc.integer() },
    { requiredKeys: ['z', 'a'] },
  );
  const arbShape = fc.oneof(
    fc.record({ kind: fc.constant('box'), items: fc.array(arbItem, { maxLength: 3 }), b: fc.double() }),
    fc.record({ kind: fc.constant('dot'), é: arbText, Z: arbText, _: arbText }),
    fc.record({ kind: fc.constantFrom('cube', 7) }),
  );

  test.prop([arbShape], { numRuns: 300 })(
    'gives canonicalJson(codec.encode(value)), or its error',
    (shape) => {
      const write = canonicalWriterOf(Shape);
      expect(outcome(() => write(shape))).toBe(outcome(() => canonicalJson(Shape.encode(shape as never))));
    },
  );

  it('writes an array whose item is undefined as the encoded copy holds it (null)', () => {
    const Counts = arrayOf(Count);
    const counts = [1, undefined, 3] as unknown as number[];
    expect(canonicalWriterOf(Counts)(counts)).toBe('[1,null,3]');
    expect(canonicalWriterOf(Counts)(counts)).toBe(canonicalJson(Counts.encode(counts)));
  });
});
