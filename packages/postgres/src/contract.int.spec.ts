// The shared EventStore contract (with the concurrent-commands contract inside it) on a real
// PostgreSQL server and on PGlite in a data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe } from 'vitest';
// The testing package's root index does not export the contract yet: its barrel is used directly.
import { describeEventStoreContract } from '../../testing/src/contract/index.js';
import { openPGliteEventStore, openPostgresEventStore } from './open.js';
import { startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

/** Enough to cross many pages (a small page size below) and keep the suite quick. */
const PAGING_EVENTS = 2_000;

describe('on PostgreSQL', () => {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  describeEventStoreContract(
    'PostgreSQL (page size 128)',
    () => {
      if (!server) throw new Error('the test server did not start');
      return openPostgresEventStore(server.url, { pageSize: 128 });
    },
    { pagingEventCount: PAGING_EVENTS },
  );
});

describe('on PGlite', () => {
  // One PGlite for the file (opening one takes seconds); each store gets it and leaves it open.
  let folder: string;
  let db: PGlite | undefined;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tally-pglite-'));
    db = await PGlite.create(join(folder, 'data'));
  });
  afterAll(async () => {
    await db?.close();
    rmSync(folder, { recursive: true, force: true });
  });
  describeEventStoreContract(
    'PGlite (page size 128)',
    () => {
      if (!db) throw new Error('PGlite did not open');
      return openPGliteEventStore(db, { pageSize: 128 });
    },
    { pagingEventCount: PAGING_EVENTS },
  );
});
