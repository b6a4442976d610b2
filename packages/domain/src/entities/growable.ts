// A typed array that grows by doubling: the counts sweep's scratch space for the deltas of one
// user (a few numbers, reused across users).

export function grownInt32(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const grown = new Int32Array(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}
