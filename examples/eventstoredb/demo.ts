// The demo of `pnpm demo`, on EventStoreDB instead of the in-memory store:
//
//   EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false npx tsx examples/eventstoredb/demo.ts
//
// Without the variable it starts the in-process gRPC test server, so it runs anywhere. Each run
// uses fresh organization ids, so it can be repeated against the same server.
import { randomUUID } from 'node:crypto';
import { getEventStoreDBEventStore } from '@tally/eventstoredb';
import { startTestServer } from '@tally/eventstoredb/test-server';
import { runDemo } from '../demo/run-demo.js';

const configured = process.env.EVENTSTORE_CONNECTION_STRING;
const server = configured ? undefined : await startTestServer({ batchAppend: true });
const connectionString = configured ?? server?.connectionString ?? '';
console.log(configured ? `EventStoreDB at ${configured}` : `in-process test server at ${connectionString}`);

const store = getEventStoreDBEventStore(connectionString);
try {
  await runDemo(store, { orgIdSuffix: `-${randomUUID().slice(0, 8)}` });
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  // The client first, then the server: an open BatchAppend call would otherwise hold it up.
  await store.close();
  await server?.stop();
}
