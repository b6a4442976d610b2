// The test server through the raw client: what a real node would refuse, it refuses too.
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './startTestServer.js';

describe.each([{ batchAppend: true }, { batchAppend: false }])(
  'test server (batchAppend: $batchAppend)',
  (options) => {
    let server: TestServer;
    let client: EventStoreDBClient;
    beforeAll(async () => {
      server = await startTestServer(options);
      client = EventStoreDBClient.connectionString(server.connectionString);
    });
    afterAll(async () => {
      await client.dispose();
      await server.stop();
    });

    it('listens on loopback, insecure, on an ephemeral port', () => {
      expect(server.connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
    });

    it('refuses an event id that is not a UUID, and writes nothing', async () => {
      const streamName = `bad-id-${options.batchAppend}`;
      await expect(
        client.appendToStream(streamName, [jsonEvent({ id: 'not-a-uuid', type: 'T', data: {} })]),
      ).rejects.toThrow(/not-a-uuid.*is not a UUID/);
      await expect(async () => {
        for await (const _ of client.readStream(streamName)) {
          // draining
        }
      }).rejects.toMatchObject({ type: 'stream-not-found' });
    });

    it('answers the expected and actual revision of a refused append', async () => {
      const streamName = `wrong-${options.batchAppend}`;
      await client.appendToStream(streamName, [jsonEvent({ type: 'T', data: { n: 1 } })]);
      await expect(
        client.appendToStream(streamName, [jsonEvent({ type: 'T', data: { n: 2 } })], {
          expectedRevision: 5n,
        }),
      ).rejects.toMatchObject({ type: 'wrong-expected-version', expectedVersion: 5n, actualVersion: 0n });
    });

    it('does not serve reads of $all', async () => {
      await expect(async () => {
        for await (const _ of client.readAll({ maxCount: 1 })) {
          // draining
        }
      }).rejects.toThrow(/only stream reads are supported/);
    });
  },
);

it('stop() returns even while a client still holds a BatchAppend call open', async () => {
  const server = await startTestServer({ batchAppend: true });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  await client.appendToStream('left-open', [jsonEvent({ type: 'T', data: {} })]);
  await server.stop();
  await client.dispose();
});
