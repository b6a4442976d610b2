// RFC 8785, the JSON Canonicalization Scheme (JCS): the one byte-exact JSON text of a JSON value.
// The sealed export of `tally export` and `tally verify` (docs/cli.md, "tally export") and the testing
// kit's export chain (docs/testing.md) both hash this text, so there is one implementation, here.
//
// - No whitespace between tokens (RFC 8785 §3.2.1).
// - Literals as `null`, `true`, `false` (§3.2.2.1).
// - Strings (§3.2.2.2): `"` and `\` escaped as `\"` and `\\`; U+0008, U+0009, U+000A, U+000C and
//   U+000D as `\b`, `\t`, `\n`, `\f`, `\r`; the other controls below U+0020 as `\u00xx` in
//   lower-case hex; every other character as it is (no `\u` escapes, no `\/`). A lone surrogate is
//   not Unicode text, and the RFC asks for an error.
// - Numbers (§3.2.2.3) as ECMAScript's Number-to-String conversion writes them, which is what
//   `String(number)` runs (so `-0` is `0`, `1e21` is `1e+21`, `0.000001` stays decimal); NaN and
//   the infinities have no JSON form and are an error.
// - Object members sorted by their names compared as arrays of UTF-16 code units (§3.2.3), which
//   is how JavaScript's `<` compares strings; arrays keep their order.
//
// The values taken are the ones `JSON.parse` returns, plus two leniencies of `JSON.stringify`: an
// object member whose value is `undefined` is left out, and an array item that is `undefined` is
// written `null`. Anything else (a bigint, a function, a symbol, a Date, a Map, a class instance)
// is a TypeError rather than a silent guess.

/** The RFC 8785 canonical JSON text of a JSON value; throws a TypeError on anything JSON cannot hold. */
export function canonicalJson(value: unknown): string {
  return write(value);
}

function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value);
      if (isPlainObject(value)) return writeObject(value);
      throw new TypeError(
        `canonicalJson: a ${value.constructor?.name ?? 'non-plain object'} is not a JSON value`,
      );
    default:
      throw new TypeError(
        `canonicalJson: ${value === undefined ? 'undefined' : `a ${typeof value}`} is not a JSON value`,
      );
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function writeArray(items: readonly unknown[]): string {
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) text += ',';
    const item = items[index];
    text += item === undefined ? 'null' : write(item);
  }
  return `${text}]`;
}

function writeObject(object: Record<string, unknown>): string {
  const { sorted, written } = shapeOf(Object.keys(object));
  let text = '{';
  for (let i = 0; i < sorted.length; i++) {
    const member = object[sorted[i] as string];
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += written[i] as string;
    text += write(member);
  }
  return `${text}}`;
}

/** An object's member names as given, sorted, and written (`"name":`, in sorted order). */
interface Shape {
  readonly given: readonly string[];
  readonly sorted: readonly string[];
  readonly written: readonly string[];
}

// The last few shapes written: the events of a log have a handful of shapes, and sorting the
// names again for every object was a quarter of the writer's time (about 1 us an event of a
// sealed export); writing the names again was another tenth.
const SHAPES = 16;
const shapes: Shape[] = [];
let nextShape = 0;

function shapeOf(given: string[]): Shape {
  shape: for (const known of shapes) {
    if (known.given.length !== given.length) continue;
    for (let i = 0; i < given.length; i++) if (known.given[i] !== given[i]) continue shape;
    return known;
  }
  // Array.prototype.sort with no comparator orders strings by their UTF-16 code units.
  const sorted = [...given].sort();
  const made = { given, sorted, written: sorted.map((name) => `${writeString(name)}:`) };
  shapes[nextShape] = made;
  nextShape = (nextShape + 1) % SHAPES;
  return made;
}

// The short escapes of RFC 8785 §3.2.2.2, by code unit (U+0008, U+0009, U+000A, U+000C, U+000D,
// the quote and the backslash); the other controls are written \u00xx.
const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

function loneSurrogate(unit: number, index: number): TypeError {
  const hex = unit.toString(16).toUpperCase();
  return new TypeError(
    `canonicalJson: a string with a lone surrogate (U+${hex} at ${index}) is not Unicode text`,
  );
}

function writeString(text: string): string {
  let written = '"';
  let start = 0; // text[start, index) is still to be copied as it is
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0x20 && unit !== 0x22 && unit !== 0x5c && unit < 0xd800) continue;
    if (isHighSurrogate(unit)) {
      if (!isLowSurrogate(text.charCodeAt(index + 1))) throw loneSurrogate(unit, index);
      index++; // a pair: both halves are copied as they are
      continue;
    }
    if (isLowSurrogate(unit)) throw loneSurrogate(unit, index);
    if (unit >= 0xe000) continue;
    written += text.slice(start, index) + (SHORT_ESCAPES[unit] ?? `\\u${unit.toString(16).padStart(4, '0')}`);
    start = index + 1;
  }
  return start === 0 ? `"${text}"` : `${written}${text.slice(start)}"`;
}
