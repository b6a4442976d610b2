// The HTTP/2 flow-control window of the client's connection. grpc-js opens its connections
// with the protocol's initial 64 KiB windows unless a channel option says otherwise, and
// @eventstore/db-client gives none: a node may then push 64 KiB of a subscription or a read
// before it waits for the client's WINDOW_UPDATE, a round trip through both processes' event
// loops. With the client busy appending and folding, a subscription to $all fell 50,000 events
// behind the appends (docs/performance.md, "EventStoreDB subscriptions and the flow-control
// window"). The adapter gives every channel the client makes a wider window.
import type { EventStoreDBClient } from '@eventstore/db-client';
import { Channel, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import { type ClientInternals, clientInternals } from './clientInternals.js';

/** The window the adapter asks for, per call and for the connection. */
export const DEFAULT_FLOW_CONTROL_WINDOW_BYTES = 4 * 1024 * 1024;
/** The protocol's initial window, the smallest; and its largest (RFC 9113, 6.9.1). */
const SMALLEST_WINDOW = 65_535;
const LARGEST_WINDOW = 2 ** 31 - 1;

const FLOW_CONTROL_OPTION = 'grpc-node.flow_control_window';
const widened = Symbol('tally.flowControlWindow');

/** The client with the mark of a window already set. */
type Widenable = ClientInternals & { [widened]?: number };

/** What grpc-js's Channel keeps of its construction (1.14: its internal channel). */
interface ChannelConstruction {
  readonly internalChannel?: { readonly credentials?: ChannelCredentials; readonly options?: ChannelOptions };
}

export const checkFlowControlWindow = (bytes: number): number => {
  if (!Number.isSafeInteger(bytes) || bytes < SMALLEST_WINDOW || bytes > LARGEST_WINDOW) {
    throw new RangeError(
      `flowControlWindowBytes must be an integer from ${SMALLEST_WINDOW} to ${LARGEST_WINDOW}, got ${bytes}`,
    );
  }
  return bytes;
};

/**
 * Makes every channel `client` creates from now on (its first, and each after a reconnection)
 * open its connection with a window of `bytes`: the client's channel, with its target,
 * credentials and options, made again with the window option added. A client used before keeps
 * its current connection until it reconnects. Widening a client twice keeps the first window.
 */
export function widenFlowControlWindow(client: EventStoreDBClient, bytes: number): void {
  const factory: Widenable = clientInternals(client);
  const create = factory.createChannel;
  if (factory[widened] !== undefined) return;
  factory[widened] = bytes;
  factory.createChannel = async () => {
    const channel = await create.call(client);
    const { credentials, options } = (channel as unknown as ChannelConstruction).internalChannel ?? {};
    if (credentials === undefined || options === undefined) {
      channel.close();
      throw new Error(
        'this @grpc/grpc-js keeps no credentials or options on its channel: @tally/eventstoredb needs 1.14',
      );
    }
    const target = channel.getTarget();
    channel.close();
    return new Channel(target, credentials, { ...options, [FLOW_CONTROL_OPTION]: bytes });
  };
}
