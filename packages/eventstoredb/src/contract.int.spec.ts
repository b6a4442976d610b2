// The shared EventStore contract against this adapter: on the in-process test server through
// both append paths of the client, and on a real EventStoreDB/KurrentDB node when
// EVENTSTORE_CONNECTION_STRING names one (e.g. esdb://localhost:2113?tls=false).
import { afterAll, beforeAll, describe } from 'vitest';
// The testing package's root index does not export the contract yet: its barrel is used directly.
import { describeEventStoreContract } from '../../testing/src/contract/index.js';
import { getEventStoreDBEventStore } from './eventStore.js';
import { startTestServer, type TestServer } from './test-server/index.js';

/** Enough to cross many pages (the adapter's default page is 500) and keep the suite quick. */
const PAGING_EVENTS_ON_TEST_SERVER = 2_000;

describe.each([
  { path: 'BatchAppend', batchAppend: true },
  { path: 'unary Append', batchAppend: false },
])('on the test server, appending through $path', ({ path, batchAppend }) => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer({ batchAppend });
  });
  afterAll(async () => {
    await server?.stop();
  });
  describeEventStoreContract(
    `EventStoreDB adapter (test server, ${path})`,
    () => {
      if (!server) throw new Error('the test server did not start');
      return getEventStoreDBEventStore(server.connectionString);
    },
    { pagingEventCount: PAGING_EVENTS_ON_TEST_SERVER },
  );
});

const realServer = process.env.EVENTSTORE_CONNECTION_STRING;
if (realServer) {
  describeEventStoreContract(
    'EventStoreDB adapter (real server)',
    () => getEventStoreDBEventStore(realServer),
    {
      timeoutMs: 300_000,
    },
  );
} else {
  console.log('EventStoreDB contract on a real server skipped: EVENTSTORE_CONNECTION_STRING is not set');
}
