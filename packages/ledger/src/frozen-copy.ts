// Deep, frozen copies of plain JSON-like values: the in-memory store keeps its own copy of every
// event so that a caller mutating its objects after an append cannot change the stream, and
// readers cannot change it either.

/** A deep copy of a plain value (objects, arrays, primitives), frozen at every level. */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return Object.freeze(value.map((item) => frozenCopy(item))) as T;
  }
  // fromEntries defines own properties, so even a key named __proto__ is copied as data.
  const copy = Object.fromEntries(Object.entries(value).map(([key, field]) => [key, frozenCopy(field)]));
  return Object.freeze(copy) as T;
}
