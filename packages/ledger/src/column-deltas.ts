// A timeline's number column as compact bytes, for snapshots: each value is written as its
// difference from the previous integer of the column, in units of the column's scale (1000 when
// every integer is a multiple of it: instants of whole seconds), as a zigzag varint (flags,
// counts and ids take one to three bytes, instants a minute apart two, where Float64 takes
// eight): the 1M-event org's snapshot is 14.0 MB of text where it was 46.4 MB, and a store's
// read costs by the byte (docs/performance.md#live-cases-13-and-14-2026-12-02). A value that is
// no such integer is a marker byte: NaN and the infinities alone, any other (a fraction, -0,
// beyond 2^53, no multiple of the scale) followed by its 8 Float64 bytes.
// Exact for every double.

// The first byte of a value: even for a difference (the zigzag code times two), odd for a marker.
const RAW = 1;
const NAN = 3;
const PLUS_INFINITY = 5;
const MINUS_INFINITY = 7;
/** Differences at least this large are written raw: the doubled zigzag code stays a safe integer. */
const LIMIT = 2 ** 50;

/** The factor every integer of the column is a multiple of, which its deltas are written in:
 * 1000 when all are (epoch ms of whole seconds: a byte less a value), else 1. */
export function deltaScale(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    if (Number.isSafeInteger(value) && value % 1000 !== 0) return 1;
  }
  return 1000;
}

/** `scale`: a factor of the column's integers (deltaScale); one that is not is written raw. */
export function encodeDeltas(values: ArrayLike<number>, scale = 1): Uint8Array {
  let out = new Uint8Array(Math.max(16, values.length * 3));
  let at = 0;
  let previous = 0;
  for (let i = 0; i < values.length; i += 1) {
    if (at + 9 > out.length) {
      const grown = new Uint8Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    const value = values[i] as number;
    const scaled = value / scale;
    const delta = scaled - previous;
    if (
      Number.isSafeInteger(value) &&
      Number.isInteger(scaled) &&
      delta > -LIMIT &&
      delta < LIMIT &&
      !Object.is(value, -0)
    ) {
      let code = (delta >= 0 ? delta * 2 : -delta * 2 - 1) * 2;
      while (code >= 128) {
        out[at++] = (code % 128) | 128;
        code = Math.floor(code / 128);
      }
      out[at++] = code;
      previous = scaled;
    } else if (Number.isNaN(value)) out[at++] = NAN;
    else if (value === Number.POSITIVE_INFINITY) out[at++] = PLUS_INFINITY;
    else if (value === Number.NEGATIVE_INFINITY) out[at++] = MINUS_INFINITY;
    else {
      out[at++] = RAW;
      new DataView(out.buffer, at, 8).setFloat64(0, value, true);
      at += 8;
    }
  }
  return out.subarray(0, at);
}

/** The `length` values `bytes` holds, as a plain array (what a timeline keeps:
 * docs/counting.md), allocated once at its length and an eighth more: grown by push, the
 * arrays of a large org's snapshot took several times longer to fill, and at exactly its length
 * the first event a new process applies copied each column it appends to (20-30 ms for the four
 * change columns of a 1M-event org). Bytes that hold another number of values are refused. */
export function decodeDeltas(bytes: Uint8Array, length: number, scale = 1): number[] {
  const values = new Array<number>(length + roomToGrow(length));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length;
  let at = 0;
  let previous = 0;
  let i = 0;
  for (; at < end && i < length; i += 1) {
    let byte = bytes[at++] as number;
    if ((byte & 1) === 0) {
      // Codes below 2^28 (up to four bytes: every flag, index and instant of whole seconds) in
      // int32 arithmetic; longer ones in doubles. Half the decode's time, where doubles' % and
      // division were most of it (docs/performance.md#case-13-in-new-processes-on-postgresql-2026-12-02-1600-utc).
      let code = byte & 127;
      let shift = 7;
      while (byte >= 128 && shift < 28) {
        if (at >= end) throw new RangeError('column deltas: the last value is cut short');
        byte = bytes[at++] as number;
        code |= (byte & 127) << shift;
        shift += 7;
      }
      if (byte < 128) {
        const zigzag = code >>> 1;
        previous += (zigzag >>> 1) ^ -(zigzag & 1);
      } else {
        let long = code;
        let place = 2 ** 28;
        while (byte >= 128) {
          if (at >= end) throw new RangeError('column deltas: the last value is cut short');
          byte = bytes[at++] as number;
          long += (byte & 127) * place;
          place *= 128;
        }
        const zigzag = long / 2;
        const half = Math.floor(zigzag / 2);
        previous += zigzag === half * 2 ? half : -half - 1;
      }
      values[i] = previous * scale;
    } else if (byte === NAN) values[i] = Number.NaN;
    else if (byte === PLUS_INFINITY) values[i] = Number.POSITIVE_INFINITY;
    else if (byte === MINUS_INFINITY) values[i] = Number.NEGATIVE_INFINITY;
    else if (byte === RAW) {
      if (at + 8 > end) throw new RangeError('column deltas: the last value is cut short');
      values[i] = view.getFloat64(at, true);
      at += 8;
    } else throw new RangeError(`column deltas: byte ${byte} at ${at - 1} is no value`);
  }
  if (i !== length || at !== end)
    throw new RangeError(`column deltas: the bytes do not hold ${length} values`);
  // The room stays allocated: V8 trims an array's store only when it shrinks below half of it.
  values.length = length;
  return values;
}

const roomToGrow = (length: number): number => (length >> 3) + 16;
