// JSON strings as the fast path reads them: the pattern of a string's contents (what its
// quotes enclose) as RFC 8259 and JSON.parse take it, and its value once matched.

/** The contents of a JSON string, captured: characters other than a quote, a backslash or a
 * control character, and the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`. Without the `u` flag a
 * class matches any UTF-16 code unit, a lone surrogate too, as JSON.parse does. */
export const STRING_CONTENTS =
  '([^"\\\\\\u0000-\\u001f]*(?:\\\\(?:["\\\\/bfnrt]|u[0-9A-Fa-f]{4})[^"\\\\\\u0000-\\u001f]*)*)';

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
