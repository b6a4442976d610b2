// A text written into a statement (sql-literal.ts) means exactly that text to a real server and
// to PGlite, whatever its characters and whichever way standard_conforming_strings is set.
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, expect } from 'vitest';
import { pgConnection } from './connection/pg-connection.js';
import { pgliteConnection } from './connection/pglite-connection.js';
import type { SqlConnection } from './connection/sql.js';
import { bigintLiteral, textLiteral } from './sql-literal.js';
import { startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

let server: TestPostgres;
let postgres: SqlConnection;
let pglite: SqlConnection;
beforeAll(async () => {
  server = await startTestPostgres();
  postgres = pgConnection(server.url, { maxConnections: 1 });
  pglite = await pgliteConnection(`memory://sql-literal`);
});
afterAll(async () => {
  await postgres?.close();
  await pglite?.close();
  await server?.stop();
});

// Any text a PostgreSQL text can hold (every code point but NUL), the characters that quote or
// escape drawn often.
const arbCharacter = fc.oneof(
  fc.constantFrom("'", '\\', '"', '$', '\n', '\r', '\t', 'é', '😀', '\u2028', '\u007f'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const arbText = fc.string({ unit: arbCharacter, maxLength: 30 }).filter((text) => !text.includes('\0'));

test.prop([arbText, fc.boolean(), fc.boolean()], { numRuns: 150 })(
  'the literal is the text, on PostgreSQL and PGlite, with standard_conforming_strings on or off',
  async (text, onPglite, conforming) => {
    const connection = onPglite ? pglite : postgres;
    await connection.query(`SET standard_conforming_strings = ${conforming ? 'on' : 'off'}`);
    const [row] = await connection.query(`SELECT ${textLiteral(text)}, ${textLiteral(text)} = $1`, [text]);
    expect(row).toEqual([text, true]);
  },
);

test.prop([fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })], { numRuns: 50 })(
  'a bigint literal is the number',
  async (value) => {
    const [row] = await postgres.query(`SELECT (${bigintLiteral(value)})::text`);
    expect(row).toEqual([value.toString()]);
  },
);
