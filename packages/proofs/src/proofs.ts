// Inclusion and consistency proofs of RFC 9162: generation (sections 2.1.3.1 and 2.1.4.1, the
// recursive PATH and SUBPROOF) and verification (sections 2.1.3.2 and 2.1.4.2, the iterative
// algorithms that walk the proof with two indices). Sizes and indices are plain numbers up to
// 2^53; "shift right" is a division by two, never `>>` (which would cut them to 32 bits).
import { EMPTY_TREE_HEAD, type Hash, isHash, nodeHash } from './hash.js';
import type { LeafHashes } from './leaf-hashes.js';
import { ACCEPTED, refuse, type Verdict } from './verdict.js';

/** The largest power of two strictly below n (n >= 2): where a tree of n leaves splits. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The tree head of leaves [start, end) (RFC 9162's MTH of that range). */
export function subtreeHash(leaves: LeafHashes, start: number, end: number): Hash {
  const n = end - start;
  if (n === 0) return EMPTY_TREE_HEAD;
  if (n === 1) return leaves.at(start);
  const k = splitPoint(n);
  return nodeHash(subtreeHash(leaves, start, start + k), subtreeHash(leaves, start + k, end));
}

const checkSize = (leaves: LeafHashes, size: number) => {
  if (!Number.isSafeInteger(size) || size < 0 || size > leaves.size) {
    throw new RangeError(`a tree of ${size} leaves: only ${leaves.size} leaf hashes are known`);
  }
};

/** The inclusion proof of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(leaves: LeafHashes, index: number, size: number = leaves.size): Hash[] {
  checkSize(leaves, size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  }
  const proof: Hash[] = [];
  path(leaves, index, 0, size, proof);
  return proof;
}

/** PATH(m, D[start:end]), its hashes appended to `out` deepest first. */
function path(leaves: LeafHashes, m: number, start: number, end: number, out: Hash[]): void {
  const n = end - start;
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m < k) {
    path(leaves, m, start, start + k, out);
    out.push(subtreeHash(leaves, start + k, end));
  } else {
    path(leaves, m - k, start + k, end, out);
    out.push(subtreeHash(leaves, start, start + k));
  }
}

/** The consistency proof from the tree of the first `oldSize` leaves to that of `newSize`.
 * Empty when oldSize is 0 or equals newSize (nothing to prove). */
export function consistencyProof(leaves: LeafHashes, oldSize: number, newSize: number): Hash[] {
  checkSize(leaves, newSize);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize) {
    throw new RangeError(`no consistency proof from ${oldSize} leaves to ${newSize}`);
  }
  const proof: Hash[] = [];
  if (oldSize > 0 && oldSize < newSize) subproof(leaves, oldSize, 0, newSize, true, proof);
  return proof;
}

/** SUBPROOF(m, D[start:end], whole): `whole` says D[0:m] is a complete subtree already known to
 * the verifier (the old tree head itself), so it is not repeated. */
function subproof(leaves: LeafHashes, m: number, start: number, end: number, whole: boolean, out: Hash[]) {
  const n = end - start;
  if (m === n) {
    if (!whole) out.push(subtreeHash(leaves, start, end));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(leaves, m, start, start + k, whole, out);
    out.push(subtreeHash(leaves, start + k, end));
  } else {
    subproof(leaves, m - k, start + k, end, false, out);
    out.push(subtreeHash(leaves, start, start + k));
  }
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

function badInputs(sizes: Record<string, number>, hashes: Record<string, unknown>, proof: unknown) {
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isSafeInteger(value) || value < 0) return `${name}: ${value} is not a whole number of leaves`;
  }
  for (const [name, value] of Object.entries(hashes)) {
    if (!isHash(value)) return `${name}: not a 32-byte SHA-256 hash`;
  }
  if (!Array.isArray(proof)) return 'proof: not a list of hashes';
  const bad = proof.findIndex((hash) => !isHash(hash));
  return bad >= 0 ? `proof[${bad}]: not a 32-byte SHA-256 hash` : undefined;
}

/** Does `proof` show that the leaf with hash `leaf` is leaf `index` of the tree of `size`
 * leaves whose head is `root`? (RFC 9162, section 2.1.3.2.) */
export function verifyInclusion(
  leaf: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
  root: Hash,
): Verdict {
  const bad = badInputs({ index, size }, { leaf, root }, proof);
  if (bad !== undefined) return refuse(bad);
  if (index >= size) return refuse(`index: leaf ${index} is not in a tree of ${size} leaves`);
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return refuse(`proof: ${proof.length} hashes, more than a tree of ${size} leaves needs`);
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return refuse(`proof: ${proof.length} hashes, fewer than a tree of ${size} leaves needs`);
  if (!r.equals(root)) return refuse('root: the proof and the leaf give another tree head');
  return ACCEPTED;
}

/** Does `proof` show that the tree of `newSize` leaves with head `newRoot` extends the tree of
 * `oldSize` leaves with head `oldRoot` (its first oldSize leaves are exactly those)? (RFC 9162,
 * section 2.1.4.2; oldSize 0, and oldSize equal to newSize, take an empty proof.) */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Hash,
  newRoot: Hash,
  proof: readonly Hash[],
): Verdict {
  const bad = badInputs({ oldSize, newSize }, { oldRoot, newRoot }, proof);
  if (bad !== undefined) return refuse(bad);
  if (oldSize > newSize)
    return refuse(`size: the old tree has ${oldSize} leaves, the new one only ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) {
    if (proof.length > 0) return refuse(`proof: ${proof.length} hashes where none are needed`);
    if (oldSize === 0 && !oldRoot.equals(EMPTY_TREE_HEAD))
      return refuse('root: not the head of the empty tree');
    if (oldSize === newSize && !oldRoot.equals(newRoot)) {
      return refuse(`root: two different tree heads for the same ${oldSize} leaves`);
    }
    return ACCEPTED;
  }
  if (proof.length === 0) return refuse('proof: empty, but the trees differ in size');
  // A power-of-two old tree is one complete subtree of the new one: its head starts the walk.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Hash;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return refuse(`proof: ${proof.length} hashes, more than these two sizes need`);
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return refuse(`proof: ${proof.length} hashes, fewer than these two sizes need`);
  if (!fr.equals(oldRoot)) return refuse('old root: the proof gives another head for the old tree');
  if (!sr.equals(newRoot)) return refuse('new root: the proof gives another head for the new tree');
  return ACCEPTED;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
