// Bookkeeping documents on EventStoreDB in parts under the node's append size: a document of
// many parts comes back byte for byte (characters split across parts included), the latest
// complete one wins, and a document whose writer died midway is passed over.
import { binaryEvent, EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEventStoreDBEventStore } from './eventStore.js';
import { startTestServer, type TestServer } from './test-server/index.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ batchAppend: true });
});
afterAll(async () => {
  await server.stop();
});

describe('documents in parts', () => {
  it('a document of many parts comes back byte for byte; the latest complete one wins', async () => {
    const store = getEventStoreDBEventStore(server.connectionString, { documentPartBytes: 7 });
    const stream = `doc-parts-${Date.now()}`;
    const first = JSON.stringify({ text: 'ünïcødé €uro 𝄞 split across parts', n: [1, 2, 3] });
    await store.appendDocument?.(stream, { type: 'First', json: first });
    expect(await store.readLastDocument?.(stream)).toEqual({ type: 'First', json: first });
    const second = JSON.stringify({ more: 'x'.repeat(100) });
    await store.appendDocument?.(stream, { type: 'Second', json: second });
    expect(await store.readLastDocument?.(stream)).toEqual({ type: 'Second', json: second });
    await store.close();
  });

  it('a document whose writer died after its first part is passed over', async () => {
    const store = getEventStoreDBEventStore(server.connectionString, { documentPartBytes: 5 });
    const stream = `doc-partial-${Date.now()}`;
    const complete = '{"complete":true}';
    await store.appendDocument?.(stream, { type: 'Whole', json: complete });
    // The first of three parts of a later document, and nothing after it.
    const client = EventStoreDBClient.connectionString(server.connectionString);
    await client.appendToStream(
      stream,
      binaryEvent({
        type: 'Broken',
        data: new TextEncoder().encode('{"bro'),
        metadata: { tallyDocument: 'dead-writer', part: 0, parts: 3 },
      }),
    );
    await client.dispose();
    expect(await store.readLastDocument?.(stream)).toEqual({ type: 'Whole', json: complete });
    await store.close();
  });

  it('a document longer than a page of the backwards read (64 parts) comes back whole', async () => {
    const store = getEventStoreDBEventStore(server.connectionString, { documentPartBytes: 3 });
    const stream = `doc-long-${Date.now()}`;
    const json = JSON.stringify({ long: 'abcdefghij'.repeat(30) });
    await store.appendDocument?.(stream, { type: 'Long', json });
    expect(await store.readLastDocument?.(stream)).toEqual({ type: 'Long', json });
    await store.close();
  });
});
