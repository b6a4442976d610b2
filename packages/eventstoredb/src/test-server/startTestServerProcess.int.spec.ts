// The test server in a process of its own: it starts, serves the adapter (appends, reads, a
// subscription), stops, and a child that dies is reported rather than waited on.
import { orgStreamName } from '@tally/ledger';
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../../../testing/src/contract/index.js';
import { getEventStoreDBEventStore } from '../eventStore.js';
import { startTestServerProcess } from './startTestServerProcess.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startTestServerProcess', () => {
  it('serves appends, reads and a subscription from another process, then stops it', async () => {
    const server = await startTestServerProcess();
    expect(server.connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
    expect(server.pid).not.toBe(process.pid);
    const store = getEventStoreDBEventStore(server.connectionString);
    try {
      const events = sampleEvents('child', 5);
      const stream = orgStreamName('child');
      await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const read = [];
      for await (const record of store.readStream(stream)) read.push(record.event);
      expect(read).toEqual(events);
      const seen = [];
      const subscribe = store.subscribe as NonNullable<typeof store.subscribe>;
      for await (const message of subscribe({ streamName: stream })) {
        if (message.kind === 'events') seen.push(...message.events.map((record) => record.event));
        if (message.kind === 'caughtUp') break;
      }
      expect(seen).toEqual(events);
    } finally {
      await store.close();
      await server.stop();
    }
    expect(alive(server.pid)).toBe(false);
  });

  it('serves the unary Append when BatchAppend is off', async () => {
    const server = await startTestServerProcess({ batchAppend: false });
    const store = getEventStoreDBEventStore(server.connectionString);
    try {
      const events = sampleEvents('unary', 2);
      const result = await store.appendToStream(orgStreamName('unary'), events);
      expect(result.nextExpectedRevision).toBe(1n);
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('reports a child that dies while serving, and stop() reports it too', async () => {
    const server = await startTestServerProcess();
    process.kill(server.pid, 'SIGKILL');
    await expect(server.crashed).rejects.toThrow(/exited on its own \(signal SIGKILL\)/);
    await expect(server.stop()).rejects.toThrow(/exited on its own/);
  });

  it('fails the start of a child that exits before it listens, with what it said', async () => {
    await expect(startTestServerProcess({ execArgv: ['--no-such-node-flag'] })).rejects.toThrow(
      /exited before listening \(code \d+\).*no-such-node-flag/s,
    );
  });
});
