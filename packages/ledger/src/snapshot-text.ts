// The text form of a timeline snapshot: its number columns as base64 of bytes (NaN and
// infinities exact, and read back at memory speed, where a JSON list of millions of numbers
// takes seconds to parse), the rest as JSON. Used by decider snapshots and the live
// projection's state. A column standing alone (the projection's state) is its Float64 bytes; in
// a packed document (a command handler's snapshot) it is a part of its deltas (column-deltas.ts:
// a third of the size, and a store's read of a large org's snapshot costs by the byte). Packed
// columns were Float64 before ORG_STATE_VERSION 2, and deltas without a scale in version 2:
// such a snapshot is not read at all.
import type { TimelineJson } from '@tally/domain';
import { decodeDeltas, deltaScale, encodeDeltas } from './column-deltas.js';

/** The encoding of a packed document's column parts written now. */
const DELTAS = 'deltas';

export interface TimelineText extends Omit<TimelineJson, 'columns' | IdKind> {
  /** Each id list: as JSON, or in a packed document the part holding the ids joined by newlines
   * (splitting one string is several times quicker than JSON.parse of a list of 100,000s). */
  readonly devices: readonly string[] | ColumnPart;
  readonly archives: readonly string[] | ColumnPart;
  readonly users: readonly string[] | ColumnPart;
  /** Each column: base64 of its values as little-endian Float64, or in a packed document the
   * part that holds base64 of its deltas (below). */
  readonly columns: Readonly<Record<string, string | ColumnPart>>;
}

/** With `parts` (a packed document), each column's deltas and each id list go there as parts. */
export function timelineToText(timeline: TimelineJson, parts?: string[]): TimelineText {
  const ids = Object.fromEntries(ID_KINDS.map((kind) => [kind, idsToText(timeline[kind], parts)]));
  const columns: Record<string, string | ColumnPart> = {};
  for (const [name, values] of Object.entries(timeline.columns)) {
    if (parts === undefined) columns[name] = float64Base64(values);
    else {
      const scale = deltaScale(values);
      const deltas = encodeDeltas(values, scale);
      const base64 = Buffer.from(deltas.buffer, deltas.byteOffset, deltas.byteLength).toString('base64');
      columns[name] = { part: parts.push(base64) - 1, encoding: DELTAS, length: values.length, scale };
    }
  }
  return { ...timeline, ...ids, columns };
}

const float64Base64 = (values: Float64Array | readonly number[]): string => {
  const typed = values instanceof Float64Array ? values : new Float64Array(values);
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString('base64');
};

type IdKind = 'devices' | 'archives' | 'users';
const ID_KINDS: readonly IdKind[] = ['devices', 'archives', 'users'];

/** A part of ids joined by newlines when there is one and none holds a newline; else JSON. */
function idsToText(ids: readonly string[], parts: string[] | undefined): readonly string[] | ColumnPart {
  if (parts === undefined || ids.length === 0 || ids.some((id) => id.includes('\n'))) return ids;
  return { part: parts.push(ids.join('\n')) - 1 };
}

function idsFromText(ids: unknown, parts: readonly string[], kind: IdKind): readonly string[] {
  if (typeof ids !== 'object' || ids === null || Array.isArray(ids)) return ids as readonly string[];
  const text = parts[(ids as ColumnPart).part];
  if (typeof text !== 'string') throw new RangeError(`timeline snapshot: ${kind} names no part`);
  return text.split('\n');
}

/** `parts`: those of the packed document the timeline was read from. */
export function timelineFromText(text: TimelineText, parts: readonly string[] = []): TimelineJson {
  const columns: Record<string, Float64Array | number[]> = {};
  for (const [name, column] of Object.entries(text.columns ?? {})) {
    const inPart = typeof column === 'object' && column !== null;
    const base64 = inPart ? parts[column.part] : column;
    if (typeof base64 !== 'string')
      throw new RangeError(`timeline snapshot: column ${name} is not base64 text`);
    const bytes = Buffer.from(base64, 'base64');
    if (!inPart) columns[name] = float64Values(bytes, name);
    else if (column.encoding === DELTAS)
      columns[name] = decodeDeltas(bytes, lengthOf(column, name), scaleOf(column, name));
    else throw new RangeError(`timeline snapshot: column ${name} has no known encoding`);
  }
  const ids = Object.fromEntries(ID_KINDS.map((kind) => [kind, idsFromText(text[kind], parts, kind)]));
  return { ...text, ...ids, columns } as TimelineJson;
}

function lengthOf(column: ColumnPart, name: string): number {
  const { length } = column;
  if (length === undefined || !Number.isSafeInteger(length) || length < 0)
    throw new RangeError(`timeline snapshot: column ${name} has no length`);
  return length;
}

function scaleOf(column: ColumnPart, name: string): number {
  const { scale } = column;
  if (scale === undefined || !Number.isSafeInteger(scale) || scale < 1)
    throw new RangeError(`timeline snapshot: column ${name} has no scale`);
  return scale;
}

function float64Values(bytes: Buffer, name: string): Float64Array {
  if (bytes.byteLength % 8 !== 0)
    throw new RangeError(`timeline snapshot: column ${name} is not whole Float64 values`);
  // A copy into an aligned buffer: the decoded bytes may sit at any offset of a pooled one.
  const values = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

// A packed document: a JSON header and, after it, raw text parts (the base64 columns) that the
// header's timelines name by number. JSON.parse then never scans the tens of MB of base64 of a
// large org (it was most of a cold start's load), and each column is decoded from its slice.
// First line: `tally-packed-1 <header chars> <part chars>,<part chars>,...`.
const PACKED = 'tally-packed-1';

/** A column or an id list as a packed document holds it: the number of its part, and for a
 * column its encoding. */
interface ColumnPart {
  readonly part: number;
  readonly encoding?: typeof DELTAS;
  /** A column's number of values (its deltas' array is allocated once at that length). */
  readonly length?: number;
  /** The factor its deltas are in (column-deltas.ts). */
  readonly scale?: number;
}

/** The document text of `header` with `parts` after it. */
export function packDocument(header: unknown, parts: readonly string[]): string {
  const json = JSON.stringify(header);
  return `${PACKED} ${json.length} ${parts.map((part) => part.length).join(',')}\n${json}${parts.join('')}`;
}

/** The header of a document and its parts; a document that is not packed is read as plain JSON. */
export function unpackDocument(text: string): {
  readonly header: unknown;
  readonly parts: readonly string[];
} {
  if (!text.startsWith(`${PACKED} `)) return { header: JSON.parse(text), parts: [] };
  const newline = text.indexOf('\n');
  const [, headerChars, partChars] = text.slice(0, newline).split(' ');
  const lengths = partChars === '' || partChars === undefined ? [] : partChars.split(',').map(Number);
  let at = newline + 1 + Number(headerChars);
  const header: unknown = JSON.parse(text.slice(newline + 1, at));
  const parts = lengths.map((length) => {
    const part = text.slice(at, at + length);
    at += length;
    return part;
  });
  if (at !== text.length || lengths.some((length) => !Number.isSafeInteger(length) || length < 0)) {
    throw new RangeError('packed document: its parts do not add up to its length');
  }
  return { header, parts };
}
