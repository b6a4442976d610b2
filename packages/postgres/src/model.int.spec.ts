// The model-based ledger test (fast-check command sequences against the reference model) with
// the command handler over PostgreSQL and over PGlite: after every command the stream read back
// and the counts it folds to must agree with the model.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, it } from 'vitest';
import { runLedgerModel } from '../../testing/src/harness/index.js';
import { openPGliteEventStore, openPostgresEventStore } from './open.js';
import { startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

let server: TestPostgres;
let db: PGlite;
beforeAll(async () => {
  [server, db] = await Promise.all([startTestPostgres(), PGlite.create()]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), db?.close()]);
});

it('the command handler over PostgreSQL agrees with the reference model', async () => {
  await runLedgerModel(() => openPostgresEventStore(server.url, { maxConnections: 2 }), {
    numRuns: 8,
    maxCommands: 20,
  });
});

it('and over PGlite', async () => {
  await runLedgerModel(() => openPGliteEventStore(db), { numRuns: 5, maxCommands: 15 });
});
