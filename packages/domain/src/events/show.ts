// Renders any decoded-from-the-wire value for an error message: short, one line, and never
// throwing (fuzzers hand us bigints, symbols and cyclic objects, which JSON.stringify rejects).

const MAX_SHOWN = 60;

export function show(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
  }
}

/** A string as JSON writes it, shortened in the middle when long. */
export function quote(text: string): string {
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
  return JSON.stringify(shown);
}
