// JSON strings as the fast path reads them: the pattern of a string's contents (what its
// quotes enclose) as RFC 8259 and JSON.parse take it, and its value once matched.

/** The pattern of a JSON string's contents, captured, given the class of the characters that
 * stand for themselves: runs of them, and the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`. */
const contentsOf = (plain: string) => `(${plain}*(?:\\\\(?:["\\\\/bfnrt]|u[0-9A-Fa-f]{4})${plain}*)*)`;

/** The contents of a JSON string, as RFC 8259 and JSON.parse take them: characters other than a
 * quote, a backslash or a control character, and the escapes. Without the `u` flag a class
 * matches any UTF-16 code unit, a lone surrogate too, as JSON.parse does. */
export const STRING_CONTENTS = contentsOf('[^"\\\\\\u0000-\\u001f]');

/** The same contents in ASCII alone: what STRING_CONTENTS matches, less every string holding a
 * character past U+007F (an escape such as `\u00e9` is ASCII, and still matches). */
export const ASCII_STRING_CONTENTS = contentsOf('[^"\\\\\\u0000-\\u001f\\u0080-\\uffff]');

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** The value of contents matched by STRING_CONTENTS, escapes resolved as JSON.parse resolves
 * them: `\uXXXX` is that UTF-16 code unit, so a pair of them is one character and a lone
 * surrogate stays one. */
export function stringValue(contents: string): string {
  let backslash = contents.indexOf('\\');
  if (backslash < 0) return contents;
  let value = '';
  let from = 0;
  while (backslash >= 0) {
    value += contents.slice(from, backslash);
    const letter = contents.charAt(backslash + 1);
    if (letter === 'u') {
      value += String.fromCharCode(Number.parseInt(contents.slice(backslash + 2, backslash + 6), 16));
      from = backslash + 6;
    } else {
      value += SIMPLE_ESCAPES[letter] as string;
      from = backslash + 2;
    }
    backslash = contents.indexOf('\\', from);
  }
  return value + contents.slice(from);
}
