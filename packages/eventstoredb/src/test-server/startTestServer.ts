// An in-process, wire-compatible stand-in for one EventStoreDB node, for tests, benchmarks and
// examples on machines where no real server can run. It serves the client's own generated service
// definitions over real gRPC on loopback, insecure (tls=false), on an ephemeral port by default.
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { serverFeaturesGrpc } from '../generated.js';
import { makeGetSupportedMethods } from './serverFeaturesService.js';
import { createStreamLog } from './streamLog.js';
import { type CallCounts, makeStreamsHandlers, streamsServiceDefinition } from './streamsService.js';
import { createSubscriptionRegistry, seedSystemEvents } from './subscriptions.js';

export interface TestServerOptions {
  /**
   * `true`: ServerFeatures advertises BatchAppend and the client appends through it, as with
   * any server since 21.10. `false`: ServerFeatures and BatchAppend are UNIMPLEMENTED, so the
   * client falls back to the unary Append of older servers.
   */
  readonly batchAppend: boolean;
  /** The loopback port to listen on; default 0, an ephemeral port. */
  readonly port?: number;
}

export interface TestServer {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  /** Calls answered so far, by kind. */
  readonly calls: Readonly<CallCounts>;
  /** Ends every subscription in progress with UNAVAILABLE, as a lost connection does; returns
   * how many there were. */
  dropSubscriptions(): number;
  /** Dispose every client first: an open BatchAppend call otherwise delays the shutdown. */
  stop(): Promise<void>;
}

/** How long `stop()` waits for calls in flight before cutting them. */
const GRACEFUL_SHUTDOWN_MS = 1_000;

const bind = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });

const shutDown = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, GRACEFUL_SHUTDOWN_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });

export const startTestServer = async (
  options: TestServerOptions = { batchAppend: true },
): Promise<TestServer> => {
  const calls: CallCounts = { read: 0, append: 0, batchAppend: 0, serverFeatures: 0 };
  const log = createStreamLog();
  // $all starts with a system event, as a node's does: subscribers to $all must filter.
  seedSystemEvents(log);
  const subscriptions = createSubscriptionRegistry();
  const server = new Server();
  // Methods left out of an implementation answer UNIMPLEMENTED, as an older node would.
  server.addService(
    streamsServiceDefinition,
    makeStreamsHandlers(log, calls, options, subscriptions) as unknown as UntypedServiceImplementation,
  );
  if (options.batchAppend) {
    server.addService(serverFeaturesGrpc.ServerFeaturesService, {
      getSupportedMethods: makeGetSupportedMethods(calls, options),
    } as unknown as UntypedServiceImplementation);
  }
  const port = await bind(server, options.port ?? 0);
  let stopped: Promise<void> | undefined;
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    calls,
    dropSubscriptions: () => subscriptions.drop(),
    stop: () => {
      subscriptions.drop();
      stopped ??= shutDown(server);
      return stopped;
    },
  };
};
