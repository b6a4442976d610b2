// Is this text exactly the RFC 8785 canonical JSON of the value it holds? One scan of the
// characters, without building the value: tally verify asks it of every line, and parsing a line
// and writing it again costs more than the rest of the line's checks together. The rules are
// canonicalJson's (@tally/domain): no whitespace; members sorted by UTF-16 code units, no name
// twice; strings with only the escapes `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r` and lower-case
// `\u00xx` for the other controls, no lone surrogate; numbers as ECMAScript writes them.
// `text === canonicalJson(JSON.parse(text))` is the reference it is tested against.

const SHORT_ESCAPES = new Set(['"', '\\', 'b', 't', 'n', 'f', 'r']);
const SHORT_ESCAPED = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);
const HEX = /^[0-9a-f]{4}$/;

/** Where a scan got to, or -1 when the text is not canonical there. */
type Position = number;

export function isCanonicalJsonText(text: string): boolean {
  // A text without a backslash, a control or a surrogate (most lines of an export) holds only
  // strings whose characters all stand as they are: each ends at the next quote.
  return value(text, 0, PLAIN_TEXT.test(text)) === text.length;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: a control is what is looked for
const PLAIN_TEXT = /^[^\\\u0000-\u001f\ud800-\udfff]*$/;

function value(text: string, at: Position, plain: boolean): Position {
  const c = text.charCodeAt(at);
  if (c === 0x7b) return object(text, at, plain);
  if (c === 0x5b) return array(text, at, plain);
  if (c === 0x22) return string(text, at, plain);
  if (c === 0x74) return text.startsWith('true', at) ? at + 4 : -1;
  if (c === 0x66) return text.startsWith('false', at) ? at + 5 : -1;
  if (c === 0x6e) return text.startsWith('null', at) ? at + 4 : -1;
  return number(text, at);
}

function object(text: string, at: Position, plain: boolean): Position {
  let i = at + 1;
  if (text.charCodeAt(i) === 0x7d) return i + 1;
  let previous: string | undefined;
  for (;;) {
    const end = string(text, i, plain);
    if (end < 0 || text.charCodeAt(end) !== 0x3a) return -1;
    const raw = text.slice(i + 1, end - 1);
    const name = !plain && raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
    // Strictly increasing: sorted, and no name twice (JSON.parse would keep the last one).
    if (previous !== undefined && !(previous < name)) return -1;
    previous = name;
    i = value(text, end + 1, plain);
    if (i < 0) return -1;
    const next = text.charCodeAt(i);
    if (next === 0x7d) return i + 1;
    if (next !== 0x2c) return -1;
    i += 1;
  }
}

function array(text: string, at: Position, plain: boolean): Position {
  let i = at + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1;
  for (;;) {
    i = value(text, i, plain);
    if (i < 0) return -1;
    const next = text.charCodeAt(i);
    if (next === 0x5d) return i + 1;
    if (next !== 0x2c) return -1;
    i += 1;
  }
}

/** A run of characters a canonical string holds as they are (no quote, backslash, control or
 * surrogate): skipped by the regular expression engine, faster than a loop over them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: a control ends a plain run
const PLAIN_RUN = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;

function string(text: string, at: Position, plain: boolean): Position {
  if (text.charCodeAt(at) !== 0x22) return -1;
  if (plain) {
    const end = text.indexOf('"', at + 1);
    return end < 0 ? -1 : end + 1;
  }
  for (let i = at + 1; i < text.length; i++) {
    PLAIN_RUN.lastIndex = i;
    PLAIN_RUN.test(text);
    i = PLAIN_RUN.lastIndex;
    if (i >= text.length) break;
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      const escaped = text[i + 1] as string;
      if (SHORT_ESCAPES.has(escaped)) {
        i += 1;
        continue;
      }
      if (escaped !== 'u') return -1;
      const hex = text.slice(i + 2, i + 6);
      // Only controls without a short escape are written \u00xx; anything else is written as is.
      if (!HEX.test(hex)) return -1;
      const code = Number.parseInt(hex, 16);
      if (code >= 0x20 || SHORT_ESCAPED.has(code)) return -1;
      i += 5;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return -1;
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return -1;
    }
  }
  return -1;
}

function number(text: string, at: Position): Position {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // Digits, sign, point, exponent: the characters a JSON number is made of.
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45)
      i += 1;
    else break;
  }
  if (i === at) return -1;
  const token = text.slice(at, i);
  if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(token)) return -1;
  const number = Number(token);
  return Number.isFinite(number) && String(number) === token ? i : -1;
}
