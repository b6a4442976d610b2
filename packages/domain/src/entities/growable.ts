// A typed array that grows by doubling: the counts sweep's scratch space for the deltas of one
// device or user (a few numbers, reused across entities).

export function grownFloat64(array: Float64Array<ArrayBuffer>, needed: number): Float64Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const grown = new Float64Array(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}
