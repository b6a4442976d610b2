// Event id uniqueness for the fast scan, checked once at the end: two 32-bit hashes of every id
// (scanIdHashes) are appended as they come and sorted when the file is done. A hash table of
// a million ids is ~24 MB touched at random, a cache miss per line; appending is sequential and
// the sort of a million 64-bit keys takes ~75 ms. The scan only has to know whether some id
// may repeat (both hashes equal): then it gives up and the log checker finds and words the
// first repeated id exactly.
import { grownTo } from './id-interner.js';

export class IdHashLog {
  /** Pairs (first hash, second hash), side by side: one 64-bit key each. */
  private pairs = new Uint32Array(1 << 16);
  private length = 0;

  add(first: number, second: number): void {
    if (this.length + 2 > this.pairs.length) this.pairs = grownTo(this.pairs, this.pairs.length * 2);
    this.pairs[this.length] = first;
    this.pairs[this.length + 1] = second;
    this.length += 2;
  }

  /** Whether two ids added have both hashes equal (sorts what was added). */
  hasRepeat(): boolean {
    const pairs = this.pairs.subarray(0, this.length);
    new BigUint64Array(pairs.buffer, pairs.byteOffset, this.length / 2).sort();
    for (let i = 2; i < this.length; i += 2) {
      if (pairs[i] === pairs[i - 2] && pairs[i + 1] === pairs[i - 1]) return true;
    }
    return false;
  }
}

// The two hashes take an id 4 characters at a time (a little-endian word of their codes, the
// last one padded with zeros), so the byte reader can take 4 bytes of a line at once; for the
// printable ASCII ids it reads, the words of the bytes are the words of the string.

export const FIRST_ID_SEED = 0x811c9dc5 | 0;
export const SECOND_ID_SEED = 0x9e3779b9 | 0;

/** The first hash one word further. */
export function mixFirst(hash: number, word: number): number {
  const mixed = Math.imul(hash ^ word, 0x9e3779b1);
  return mixed ^ (mixed >>> 16);
}

/** The second hash one word further. */
export function mixSecond(hash: number, word: number): number {
  const mixed = Math.imul(hash ^ word, 0x85ebca6b);
  return mixed ^ (mixed >>> 13);
}

/** A hash finished with the id's length. */
export function finishHash(hash: number, length: number): number {
  const mixed = Math.imul(hash ^ length, 0xc2b2ae35);
  return mixed ^ (mixed >>> 16);
}

/** The two hashes of an id given as a string. */
export function scanIdHashes(eventId: string): readonly [number, number] {
  let first = FIRST_ID_SEED;
  let second = SECOND_ID_SEED;
  for (let i = 0; i < eventId.length; i += 4) {
    let word = 0;
    for (let j = Math.min(eventId.length, i + 4) - 1; j >= i; j--) word = (word << 8) | eventId.charCodeAt(j);
    first = mixFirst(first, word);
    second = mixSecond(second, word);
  }
  return [finishHash(first, eventId.length), finishHash(second, eventId.length)];
}
