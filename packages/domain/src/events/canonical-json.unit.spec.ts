import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { membersReversed } from './members-reversed.spec-helper.js';

// JSON values of any Unicode text (well-formed: fast-check's "binary" unit never splits a pair).
const arbJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });

/** `value` with every -0 written as 0: JSON has one zero, so -0 comes back from the text as 0. */
const withoutNegativeZero = (value: unknown): unknown => {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([name, member]) => [name, withoutNegativeZero(member)]),
    );
  return value;
};

/** Compares two strings one UTF-16 code unit at a time, as unsigned integers (RFC 8785 §3.2.3). */
const byCodeUnits = (a: string, b: string): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = a.charCodeAt(i) - b.charCodeAt(i);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
};

// A second writer to compare with: members sorted by the comparator above, and every string and
// number written by JSON.stringify, whose output for well-formed strings and finite numbers is the
// RFC's (ECMAScript's own escaping and Number-to-String).
const reference = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const names = Object.keys(value).sort(byCodeUnits);
    const members = names.map(
      (name) => `${JSON.stringify(name)}:${reference((value as Record<string, unknown>)[name])}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
};

describe('canonicalJson (RFC 8785)', () => {
  test.prop([arbJson], { numRuns: 300 })('writes what the reference writer writes', (value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  test.prop([arbJson], { numRuns: 300 })('parses back to the same value', (value) => {
    expect(JSON.parse(canonicalJson(value))).toEqual(withoutNegativeZero(value));
  });

  test.prop([arbJson], { numRuns: 300 })(
    'is idempotent: canonical text is its own canonical form',
    (value) => {
      const text = canonicalJson(value);
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    },
  );

  test.prop([arbJson], { numRuns: 300 })('does not depend on the order of the members', (value) => {
    expect(canonicalJson(membersReversed(value))).toBe(canonicalJson(value));
  });

  test.prop([fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 4 }), { maxLength: 12 })], {
    numRuns: 300,
  })('writes the members in the order of their names as UTF-16 code units', (names) => {
    const text = canonicalJson(Object.fromEntries(names.map((name, index) => [name, index])));
    const positions = [...names].sort(byCodeUnits).map((name) => text.indexOf(`${JSON.stringify(name)}:`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  // Objects of few names in a row: the same names in the same order, in another order, one name
  // changed, more shapes than the writer remembers.
  test.prop(
    [
      fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'é', '1', '10', '\u0000'), fc.nat(9)), {
        maxLength: 60,
      }),
    ],
    { numRuns: 300 },
  )('writes every object of a sequence as the reference writer does', (objects) => {
    for (const object of objects) expect(canonicalJson(object)).toBe(reference(object));
  });

  it('writes the example of RFC 8785 §3.2.2', () => {
    // The RFC's input, as JSON text: numbers in several spellings, a string of escapes.
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    // Worked out by hand: the shortest digits that read back as each double, lower-case \u000f, a
    // newline as \n, B and / as they are, the quote and backslashes escaped.
    const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    expect(canonicalJson(JSON.parse(input))).toBe(expected);
  });

  it('sorts the names of the example of RFC 8785 §3.2.3 by code units, not code points', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
      '</script>': 'Browser Challenge',
    };
    // U+000D, '1' (U+0031), '<' (U+003C), U+0080, U+00F6, U+20AC, then the emoji's high surrogate
    // U+D83D before U+FB33 (by code point the emoji, U+1F600, would come last).
    const order = [
      'Carriage Return',
      'One',
      'Browser Challenge',
      'Control',
      'Latin Small',
      'Euro',
      'Emoji',
      'Hebrew',
    ];
    const text = canonicalJson(input);
    const positions = order.map((value) => text.indexOf(`:"${value}`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(
      text.startsWith('{"\\r":"Carriage Return","1":"One","</script>":"Browser Challenge","\u0080":'),
    ).toBe(true);
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1.5, '-1.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [Number('123456789012345678901'), '123456789012345680000'],
    [0.000001, '0.000001'],
    [0.0000001, '1e-7'],
    [2 ** 53 + 1, '9007199254740992'], // 2^53 + 1 is no double; it rounds to 2^53
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-1.7976931348623157e308, '-1.7976931348623157e+308'],
  ])('writes the number %s as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('refuses NaN and the infinities', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(() => canonicalJson({ n: [value] })).toThrow(/is not a JSON number/);
  });

  it('escapes the quote, the backslash and the controls below U+0020, and nothing else', () => {
    const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
    for (let unit = 0; unit < 0x20; unit++) {
      const escaped = short[unit] ?? `\\u00${unit < 16 ? '0' : '1'}${(unit % 16).toString(16)}`;
      expect(canonicalJson(`a${String.fromCharCode(unit)}b`)).toBe(`"a${escaped}b"`);
    }
    expect(canonicalJson('"\\')).toBe('"\\"\\\\"');
    expect(canonicalJson('/ \u007f \u2028 \u2029 é € \ufeff \ud83d\ude00')).toBe(
      '"/ \u007f \u2028 \u2029 é € \ufeff \ud83d\ude00"',
    );
    expect(canonicalJson({ '\n"': '\u001F' })).toBe('{"\\n\\"":"\\u001f"}');
  });

  it('refuses a lone surrogate, in a value or in a name', () => {
    for (const text of ['\ud800', 'a\udbffb', '\udc00', 'x\udfff', '\ude00\ud83d', '\ud83d\ud83d\ude00'])
      expect(() => canonicalJson([text])).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ '\ud800': 1 })).toThrow(/lone surrogate/);
    expect(canonicalJson('\ud83d\ude00\ud83d\ude00')).toBe('"\ud83d\ude00\ud83d\ude00"');
  });

  it('leaves out undefined members and writes undefined array items as null, as JSON.stringify does', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, 1] })).toBe('{"a":[null,1]}');
    expect(canonicalJson({ b: undefined })).toBe('{}');
    expect(canonicalJson(Object.assign(Object.create(null), { z: 1, y: 2 }))).toBe('{"y":2,"z":1}');
  });

  it('refuses what JSON cannot hold rather than guessing', () => {
    expect(() => canonicalJson(1n)).toThrow(/a bigint is not a JSON value/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/a function is not a JSON value/);
    expect(() => canonicalJson([Symbol('s')])).toThrow(/a symbol is not a JSON value/);
    expect(() => canonicalJson(undefined)).toThrow(/undefined is not a JSON value/);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/a Date is not a JSON value/);
    expect(() => canonicalJson(new Map())).toThrow(/a Map is not a JSON value/);
  });
});
