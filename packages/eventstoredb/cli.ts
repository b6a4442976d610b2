import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
const client = EventStoreDBClient.connectionString(process.argv[2]!);
await client.appendToStream('s', Array.from({ length: 3000 }, (_, i) => jsonEvent({ type: 'A', data: { i, deviceId: 'd-1', userId: 'u-1', occurredAt: '2026-03-06T23:30:00Z' } })));
for (let k = 0; k < 3; k++) {
  const t = performance.now(); let c = 0;
  for await (const _ of client.readStream('s', { maxCount: 500 })) c++;
  console.log(c, (performance.now() - t).toFixed(0), 'ms');
}
await client.dispose();
