// Event id uniqueness for the fast scan, checked once at the end: the two hashes of every id
// (EventIdTable's) are appended as they come and sorted when the file is done. A hash table of
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
