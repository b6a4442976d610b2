// A column of numbers that grows without copying what it already holds: the entity timeline's
// per-device, per-archive and per-change columns (millions of entries in a large org).
//
// One plain array grows by reallocation: a column of a million entries has been copied some 30
// times on its way, and the old copies were about half of a long read's peak heap, garbage
// until the next full collection (docs/performance.md, "Columns in blocks"). Here the numbers
// sit in blocks: the first grows by doubling up to BLOCK_SIZE (a small org's timeline stays a
// few hundred bytes), and past that the column only adds blocks of that size, each allocated
// once. The blocks are plain arrays of doubles (8 bytes a number, never scanned by the
// collector), not typed arrays: a typed array's memory is external, and V8 runs a full
// collection of the whole heap for every 64 MB of external memory allocated, which made each
// fold beside a caller's large heap (a million decoded events) pay one. A double holds every
// value a column needs exactly: entity numbers, epoch ms, NaN, infinities.

const BLOCK_BITS = 15;
/** Numbers a full block holds (256 KB). */
const BLOCK_SIZE = 1 << BLOCK_BITS;
const OFFSET_MASK = BLOCK_SIZE - 1;
const FIRST_CAPACITY = 8;

/** A full block of zeros stored as doubles, which every block is cut from: a slice has the
 * exact length asked and keeps the doubles unboxed (an array begun with small integers is
 * copied when its first epoch ms or NaN arrives, and one built by push has spare capacity). */
let zeros: number[] | undefined;

/** An array of `length` (at most BLOCK_SIZE) zeros, stored as doubles. */
function doubles(length: number): number[] {
  if (zeros === undefined) {
    zeros = [0.5];
    for (let i = 1; i < BLOCK_SIZE; i++) zeros.push(0.5);
    zeros.fill(0);
  }
  return zeros.slice(0, length);
}

export class NumberColumn {
  #length = 0;
  #blocks: number[][] = [doubles(FIRST_CAPACITY)];
  // Where push writes: the last block and the index of its first number (push is the hot
  // step of a fold; it checks one bound, not the capacity of the whole column).
  #tail = this.#blocks[0] as number[];
  #tailStart = 0;

  /** A column holding `values`, copied. */
  static from(values: ArrayLike<number>): NumberColumn {
    const column = new NumberColumn();
    column.#reserve(values.length);
    for (let i = 0; i < values.length; i++) column.set(i, values[i] as number);
    column.#length = values.length;
    column.#atTail();
    return column;
  }

  /** A column of `length` copies of `value`. */
  static filled(length: number, value: number): NumberColumn {
    const column = new NumberColumn();
    column.#reserve(length);
    for (const block of column.#blocks) block.fill(value);
    column.#length = length;
    column.#atTail();
    return column;
  }

  get length(): number {
    return this.#length;
  }

  /** The number at `index` (0 <= index < length; outside that, what it gives is unspecified). */
  get(index: number): number {
    return (this.#blocks[index >>> BLOCK_BITS] as number[])[index & OFFSET_MASK] as number;
  }

  /** Sets the number at `index` (0 <= index < length). */
  set(index: number, value: number): void {
    (this.#blocks[index >>> BLOCK_BITS] as number[])[index & OFFSET_MASK] = value;
  }

  /** Appends `value`; returns its index. */
  push(value: number): number {
    const index = this.#length;
    if (index - this.#tailStart === this.#tail.length) this.#reserve(index + 1);
    this.#tail[index - this.#tailStart] = value;
    this.#length = index + 1;
    return index;
  }

  /** A copy, as independent of this column as a new one. */
  clone(): NumberColumn {
    const copy = new NumberColumn();
    copy.#blocks = this.#blocks.map((block) => block.slice());
    copy.#length = this.#length;
    copy.#atTail();
    return copy;
  }

  /** The numbers as one Float64Array (a copy), for a snapshot. */
  toFloat64Array(): Float64Array<ArrayBuffer> {
    const out = new Float64Array(this.#length);
    for (let i = 0; i < this.#length; i++) out[i] = this.get(i);
    return out;
  }

  #capacity(): number {
    const blocks = this.#blocks;
    return blocks.length === 1 ? (blocks[0] as number[]).length : blocks.length * BLOCK_SIZE;
  }

  /** Makes room for `needed` numbers: the first block doubled (up to BLOCK_SIZE), then blocks. */
  #reserve(needed: number): void {
    const first = this.#blocks[0] as number[];
    if (this.#blocks.length === 1 && first.length < BLOCK_SIZE && needed > first.length) {
      let capacity = first.length;
      while (capacity < needed && capacity < BLOCK_SIZE) capacity *= 2;
      const grown = doubles(capacity);
      for (let i = 0; i < first.length; i++) grown[i] = first[i] as number;
      this.#blocks[0] = grown;
    }
    while (this.#capacity() < needed) this.#blocks.push(doubles(BLOCK_SIZE));
    this.#atTail();
  }

  /** Points push at the block that holds index `length` (or ends right before it). */
  #atTail(): void {
    const block = Math.min(this.#length >>> BLOCK_BITS, this.#blocks.length - 1);
    this.#tail = this.#blocks[block] as number[];
    this.#tailStart = block * BLOCK_SIZE;
  }
}
