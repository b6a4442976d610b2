// The Merkle tree hash of RFC 9162 (section 2.1) over leaves that arrive one at a time. A tree of
// n leaves is the sequence of perfect subtrees given by the binary digits of n (13 = 8 + 4 + 1),
// largest first, so only their roots are kept: memory O(log n) whatever the size. The tree head
// folds them from the right, which is the RFC's split at the largest power of two below n.
import {
  type Digest,
  digestHash,
  EMPTY_TREE_HEAD,
  type Hash,
  leafDigest,
  leafHash,
  nodeDigest,
} from './hash.js';

export class TreeBuilder {
  /** Roots of the perfect subtrees, largest first; `heights[i]` is the height of `roots[i]`.
   * Kept as Digests (strings), the form node:crypto gives fastest. */
  private readonly roots: Digest[] = [];
  private readonly heights: number[] = [];
  private count = 0;

  /** Leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Appends a leaf given as its bytes (hashed here as a leaf). */
  append(leaf: Uint8Array | string): void {
    this.appendDigest(typeof leaf === 'string' ? leafDigest(leaf) : leafHash(leaf).toString('latin1'));
  }

  /** Appends a leaf given as its leaf hash (SHA-256(0x00 || leaf), already computed). */
  appendLeafHash(hash: Hash): void {
    this.appendDigest(hash.toString('latin1'));
  }

  private appendDigest(digest: Digest): void {
    let root = digest;
    let height = 0;
    // Two perfect subtrees of the same height merge into one a level up (binary carry).
    while (this.heights.length > 0 && this.heights[this.heights.length - 1] === height) {
      this.heights.pop();
      root = nodeDigest(this.roots.pop() as Digest, root);
      height += 1;
    }
    this.roots.push(root);
    this.heights.push(height);
    this.count += 1;
  }

  /** The tree head of the leaves appended so far. */
  root(): Hash {
    if (this.roots.length === 0) return EMPTY_TREE_HEAD;
    let root = this.roots[this.roots.length - 1] as Digest;
    for (let i = this.roots.length - 2; i >= 0; i--) root = nodeDigest(this.roots[i] as Digest, root);
    return digestHash(root);
  }
}

/** The tree head of `leaves` (each hashed as a leaf). */
export function treeHead(leaves: Iterable<Uint8Array | string>): Hash {
  const builder = new TreeBuilder();
  for (const leaf of leaves) builder.append(leaf);
  return builder.root();
}
