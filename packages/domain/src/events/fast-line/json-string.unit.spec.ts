import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ASCII_STRING_CONTENTS, STRING_CONTENTS, stringValue } from './json-string.js';

const WHOLE = new RegExp(`^${STRING_CONTENTS}$`);
const WHOLE_ASCII = new RegExp(`^${ASCII_STRING_CONTENTS}$`);

/** Any UTF-16 code unit (lone surrogates too), weighted towards the ones JSON treats apart. */
const arbUnit = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
  { weight: 2, arbitrary: fc.constantFrom('"', '\\', '/', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800') },
);
/** Text meant to sit between a string's quotes: characters, good escapes and broken ones. */
const arbContents = fc
  .array(
    fc.oneof(
      arbUnit,
      fc.constantFrom('\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u00e9', '\\uD83D\\uDE00'),
      fc.constantFrom('\\', '\\x', '\\u12', '\\u12G4', '\\U0041', "\\'", '\\0'),
      fc.stringMatching(/^\\u[0-9a-fA-F]{4}$/),
    ),
    { maxLength: 8 },
  )
  .map((pieces) => pieces.join(''));

describe('JSON string contents', () => {
  test.prop([fc.string({ unit: arbUnit, maxLength: 12 })], { numRuns: 500 })(
    'every string JSON.stringify writes is matched, and reads back as itself',
    (value) => {
      const contents = JSON.stringify(value).slice(1, -1);
      expect(WHOLE.test(contents)).toBe(true);
      expect(stringValue(contents)).toBe(value);
    },
  );

  test.prop([arbContents], { numRuns: 1000 })(
    'matches exactly what JSON.parse takes between quotes, with the value JSON.parse gives',
    (contents) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(`"${contents}"`);
      } catch {
        parsed = undefined;
      }
      expect(WHOLE.test(contents)).toBe(parsed !== undefined);
      if (parsed !== undefined) expect(stringValue(contents)).toBe(parsed);
    },
  );

  test.prop([arbContents], { numRuns: 1000 })(
    'the ASCII contents match what the contents match, when every character is ASCII',
    (contents) => {
      expect(WHOLE_ASCII.test(contents)).toBe(
        WHOLE.test(contents) && [...contents].every((character) => character.charCodeAt(0) < 0x80),
      );
    },
  );

  it('resolves a surrogate pair to one character and keeps a lone surrogate', () => {
    expect(stringValue('a\\uD83D\\uDE00b')).toBe('a😀b');
    expect(stringValue('\\udc00')).toBe('\udc00');
    expect(stringValue('\\\\u0041')).toBe('\\u0041');
  });
});
