// Every leaf hash of a tree, kept for proof generation: 32 bytes a leaf in one growing buffer
// (32 MB for a million events), not an object per leaf.
import { HASH_BYTES, type Hash } from './hash.js';

/** The leaf hashes of a tree, by 0-based index. */
export interface LeafHashes {
  readonly size: number;
  at(index: number): Hash;
}

export class LeafHashList implements LeafHashes {
  private bytes = Buffer.allocUnsafe(HASH_BYTES * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(hash: Hash): void {
    if ((this.count + 1) * HASH_BYTES > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(bigger, 0, 0, this.count * HASH_BYTES);
      this.bytes = bigger;
    }
    hash.copy(this.bytes, this.count * HASH_BYTES);
    this.count += 1;
  }

  at(index: number): Hash {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`leaf ${index} is outside a tree of ${this.count} leaves`);
    }
    return this.bytes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }
}

/** A list of the given hashes (tests, small trees). */
export function leafHashList(hashes: Iterable<Hash>): LeafHashList {
  const list = new LeafHashList();
  for (const hash of hashes) list.push(hash);
  return list;
}
