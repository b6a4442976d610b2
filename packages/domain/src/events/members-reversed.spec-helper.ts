/** `value` rebuilt with every object's members in reverse order (arrays keep theirs): the same
 * JSON value in another key order, for tests that an encoder, not its input, fixes the order. */
export function membersReversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(membersReversed) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([name, member]) => [name, membersReversed(member)]),
  ) as T;
}
