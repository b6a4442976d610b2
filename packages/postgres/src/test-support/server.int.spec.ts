// The test server itself: it starts, answers, stops and starts again with its data.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { firstClosedFolder, startTestPostgres, type TestPostgres } from './server.spec-helper.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const ask = async (url: string, sql: string): Promise<unknown[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

it('is a real PostgreSQL (18 when embedded) with a fresh database', async () => {
  const [row] = (await ask(server.url, 'SELECT version() AS version, current_database() AS db')) as {
    version: string;
    db: string;
  }[];
  expect(row?.version).toMatch(/^PostgreSQL \d+/);
  if (server.embedded) expect(row?.version).toMatch(/^PostgreSQL 18\./);
  expect(row?.db).toMatch(/^tally_test_/);
});

it('keeps its data across a halt and a restart', async ({ skip }) => {
  skip(!server.embedded, 'a server named by TALLY_POSTGRES_URL is not stopped by the tests');
  await ask(server.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
  await server.halt();
  await expect(ask(server.url, 'SELECT 1')).rejects.toThrow();
  await server.restart();
  expect(await ask(server.url, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
});

it('names the first folder the server user could not enter (a checkout inside a private folder)', () => {
  const outer = mkdtempSync(join(tmpdir(), 'tally-closed-'));
  try {
    const inner = join(outer, 'repo', 'node_modules');
    mkdirSync(inner, { recursive: true });
    chmodSync(outer, 0o755);
    expect(firstClosedFolder(inner)).toBeUndefined();
    chmodSync(outer, 0o700);
    expect(firstClosedFolder(inner)).toBe(outer);
    expect(firstClosedFolder(outer)).toBe(outer);
  } finally {
    rmSync(outer, { recursive: true, force: true });
  }
});
