// A JSON object that names a key twice is refused: JSON.parse keeps the last value, another
// parser may keep the first, so the same line would be two different events (RFC 8259 leaves it
// open; docs/wire-format.md closes it). JSON.parse cannot tell, so this scans the text once,
// after JSON.parse has accepted it, keeping the keys of each open object.

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
