// RFC 8785 (JSON Canonicalization Scheme) for the JSON values events are made of: object members
// sorted by the UTF-16 code units of their names, no whitespace, strings escaped and numbers
// written the way ECMAScript's JSON.stringify writes them (which is what RFC 8785 specifies).
// The `canonicalize` package does the same; it is a dependency of @tally/cli, not of this kit,
// so the kit carries these few lines instead (the spec suite checks the two agree).

/** The canonical JSON text of a JSON value; throws on values JSON cannot hold. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 asks.
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} is not a JSON value`);
}
