// The live projection on PostgreSQL (a real server) and on PGlite: equal to a full replay after
// any interleaving of appends, restarts and crashes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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
  it('equals a full replay after any interleaving of appends, restarts and crashes', async () => {
    await checkLiveProjectionModel({
      makeStore: () => openPostgresEventStore((server as TestPostgres).url, { pollMs: 5 }),
      numRuns: 6,
    });
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
