// Ids (device, archive, user) numbered 0, 1, 2, ... in the order they are first seen, looked up
// straight from a line's bytes: the fast scan of file-scan.ts keeps its entity state in typed
// arrays indexed by these numbers, instead of Maps keyed by strings cut from every line.
//
// The table is memory-bound (a lookup in a table of 100,000s lands on a cold cache line), so a
// slot holds everything a lookup needs for the usual short id: its hash, its number, its length
// and its first 8 bytes. Only a longer id is compared with the copy of its bytes kept in the
// arena. The caller gives the hash (idHash), so it can be computed in another thread.

/** An id: `bytes[start, end)` of the bytes it is given with, its idHash, and its first 8 bytes as
 * two little-endian numbers (packedWord), which are all a lookup of an id of 8 bytes or fewer
 * reads: a reader computes them while it scans the id, so this thread never touches its bytes. */
export interface IdAt {
  start: number;
  end: number;
  hash: number;
  low: number;
  high: number;
}

const INITIAL_IDS = 1 << 12;
export const ID_HASH_SEED = 0x811c9dc5 | 0;
/** A slot: hash, number + 1 (0 = empty), length, bytes 0-3, bytes 4-7 (little-endian). */
const SLOT_INTS = 5;
const INLINE_BYTES = 8;

export class IdInterner {
  /** Number of ids so far; their numbers are 0 to size - 1. */
  size = 0;
  private slotCount: number;
  /** Open addressing, at most half full. */
  private slots: Int32Array;
  /** Where each id's bytes start in the arena (only read for ids longer than 8 bytes). */
  private starts = new Int32Array(INITIAL_IDS);
  private arena = Buffer.allocUnsafe(INITIAL_IDS * 16);
  private arenaUsed = 0;

  /** `expectedIds` sizes the table up front (each growth moves every id). */
  constructor(expectedIds = INITIAL_IDS) {
    this.slotCount = INITIAL_IDS * 2;
    while (this.slotCount < expectedIds * 2) this.slotCount *= 2;
    this.slots = new Int32Array(this.slotCount * SLOT_INTS);
  }

  /** The number of the id, or -1 when it was never interned. */
  find(bytes: Uint8Array, id: IdAt): number {
    return (this.slots[this.slotOf(bytes, id) + 1] as number) - 1;
  }

  /** The number of the id, a new one when it was never seen. */
  intern(bytes: Uint8Array, id: IdAt): number {
    const at = this.slotOf(bytes, id);
    const found = this.slots[at + 1] as number;
    if (found !== 0) return found - 1;
    return this.add(bytes, id, at);
  }

  /** The first index of the slot holding the id, or of the empty slot where it would go. Only an
   * id longer than 8 bytes is read from `bytes`. */
  private slotOf(bytes: Uint8Array, id: IdAt): number {
    const slots = this.slots;
    const mask = this.slotCount - 1;
    const { start, hash, low, high } = id;
    const length = id.end - start;
    let slot = (hash ^ (hash >>> 16)) & mask;
    for (;;) {
      const at = slot * SLOT_INTS;
      if (slots[at + 1] === 0) return at;
      if (
        slots[at] === hash &&
        slots[at + 2] === length &&
        slots[at + 3] === low &&
        slots[at + 4] === high &&
        (length <= INLINE_BYTES || this.sameTail(slots[at + 1] as number, bytes, start, length))
      ) {
        return at;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether the bytes after the first 8 of id number `number - 1` are `bytes[start + 8, ...)`. */
  private sameTail(number: number, bytes: Uint8Array, start: number, length: number): boolean {
    const from = this.starts[number - 1] as number;
    const arena = this.arena;
    for (let i = INLINE_BYTES; i < length; i++) {
      if (arena[from + i] !== bytes[start + i]) return false;
    }
    return true;
  }

  private add(bytes: Uint8Array, key: IdAt, at: number): number {
    const id = this.size;
    const { start, end } = key;
    const length = end - start;
    if (length > INLINE_BYTES) {
      if (id >= this.starts.length) this.starts = grownTo(this.starts, this.starts.length * 2);
      if (this.arenaUsed + length > this.arena.length) {
        const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + length));
        this.arena.copy(bigger, 0, 0, this.arenaUsed);
        this.arena = bigger;
      }
      this.arena.set(bytes.subarray(start, end), this.arenaUsed);
      this.starts[id] = this.arenaUsed;
      this.arenaUsed += length;
    }
    const slots = this.slots;
    slots[at] = key.hash;
    slots[at + 1] = id + 1;
    slots[at + 2] = length;
    slots[at + 3] = key.low;
    slots[at + 4] = key.high;
    this.size += 1;
    if (this.size * 2 > this.slotCount) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    this.slotCount *= 2;
    const slots = new Int32Array(this.slotCount * SLOT_INTS);
    const mask = this.slotCount - 1;
    for (let from = 0; from < old.length; from += SLOT_INTS) {
      if (old[from + 1] === 0) continue;
      const hash = old[from] as number;
      let slot = (hash ^ (hash >>> 16)) & mask;
      while (slots[slot * SLOT_INTS + 1] !== 0) slot = (slot + 1) & mask;
      const at = slot * SLOT_INTS;
      for (let i = 0; i < SLOT_INTS; i++) slots[at + i] = old[from + i] as number;
    }
    this.slots = slots;
  }
}

/** Bytes `offset` to `offset + 3` of the id `bytes[start, end)` as one little-endian number
 * (0 past its end): IdAt's `low` (offset 0) and `high` (offset 4). */
export function packedWord(bytes: Uint8Array, start: number, end: number, offset: number): number {
  let word = 0;
  const from = start + offset;
  const to = Math.min(end, from + 4);
  for (let i = to - 1; i >= from; i--) word = (word << 8) | (bytes[i] as number);
  return word;
}

/** The hash IdInterner files an id under: FNV-1a over its bytes. */
export function idHash(bytes: Uint8Array, start: number, end: number): number {
  let hash = ID_HASH_SEED;
  for (let i = start; i < end; i++) hash = nextIdHash(hash, bytes[i] as number);
  return hash;
}

/** The IdAt of `bytes[start, end)`. */
export function idAt(bytes: Uint8Array, start: number, end: number): IdAt {
  const low = packedWord(bytes, start, end, 0);
  const high = packedWord(bytes, start, end, 4);
  return { start, end, hash: idHash(bytes, start, end), low, high };
}

/** idHash one byte further (for readers that hash an id while they scan it). */
export const nextIdHash = (hash: number, byte: number): number => Math.imul(hash ^ byte, 0x01000193);

/** A copy of `array` with room for `length` numbers. */
export function grownTo<T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(
  array: T,
  length: number,
): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
