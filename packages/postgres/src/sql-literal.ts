// Values written into a statement's text, for the one statement that takes no parameters (COPY,
// read.ts). A text value is an escape string (E'...'), whose escapes mean the same whatever the
// session's standard_conforming_strings, with every character but printable ASCII escaped: the
// literal is ASCII, so no client encoding can read a quote or a backslash into it. The planner
// sees a plain constant and uses the index on it (a function of a hex literal was a filter).

const PRINTABLE_ASCII_PLAIN = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/** `value` as an SQL text literal. A lone surrogate cannot be spelled: the server refuses it. */
export function textLiteral(value: string): string {
  if (PRINTABLE_ASCII_PLAIN.test(value)) return `E'${value}'`;
  let body = '';
  for (const character of value) {
    const code = character.codePointAt(0) as number;
    if (character === "'" || character === '\\') body += `\\${character}`;
    else if (code >= 0x20 && code <= 0x7e) body += character;
    else body += code > 0xffff ? `\\U${hex(code, 8)}` : `\\u${hex(code, 4)}`;
  }
  return `E'${body}'`;
}

/** `value` as an SQL bigint. */
export function bigintLiteral(value: bigint): string {
  return `(${value.toString()})::bigint`;
}
