// The live projection on PostgreSQL (a real server) and on PGlite: equal to a full replay after
// any interleaving of appends, restarts and crashes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkLiveProjectionModel } from '../../testing/src/live/live-model.js';
import { openPGliteEventStore, openPostgresEventStore } from './open.js';
import { startTestPostgres, type TestPostgres } from './test-support/server.spec-helper.js';

describe('live projection (PostgreSQL)', () => {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  it('equals a full replay after any interleaving of appends, restarts, crashes and dropped connections', async () => {
    const admin = new pg.Client({ connectionString: (server as TestPostgres).url });
    await admin.connect();
    try {
      await checkLiveProjectionModel({
        makeStore: () => openPostgresEventStore((server as TestPostgres).url, { pollMs: 5 }),
        // Every connection of the stores' pools, cut by the server: the subscription's next
        // read fails and is made again.
        dropConnections: async () => {
          await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tally' AND pid <> pg_backend_pid()",
          );
          // The pools drop their idle connections when the server's notice reaches them; the
          // test's own appends and replays (which do not retry) wait for that.
          await new Promise((resolve) => setTimeout(resolve, 300));
        },
        numRuns: 6,
      });
    } finally {
      await admin.end();
    }
  }, 300_000);
});

describe('live projection (PGlite)', () => {
  let folder: string;
  let db: PGlite | undefined;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tally-pglite-live-'));
    db = await PGlite.create(join(folder, 'data'));
  });
  afterAll(async () => {
    await db?.close();
    rmSync(folder, { recursive: true, force: true });
  });
  it('equals a full replay after any interleaving of appends, restarts and crashes', async () => {
    await checkLiveProjectionModel({
      makeStore: () => openPGliteEventStore(db as PGlite, { pollMs: 5 }),
      numRuns: 6,
    });
  }, 300_000);
});
