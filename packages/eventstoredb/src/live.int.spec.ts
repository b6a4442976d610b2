// The live projection on the EventStoreDB adapter over the test server: equal to a full replay
// after any interleaving of appends, restarts, crashes and dropped connections.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkLiveProjectionModel } from '../../testing/src/live/live-model.js';
import { getEventStoreDBEventStore } from './eventStore.js';
import { startTestServer, type TestServer } from './test-server/index.js';

describe('live projection (EventStoreDB test server)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ batchAppend: true });
  });
  afterAll(async () => {
    await server.stop();
  });
  it('equals a full replay after any interleaving of appends, restarts, crashes and dropped connections', async () => {
    await checkLiveProjectionModel({
      makeStore: async () => getEventStoreDBEventStore(server.connectionString),
      dropConnections: () => server.dropSubscriptions(),
      numRuns: 8,
    });
  }, 300_000);
});
