// RFC 9162 trees and proofs: the Certificate Transparency test vectors (the 8-leaf tree of
// leaves "", 00, 10, 2021, ...), a reference tree hash written straight from the RFC's
// recursive definition for every size 0..64, and properties: every proof for random sizes
// verifies, and every one-bit change of a proof, a root or a leaf is refused.
import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { EMPTY_TREE_HEAD, type Hash, leafHash, nodeHash } from './hash.js';
import { leafHashList } from './leaf-hashes.js';
import {
  consistencyProof,
  inclusionProof,
  subtreeHash,
  verifyConsistency,
  verifyInclusion,
} from './proofs.js';
import { TreeBuilder, treeHead } from './tree.js';

const hex = (hash: Hash) => hash.toString('hex');
const unhex = (text: string) => Buffer.from(text, 'hex');

const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);
/** The published tree heads of the first n leaves above, n = 0..8. */
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
];
const CT_CONSISTENCY: { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const ctHashes = CT_LEAVES.map((leaf) => leafHash(leaf));
const ctTree = leafHashList(ctHashes);

/** MTH straight from RFC 9162 section 2.1.1, on leaf data, by slicing arrays. */
function referenceHead(leaves: readonly Buffer[]): Hash {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1)
    return createHash('sha256')
      .update(Buffer.from([0]))
      .update(leaves[0] as Buffer)
      .digest();
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(referenceHead(leaves.slice(0, k)))
    .update(referenceHead(leaves.slice(k)))
    .digest();
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));

describe('tree heads', () => {
  it('are the published ones for the 8-leaf test tree, size 0 to 8, streamed and recursive', () => {
    const builder = new TreeBuilder();
    expect(hex(builder.root())).toBe(CT_ROOTS[0]);
    for (let n = 1; n <= 8; n++) {
      builder.append(CT_LEAVES[n - 1] as Buffer);
      expect(hex(builder.root()), `size ${n}`).toBe(CT_ROOTS[n]);
      expect(hex(subtreeHash(ctTree, 0, n))).toBe(CT_ROOTS[n]);
      expect(hex(referenceHead(CT_LEAVES.slice(0, n)))).toBe(CT_ROOTS[n]);
    }
    expect(hex(EMPTY_TREE_HEAD)).toBe(CT_ROOTS[0]);
  });

  it('match the RFC recursion for every size 0..64 (no duplicated odd nodes)', () => {
    const leaves = leavesOf(64);
    const builder = new TreeBuilder();
    for (let n = 0; n <= 64; n++) {
      expect(hex(builder.root()), `size ${n}`).toBe(hex(referenceHead(leaves.slice(0, n))));
      if (n < 64) builder.append(leaves[n] as Buffer);
    }
  });

  it('of three leaves is node(node(a, b), c), not node(node(a, b), node(c, c))', () => {
    const [a, b, c] = ctHashes as [Hash, Hash, Hash];
    expect(hex(treeHead(CT_LEAVES.slice(0, 3)))).toBe(hex(nodeHash(nodeHash(a, b), c)));
    expect(hex(treeHead(CT_LEAVES.slice(0, 3)))).not.toBe(hex(nodeHash(nodeHash(a, b), nodeHash(c, c))));
  });

  it('domain-separate leaves from nodes', () => {
    const [a, b] = ctHashes as [Hash, Hash];
    expect(hex(leafHash(Buffer.concat([a, b])))).not.toBe(hex(nodeHash(a, b)));
  });
});

describe('the published proofs', () => {
  it.each(CT_INCLUSION)('inclusion of leaf $index in $size leaves', ({ index, size, proof }) => {
    const made = inclusionProof(ctTree, index, size);
    expect(made.map(hex)).toEqual(proof);
    expect(
      verifyInclusion(ctHashes[index] as Hash, index, size, made, unhex(CT_ROOTS[size] as string)),
    ).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it.each(CT_CONSISTENCY)('consistency from $oldSize to $newSize leaves', ({ oldSize, newSize, proof }) => {
    const made = consistencyProof(ctTree, oldSize, newSize);
    expect(made.map(hex)).toEqual(proof);
    const verdict = verifyConsistency(
      oldSize,
      newSize,
      unhex(CT_ROOTS[oldSize] as string),
      unhex(CT_ROOTS[newSize] as string),
      made,
    );
    expect(verdict.ok).toBe(true);
  });
});

describe('every proof of every pair of sizes up to 40 verifies', () => {
  const list = leafHashList(leavesOf(40).map((leaf) => leafHash(leaf)));
  const roots = Array.from({ length: 41 }, (_, n) => subtreeHash(list, 0, n));
  it('inclusion', () => {
    for (let size = 1; size <= 40; size++) {
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(list, index, size);
        expect(
          verifyInclusion(list.at(index), index, size, proof, roots[size] as Hash).ok,
          `${index}/${size}`,
        ).toBe(true);
      }
    }
  });
  it('consistency (and not for another old tree of the same size)', () => {
    const other = leafHashList(leavesOf(40).map((leaf, i) => leafHash(i === 0 ? Buffer.from('x') : leaf)));
    for (let newSize = 0; newSize <= 40; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const proof = consistencyProof(list, oldSize, newSize);
        const verdict = verifyConsistency(
          oldSize,
          newSize,
          roots[oldSize] as Hash,
          roots[newSize] as Hash,
          proof,
        );
        expect(verdict.ok, `${oldSize} -> ${newSize}`).toBe(true);
        if (oldSize > 0) {
          const forged = verifyConsistency(
            oldSize,
            newSize,
            subtreeHash(other, 0, oldSize),
            roots[newSize] as Hash,
            proof,
          );
          expect(forged.ok, `forged ${oldSize} -> ${newSize}`).toBe(false);
        }
      }
    }
  });
});

/** Every copy of `hash` with one bit flipped. */
function* oneBitChanges(hash: Hash): Generator<Hash> {
  for (let bit = 0; bit < hash.length * 8; bit++) {
    const copy = Buffer.from(hash);
    copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
    yield copy;
  }
}

const sizes = fc
  .integer({ min: 1, max: 300 })
  .chain((size) =>
    fc.record({ size: fc.constant(size), index: fc.integer({ min: 0, max: size - 1 }), seed: fc.integer() }),
  );

const treeOf = (size: number, seed: number) =>
  leafHashList(Array.from({ length: size }, (_, i) => leafHash(`${seed}:${i}`)));

describe('properties', () => {
  test.prop([sizes], { numRuns: 25 })(
    'an inclusion proof verifies; a one-bit change anywhere is refused',
    ({ size, index, seed }) => {
      const tree = treeOf(size, seed);
      const root = subtreeHash(tree, 0, size);
      const proof = inclusionProof(tree, index, size);
      const leaf = tree.at(index);
      expect(verifyInclusion(leaf, index, size, proof, root).ok).toBe(true);
      for (const changed of oneBitChanges(root))
        expect(verifyInclusion(leaf, index, size, proof, changed).ok).toBe(false);
      for (const changed of oneBitChanges(leaf))
        expect(verifyInclusion(changed, index, size, proof, root).ok).toBe(false);
      proof.forEach((hash, at) => {
        for (const changed of oneBitChanges(hash)) {
          const tampered = proof.map((other, i) => (i === at ? changed : other));
          expect(verifyInclusion(leaf, index, size, tampered, root).ok).toBe(false);
        }
      });
      // The same proof for a neighbour, a shorter or longer proof, another size: refused.
      if (size > 1) expect(verifyInclusion(leaf, (index + 1) % size, size, proof, root).ok).toBe(false);
      expect(verifyInclusion(leaf, index, size, [...proof, leaf], root).ok).toBe(false);
      if (proof.length > 0)
        expect(verifyInclusion(leaf, index, size, proof.slice(0, -1), root).ok).toBe(false);
      expect(verifyInclusion(leaf, index, index, proof, root).ok).toBe(false);
    },
  );

  test.prop([sizes, fc.integer({ min: 1, max: 300 })], { numRuns: 25 })(
    'a consistency proof verifies; a one-bit change of a proof hash or either root is refused',
    ({ size, index, seed }, more) => {
      const oldSize = index + 1;
      const newSize = size + more;
      const tree = treeOf(newSize, seed);
      const oldRoot = subtreeHash(tree, 0, oldSize);
      const newRoot = subtreeHash(tree, 0, newSize);
      const proof = consistencyProof(tree, oldSize, newSize);
      expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof).ok).toBe(true);
      for (const changed of oneBitChanges(oldRoot)) {
        expect(verifyConsistency(oldSize, newSize, changed, newRoot, proof).ok).toBe(false);
      }
      for (const changed of oneBitChanges(newRoot)) {
        expect(verifyConsistency(oldSize, newSize, oldRoot, changed, proof).ok).toBe(false);
      }
      proof.forEach((hash, at) => {
        for (const changed of oneBitChanges(hash)) {
          const tampered = proof.map((other, i) => (i === at ? changed : other));
          expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, tampered).ok).toBe(false);
        }
      });
      // A leaf changed inside the old tree: the new tree built on it does not extend the old head.
      const changedLeaf = treeOf(newSize, seed + 1);
      expect(
        verifyConsistency(oldSize, newSize, oldRoot, subtreeHash(changedLeaf, 0, newSize), proof).ok,
      ).toBe(false);
      expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, [...proof, newRoot]).ok).toBe(false);
      expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof.slice(0, -1)).ok).toBe(false);
      // (The sizes themselves come signed, in a checkpoint, with the roots.)
    },
  );
});

describe('refused inputs', () => {
  const root = unhex(CT_ROOTS[8] as string);
  it('say what is wrong', () => {
    expect(verifyInclusion(ctHashes[0] as Hash, 8, 8, [], root)).toEqual({
      ok: false,
      problem: 'index: leaf 8 is not in a tree of 8 leaves',
    });
    expect(verifyInclusion(Buffer.alloc(31), 0, 8, [], root).ok).toBe(false);
    expect(verifyConsistency(3, 2, root, root, [])).toMatchObject({ ok: false });
    expect(verifyConsistency(2, 8, root, root, [])).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/empty/),
    });
    expect(verifyConsistency(8, 8, root, unhex(CT_ROOTS[7] as string), [])).toMatchObject({ ok: false });
    expect(verifyConsistency(8, 8, root, root, [root])).toMatchObject({ ok: false });
    expect(verifyConsistency(0, 8, root, root, [])).toMatchObject({ ok: false });
    expect(verifyConsistency(0, 8, EMPTY_TREE_HEAD, root, []).ok).toBe(true);
    expect(verifyConsistency(1.5, 8, root, root, [root]).ok).toBe(false);
  });
});
