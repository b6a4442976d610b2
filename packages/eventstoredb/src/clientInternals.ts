// The members of @eventstore/db-client's Client that the adapter calls beyond its public API
// (its types mark them protected): the client's connection, credentials, node discovery and
// reconnection, for the calls whose messages the adapter writes and reads itself
// (streamReads.ts, streamAppends.ts; docs/eventstoredb.md, "How the adapter reads"), and the
// factory of its channels, which the adapter widens (flowControlWindow.ts). All are
// members of 6.2.1, the version package.json pins; a client without one is refused when a store
// is made, never found out in the middle of a read.
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { CallOptions, Channel, Metadata, ServiceClientConstructor } from '@grpc/grpc-js';

export interface ClientInternals {
  /** Makes the channel of a new connection (an instance property, so it can be replaced). */
  createChannel: () => Promise<Channel>;
  /** Runs `action` with the client's gRPC client of `serviceClient`; an error it rejects with
   * lets the client reconnect (a node lost, a follower answering) before it is rethrown. */
  execute<C, T>(
    serviceClient: ServiceClientConstructor,
    debugName: string,
    action: (client: C) => Promise<T>,
  ): Promise<T>;
  /** The long-lived call `creator` opens, kept in `cache` per connection and forgotten when it
   * ends, as the client keeps its own BatchAppend call. */
  GRPCStreamCreator<C, S>(
    serviceClient: ServiceClientConstructor,
    debugName: string,
    creator: (client: C) => S,
    cache: WeakMap<object, Promise<S>>,
  ): () => Promise<S>;
  /** The metadata (connection name, credentials) and options of a call. */
  callArguments(options: Record<string, never>, callOptions: { deadline: number }): [Metadata, CallOptions];
  /** Whether the node offers a method (its ServerFeatures). */
  supports(method: unknown): Promise<boolean>;
  /** The connection's default deadline from now. */
  createDeadline(): Date;
}

const MEMBERS = [
  'createChannel',
  'execute',
  'GRPCStreamCreator',
  'callArguments',
  'supports',
  'createDeadline',
] as const;

/** The client seen through its internals; throws naming the first member it lacks. */
export function clientInternals(client: EventStoreDBClient): ClientInternals {
  const internals = client as unknown as Partial<Record<(typeof MEMBERS)[number], unknown>>;
  for (const member of MEMBERS) {
    if (typeof internals[member] !== 'function') {
      throw new Error(`this @eventstore/db-client has no ${member}: @tally/eventstoredb needs 6.2.1`);
    }
  }
  return client as unknown as ClientInternals;
}
