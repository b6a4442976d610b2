// The text form of a timeline snapshot: its number columns as base64 of their Float64 bytes
// (NaN and infinities exact, and read back at memory speed, where a JSON list of millions of
// numbers takes seconds to parse), the rest as JSON. Used by decider snapshots and the live
// projection's state.
import type { TimelineJson } from '@tally/domain';

export interface TimelineText extends Omit<TimelineJson, 'columns'> {
  /** Each column: base64 of its values as little-endian Float64. */
  readonly columns: Readonly<Record<string, string>>;
}

export function timelineToText(timeline: TimelineJson): TimelineText {
  const columns: Record<string, string> = {};
  for (const [name, values] of Object.entries(timeline.columns)) {
    columns[name] = Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
  }
  return { ...timeline, columns };
}

export function timelineFromText(text: TimelineText): TimelineJson {
  const columns: Record<string, Float64Array> = {};
  for (const [name, base64] of Object.entries(text.columns ?? {})) {
    if (typeof base64 !== 'string')
      throw new RangeError(`timeline snapshot: column ${name} is not base64 text`);
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.byteLength % 8 !== 0)
      throw new RangeError(`timeline snapshot: column ${name} is not whole Float64 values`);
    // A copy into an aligned buffer: the decoded bytes may sit at any offset of a pooled one.
    const values = new Float64Array(bytes.byteLength / 8);
    new Uint8Array(values.buffer).set(bytes);
    columns[name] = values;
  }
  return { ...text, columns };
}
