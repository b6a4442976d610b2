// Text must be Unicode text: a string holding half of a UTF-16 surrogate pair (a `\ud800` escape
// without its other half) is no character at all. JSON.parse lets one through, UTF-8 cannot
// encode it (so export could not write it), and two such ids would compare unlike any real
// text. Every string of an event is checked here, on every decoding path (docs/wire-format.md).

// With the `u` flag a pair is one code point, so only a lone half is in the Surrogate category.
const LONE_SURROGATE = /\p{Cs}/u;

// Node 20+ answers well-formedness natively, faster than the search; the search says where.
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/** The index (in UTF-16 code units) of the first lone surrogate of `text`, or -1. */
export function loneSurrogateAt(text: string): number {
  if (isWellFormed?.call(text)) return -1;
  return text.search(LONE_SURROGATE);
}

/** Why `text` is not Unicode text, or undefined when it is. */
export function unicodeTextProblem(text: string): string | undefined {
  const at = loneSurrogateAt(text);
  if (at < 0) return undefined;
  const hex = text.charCodeAt(at).toString(16).toUpperCase();
  return `holds a lone surrogate (U+${hex} at character ${at}), which is not Unicode text`;
}
