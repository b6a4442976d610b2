// A JSON object that names a key twice is refused: JSON.parse keeps the last value, another
// parser may keep the first, so the same line would be two different events (RFC 8259 leaves it
// open; docs/wire-format.md closes it). JSON.parse cannot tell, so this looks at the text once
// JSON.parse has accepted it: first a count (native searches, no allocation) that proves most
// lines have no repeated key, then, only when the count cannot, a scan keeping the keys of each
// open object, which finds the key and its place.

export interface DuplicateKey {
  /** The repeated key's field path, as decoding errors name fields (`data.deviceId`). */
  readonly path: string;
  readonly key: string;
}

type Frame =
  | { readonly object: true; readonly path: string; readonly keys: Set<string>; current: string }
  | { readonly object: false; readonly path: string; index: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The index just past the closing quote of the string whose opening quote is at `open`. */
function stringEnd(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
}

const fieldPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Where a value opened inside `parent` sits. */
function childPath(parent: Frame | undefined): string {
  if (parent === undefined) return '';
  return parent.object ? fieldPath(parent.path, parent.current) : `${parent.path}[${parent.index}]`;
}

/** The first key named twice in one object of `text`, which must be valid JSON (JSON.parse
 * accepted it); undefined when there is none. Keys compare by value: `"a"` and `"\u0061"` are
 * the same key. Linear in the length of the text. */
export function duplicateKeyIn(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (expectKey && top?.object === true) {
        const contents = text.slice(i + 1, end - 1);
        const key = contents.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : contents;
        if (top.keys.has(key)) return { path: fieldPath(top.path, key), key };
        top.keys.add(key);
        top.current = key;
        expectKey = false;
      }
      i = end - 1;
    } else if (code === 0x7b) {
      // {
      top = { object: true, path: childPath(top), keys: new Set(), current: '' };
      stack.push(top);
      expectKey = true;
    } else if (code === 0x5b) {
      // [
      top = { object: false, path: childPath(top), index: 0 };
      stack.push(top);
    } else if (code === 0x7d || code === 0x5d) {
      // } or ]
      stack.pop();
      top = stack[stack.length - 1];
      expectKey = false;
    } else if (code === 0x2c && top !== undefined) {
      // ,
      if (top.object) expectKey = true;
      else top.index++;
    }
  }
  return undefined;
}

/** Every key ends with a quote, maybe whitespace, and a colon; so does a string value that
 * holds `\":`, which only makes the count larger. */
const KEY_END_SPACED = /"\s*:/g;
const SPACED_KEY_END = /"\s+:/;

/** At least the number of keys in `text` (valid JSON): one per key, plus any `":` inside a
 * string value. */
function keyEndsIn(text: string): number {
  let count = 0;
  if (!SPACED_KEY_END.test(text)) {
    for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 2)) count++;
    return count;
  }
  KEY_END_SPACED.lastIndex = 0;
  while (KEY_END_SPACED.exec(text) !== null) count++;
  return count;
}

/** The keys of every object in `value`, counted. */
function keysIn(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += keysIn(item);
    return count;
  }
  for (const key in value) {
    count += 1 + keysIn((value as Record<string, unknown>)[key]);
  }
  return count;
}

/** duplicateKeyIn for `text` and `parsed`, what JSON.parse made of it: when the text has no
 * more key ends than the parsed value has keys, no key was lost, so no key is repeated. */
export function repeatedKeyIn(text: string, parsed: unknown): DuplicateKey | undefined {
  return keyEndsIn(text) <= keysIn(parsed) ? undefined : duplicateKeyIn(text);
}
