// The Merkle tree hash of RFC 9162 (section 2.1) over leaves that arrive one at a time. A tree of
// n leaves is the sequence of perfect subtrees given by the binary digits of n (13 = 8 + 4 + 1),
// largest first, so only their roots are kept: memory O(log n) whatever the size. The tree head
// folds them from the right, which is the RFC's split at the largest power of two below n.
import { EMPTY_TREE_HEAD, type Hash, leafHash, nodeHash } from './hash.js';

export class TreeBuilder {
  /** Roots of the perfect subtrees, largest first; `heights[i]` is the height of `roots[i]`. */
  private readonly roots: Hash[] = [];
  private readonly heights: number[] = [];
  private count = 0;

  /** Leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Appends a leaf given as its bytes (hashed here as a leaf). */
  append(leaf: Uint8Array | string): void {
    this.appendLeafHash(leafHash(leaf));
  }

  /** Appends a leaf given as its leaf hash (SHA-256(0x00 || leaf), already computed). */
  appendLeafHash(hash: Hash): void {
    let root = hash;
    let height = 0;
    // Two perfect subtrees of the same height merge into one a level up (binary carry).
    while (this.heights.length > 0 && this.heights[this.heights.length - 1] === height) {
      this.heights.pop();
      root = nodeHash(this.roots.pop() as Hash, root);
      height += 1;
    }
    this.roots.push(root);
    this.heights.push(height);
    this.count += 1;
  }

  /** The tree head of the leaves appended so far. */
  root(): Hash {
    if (this.roots.length === 0) return EMPTY_TREE_HEAD;
    let root = this.roots[this.roots.length - 1] as Hash;
    for (let i = this.roots.length - 2; i >= 0; i--) root = nodeHash(this.roots[i] as Hash, root);
    return root;
  }
}

/** The tree head of `leaves` (each hashed as a leaf). */
export function treeHead(leaves: Iterable<Uint8Array | string>): Hash {
  const builder = new TreeBuilder();
  for (const leaf of leaves) builder.append(leaf);
  return builder.root();
}
