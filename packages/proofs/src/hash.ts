// The two hashes of an RFC 9162 (section 2.1) Merkle tree, SHA-256 throughout. A leaf and an
// inner node are hashed with different one-byte prefixes, so that no leaf can be passed off as
// an inner node (or the reverse): a second preimage would otherwise be free.
import { createHash, hash } from 'node:crypto';

/** A SHA-256 value: 32 bytes. */
export type Hash = Buffer;

export const HASH_BYTES = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256(0x00 || leaf). A string is hashed as its UTF-8 bytes. */
// Each call into node:crypto costs about as much as hashing a short input, so every hash here is
// one call of the one-shot crypto.hash (Node 20.12 and later; createHash takes three): the
// prefix joined to a string, or the two children copied into one scratch buffer.
export function leafHash(leaf: Uint8Array | string): Hash {
  if (typeof leaf === 'string') return hash('sha256', `\u0000${leaf}`, 'buffer');
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

const scratch = Buffer.alloc(1 + 2 * HASH_BYTES);
scratch[0] = 0x01;

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) {
    return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  }
  scratch.set(left, 1);
  scratch.set(right, 1 + HASH_BYTES);
  return hash('sha256', scratch, 'buffer');
}

/** The tree head of the empty tree: SHA-256 of no bytes. */
export const EMPTY_TREE_HEAD: Hash = createHash('sha256').digest();

export const isHash = (value: unknown): value is Hash =>
  Buffer.isBuffer(value) && value.length === HASH_BYTES;
