// The RFC 8785 text of a value as a codec encodes it, written in one pass: canonicalJson of
// codec.encode(value), without the encoded copy. A sealed export writes one for every event, and
// building the encoded objects, listing their keys and matching their shapes again took most of
// its main thread (docs/performance.md, "Canonical text in one pass"). The codecs stay the one
// definition of the wire form and canonical-json.ts of the text: each combinator says how its
// codec's text is made of its parts' (registerCanonicalForm), and a codec that says nothing
// (a hand-written t.Type) is encoded and then written.
import type * as t from 'io-ts';
import { canonicalJson } from './canonical-json.js';

/** Writes the canonical text of one value of a codec. */
export type CanonicalWriter = (value: unknown) => string;

const forms = new WeakMap<t.Mixed, () => CanonicalWriter>();
const writers = new WeakMap<t.Mixed, CanonicalWriter>();

/** Says how `codec`'s canonical text is written; `build` runs at the first text asked for. */
export function registerCanonicalForm(codec: t.Mixed, build: () => CanonicalWriter): void {
  forms.set(codec, build);
}

/** The writer of `codec`'s canonical text: for any value, canonicalJson(codec.encode(value)). */
export function canonicalWriterOf(codec: t.Mixed): CanonicalWriter {
  let writer = writers.get(codec);
  if (writer === undefined) {
    const build = forms.get(codec);
    writer = build === undefined ? (value) => canonicalJson(codec.encode(value)) : build();
    writers.set(codec, writer);
  }
  return writer;
}

/** The writer of a closed object whose `fields` are written, when present and not undefined, by
 * their codecs: its members in canonical order (names compared as UTF-16 code units, as
 * Array.prototype.sort does), each name written once. */
export function objectWriter(
  fields: readonly { readonly key: string; readonly codec: t.Mixed }[],
): CanonicalWriter {
  const sorted = [...fields].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const keys = sorted.map(({ key }) => key);
  const names = sorted.map(({ key }) => `${canonicalJson(key)}:`);
  const parts = sorted.map(({ codec }) => canonicalWriterOf(codec));
  return (value) => {
    const source = value as Record<string, unknown>;
    let text = '{';
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const member = source[key];
      if (member === undefined || !Object.hasOwn(source, key)) continue;
      text += first ? names[i] : `,${names[i]}`;
      text += (parts[i] as CanonicalWriter)(member);
      first = false;
    }
    return `${text}}`;
  };
}
