// The window the adapter's connections open with, as the other end of the connection sees it: a
// bare HTTP/2 server records the client's SETTINGS (the window of each call) and the window it
// may fill on the whole connection, and answers every call UNIMPLEMENTED.
import { once } from 'node:events';
import { createServer, type Http2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStoreDBClient } from '@eventstore/db-client';
import { afterEach, describe, expect, it } from 'vitest';
import { getEventStoreDBEventStore } from './eventStore.js';
import { DEFAULT_FLOW_CONTROL_WINDOW_BYTES, widenFlowControlWindow } from './flowControlWindow.js';

const PROTOCOL_WINDOW = 65_535;
const UNIMPLEMENTED = '12';

interface Seen {
  readonly connectionString: string;
  /** The window of each call and of the whole connection that the `index`-th connection's
   * client granted, once it did. */
  windows(index?: number): Promise<{ readonly call: number; readonly connection: number }>;
  /** Closes every connection from the server's side, as a node that restarts does. */
  dropConnections(): void;
  close(): Promise<void>;
}

const startWindowServer = async (): Promise<Seen> => {
  const server = createServer();
  const sessions: Http2Session[] = [];
  server.on('session', (session) => sessions.push(session));
  const sessionAt = async (index: number): Promise<Http2Session> => {
    for (let tries = 0; tries < 500 && sessions[index] === undefined; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const session = sessions[index];
    if (session === undefined) throw new Error(`no connection ${index} in 5 s`);
    return session;
  };
  server.on('stream', (stream: ServerHttp2Stream) => {
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': UNIMPLEMENTED },
      { endStream: true },
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    windows: async (index = 0) => {
      const session = await sessionAt(index);
      if (session.remoteSettings.initialWindowSize === undefined) await once(session, 'remoteSettings');
      // The connection's window grows by a WINDOW_UPDATE sent after the settings: wait a moment.
      for (
        let tries = 0;
        tries < 50 && (session.state.remoteWindowSize ?? 0) <= PROTOCOL_WINDOW;
        tries += 1
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return {
        call: session.remoteSettings.initialWindowSize ?? PROTOCOL_WINDOW,
        connection: session.state.remoteWindowSize ?? PROTOCOL_WINDOW,
      };
    },
    dropConnections: () => {
      for (const session of sessions) session.destroy();
    },
    close: async () => {
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

const servers: Seen[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const touch = async (read: () => AsyncIterable<unknown>) => {
  await (async () => {
    for await (const _ of read()) return;
  })().catch(() => undefined);
};

describe('the HTTP/2 flow-control window', () => {
  it('a store opens its connections with a 4 MiB window per call and for the connection, a reconnection too', async () => {
    const server = await startWindowServer();
    servers.push(server);
    const store = getEventStoreDBEventStore(server.connectionString);
    await touch(() => store.readStream('org-acme'));
    const wide = { call: DEFAULT_FLOW_CONTROL_WINDOW_BYTES, connection: DEFAULT_FLOW_CONTROL_WINDOW_BYTES };
    expect(await server.windows()).toEqual(wide);
    // The connection lost, the next one the client opens has the same window.
    server.dropConnections();
    // The first read may still meet the closing connection; the second opens the next one.
    await touch(() => store.readStream('org-acme'));
    await touch(() => store.readStream('org-acme'));
    expect(await server.windows(1)).toEqual(wide);
    await store.close();
  });

  it('the window is the option given, on a client the caller made', async () => {
    const server = await startWindowServer();
    servers.push(server);
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const store = getEventStoreDBEventStore(client, { flowControlWindowBytes: 1_000_000 });
    // Made twice over one client: the first window stays.
    getEventStoreDBEventStore(client, { flowControlWindowBytes: 2_000_000 });
    await touch(() => store.readStream('org-acme'));
    expect(await server.windows()).toEqual({ call: 1_000_000, connection: 1_000_000 });
    await store.close();
  });

  it("the bare client opens the protocol's 64 KiB (what the adapter changes)", async () => {
    const server = await startWindowServer();
    servers.push(server);
    const client = EventStoreDBClient.connectionString(server.connectionString);
    await touch(() => client.readStream('org-acme'));
    expect(await server.windows()).toEqual({ call: PROTOCOL_WINDOW, connection: PROTOCOL_WINDOW });
    await client.dispose();
  });

  it('refuses a window outside the protocol, naming the option', () => {
    for (const bytes of [0, 65_534, 2 ** 31, 1.5, Number.NaN]) {
      expect(() =>
        getEventStoreDBEventStore('esdb://127.0.0.1:1?tls=false', { flowControlWindowBytes: bytes }),
      ).toThrow(/flowControlWindowBytes must be an integer from 65535 to 2147483647/);
    }
  });

  it('refuses a client without the channel factory it widens', () => {
    expect(() => widenFlowControlWindow({} as EventStoreDBClient, PROTOCOL_WINDOW)).toThrow(
      /no createChannel/,
    );
  });
});
