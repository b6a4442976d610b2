import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startTestServer } from './src/test-server/index.js';
const server = await startTestServer({ batchAppend: true });
const client = EventStoreDBClient.connectionString(server.connectionString);
await client.appendToStream('s', Array.from({ length: 3000 }, (_, i) => jsonEvent({ type: 'A', data: { i, deviceId: 'd-1', userId: 'u-1', occurredAt: '2026-03-06T23:30:00Z' } })));
for (let k = 0; k < 3; k++) {
  const t = performance.now(); let c = 0;
  for await (const _ of client.readStream('s', { maxCount: 500 })) c++;
  console.log(c, (performance.now() - t).toFixed(0), 'ms');
}
await client.dispose(); await server.stop();
