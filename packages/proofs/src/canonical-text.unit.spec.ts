// The one-scan canonical check agrees with parsing and writing again, on canonical texts, on
// JSON in other spellings, and on text that is not JSON at all.
import { fc, test } from '@fast-check/vitest';
import { canonicalJson } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { isCanonicalJsonText } from './canonical-text.js';

const reference = (text: string): boolean => {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
};

describe('isCanonicalJsonText', () => {
  it('accepts what canonicalJson writes and refuses every other spelling', () => {
    const cases = [
      '{"a":1,"b":[true,false,null,"x"]}',
      '{"b":1,"a":2}',
      '{"a":1,"a":1}',
      '{ "a":1}',
      '{"a":1.0}',
      '{"a":1e21}',
      '{"a":1e+21}',
      '{"a":-0}',
      '{"a":"\\u0041"}',
      '{"a":"\\u001f"}',
      '{"a":"\\u001F"}',
      '{"a":"\\u000a"}',
      '{"a":"\\n"}',
      '{"a":"\\/"}',
      '{"a":"\\ud800"}',
      '{"a":"\uFFFD"}',
      '{"a":"😀"}',
      '{"é":1,"z":2}',
      '{"chain":"ab","data":{}}',
      '{}',
      '[]',
      '',
      '{"a":1}x',
      '{"a":01}',
    ];
    for (const text of cases) expect(isCanonicalJsonText(text), text).toBe(reference(text));
  });

  test.prop([fc.jsonValue()], { numRuns: 300 })('accepts canonicalJson of any JSON value', (value) => {
    const text = canonicalJson(value);
    expect(isCanonicalJsonText(text)).toBe(true);
  });

  test.prop([fc.json()], { numRuns: 300 })('agrees with parse-and-write on any JSON text', (text) => {
    expect(isCanonicalJsonText(text)).toBe(reference(text));
  });

  test.prop([fc.jsonValue(), fc.nat(), fc.string({ maxLength: 3 })], { numRuns: 300 })(
    'agrees with parse-and-write on canonical text with a few characters changed',
    (value, at, inserted) => {
      const text = canonicalJson(value);
      const cut = at % (text.length + 1);
      const changed = `${text.slice(0, cut)}${inserted}${text.slice(cut + 1)}`;
      expect(isCanonicalJsonText(changed)).toBe(reference(changed));
    },
  );

  // Names with escapes (a quote, a backslash, controls), prefixes of one another and repeated,
  // in any order: only strictly increasing decoded names are canonical.
  const arbName = fc
    .array(fc.constantFrom('a', 'b', '"', '\\', '\n', '\u0001', '\u001f', 'é', '~'), { maxLength: 3 })
    .map((parts) => parts.join(''));
  test.prop([fc.array(arbName, { maxLength: 5 })], { numRuns: 500 })(
    'agrees with parse-and-write on the order of member names',
    (names) => {
      const text = `{${names.map((name, i) => `${JSON.stringify(name)}:${i}`).join(',')}}`;
      expect(isCanonicalJsonText(text)).toBe(reference(text));
      const sorted = `{${[...new Set(names)]
        .sort()
        .map((name) => `${JSON.stringify(name)}:0`)
        .join(',')}}`;
      expect(isCanonicalJsonText(sorted)).toBe(true);
    },
  );
});
