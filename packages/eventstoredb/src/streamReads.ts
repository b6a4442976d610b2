// Reads of one stream (a page at a time) and catch-up subscriptions, on the client's own
// connection: its channel, credentials, node discovery and reconnection after an error are the
// client's, through its `execute`, while the responses are decoded by readResp.ts instead of
// its google-protobuf classes (docs/eventstoredb.md, "How the adapter reads"). The requests are
// those the client's readStream, subscribeToStream and subscribeToAll send, built from the same
// generated classes.
import { convertToCommandError, type EventStoreDBClient } from '@eventstore/db-client';
import {
  type CallOptions,
  type Client,
  type ClientReadableStream,
  type Metadata,
  type MethodDefinition,
  makeGenericClientConstructor,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { StreamNotFoundError } from '@tally/ledger';
import { clientInternals } from './clientInternals.js';
import { sharedPb, streamIdentifierOf, streamsGrpc, streamsPb } from './generated.js';
import { decodeReadResp, type ReadMessage, type WireRecordedEvent } from './readResp.js';

export interface PageRequest {
  readonly direction: 'forwards' | 'backwards';
  readonly fromRevision: bigint | 'start' | 'end';
  readonly maxCount: number;
}

/** The read event of a page: its event (absent for a link to a deleted one) and link. */
export interface PageEvent {
  readonly event: WireRecordedEvent | undefined;
  readonly link: WireRecordedEvent | undefined;
}

interface ReadClient extends Client {
  read(request: unknown, metadata: Metadata, options: CallOptions): ClientReadableStream<ReadMessage>;
}

const { read } = streamsGrpc.StreamsService as unknown as ServiceDefinition as {
  read: MethodDefinition<unknown, unknown>;
};
/** The generated Streams.Read, its responses decoded here. */
const ReadOnlyStreams = makeGenericClientConstructor(
  { read: { ...read, responseDeserialize: (bytes: Buffer) => decodeReadResp(bytes) } },
  'Streams',
);

export type ReadPage = (
  streamName: string,
  request: PageRequest,
  take: (event: PageEvent) => void,
) => Promise<void>;

/** The page reader of `client`. Throws at once if the client lacks what it needs. */
export function pageReaderOf(client: EventStoreDBClient): ReadPage {
  const known = clientInternals(client);
  return (streamName, request, take) =>
    known.execute<ReadClient, void>(ReadOnlyStreams, 'readStream', async (streams) => {
      const [metadata, callOptions] = known.callArguments({}, { deadline: Infinity });
      await receive(streams.read(readRequest(streamName, request), metadata, callOptions), streamName, take);
    });
}

/** A catch-up subscription: one stream after a revision, or every stream whose name starts
 * with `prefix` after a commit position, with the server's checkpoints every
 * `checkpointInterval` x `maxSearchWindow` events it scans. */
export type SubscriptionTarget =
  | { readonly streamName: string; readonly after: bigint | undefined }
  | {
      readonly prefix: string;
      readonly after: bigint | undefined;
      readonly checkpointInterval: number;
      readonly maxSearchWindow: number;
    };

export interface SubscriptionHandlers {
  event(event: PageEvent): void;
  caughtUp(): void;
  checkpoint(commitPosition: bigint): void;
  /** The call failed (the client's error for it); nothing is handed over after this. */
  failed(error: unknown): void;
}

export type Subscribe = (target: SubscriptionTarget, handlers: SubscriptionHandlers) => { cancel(): void };

/** The subscriptions of `client`. Throws at once if the client lacks what it needs. */
export function subscriberOf(client: EventStoreDBClient): Subscribe {
  const known = clientInternals(client);
  return (target, handlers) => {
    let call: ClientReadableStream<ReadMessage> | undefined;
    let canceled = false;
    const debugName = 'streamName' in target ? 'subscribeToStream' : 'subscribeToAll';
    known
      .execute<ReadClient, void>(ReadOnlyStreams, debugName, (streams) => {
        const [metadata, callOptions] = known.callArguments({}, { deadline: Infinity });
        const opened = streams.read(subscriptionRequest(target), metadata, callOptions);
        call = opened;
        if (canceled) opened.cancel();
        return follow(opened, handlers, () => canceled);
      })
      .catch((error: unknown) => {
        if (!canceled) handlers.failed(error instanceof Error ? convertToCommandError(error) : error);
      });
    return {
      cancel() {
        canceled = true;
        call?.cancel();
      },
    };
  };
}

/** Hands a subscription's responses to `handlers` until the call ends; its cancellation by
 * this side ends it quietly. */
function follow(
  call: ClientReadableStream<ReadMessage>,
  handlers: SubscriptionHandlers,
  canceled: () => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    call.on('data', (message: ReadMessage) => {
      if (canceled()) return;
      if (message.kind === 'event') handlers.event(message);
      else if (message.kind === 'caughtUp') handlers.caughtUp();
      else if (message.kind === 'checkpoint') handlers.checkpoint(message.commitPosition);
    });
    call.on('error', (error: Error) => (canceled() ? resolve() : reject(error)));
    call.on('end', () => resolve());
  });
}

/** Every response of one call, each event given to `take`; a missing stream is
 * StreamNotFoundError, any other failure the client's own error for it. */
function receive(
  call: ClientReadableStream<ReadMessage>,
  streamName: string,
  take: (event: PageEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve();
      else reject(error);
    };
    call.on('data', (message: ReadMessage) => {
      if (settled) return;
      if (message.kind === 'event') {
        try {
          take(message);
        } catch (error) {
          call.cancel();
          settle(error);
        }
      } else if (message.kind === 'streamNotFound') {
        call.cancel();
        settle(new StreamNotFoundError(streamName));
      }
    });
    call.on('error', (error: Error) => settle(convertToCommandError(error)));
    call.on('end', () => settle());
  });
}

const EMPTY = new sharedPb.Empty();

/** The stream options of a read or subscription of `streamName` from `from` (a revision: the
 * one to read from, or for a subscription the one after which it starts). */
function streamOptionsOf(streamName: string, from: bigint | 'start' | 'end') {
  const stream = new streamsPb.ReadReq.Options.StreamOptions();
  stream.setStreamIdentifier(streamIdentifierOf(streamName));
  if (from === 'start') stream.setStart(EMPTY);
  else if (from === 'end') stream.setEnd(EMPTY);
  else stream.setRevision(from.toString(10));
  return stream;
}

/** A ReadReq of `options`, with what every request of the adapter's carries: links not
 * resolved, event ids as text. */
function readRequestOf(options: InstanceType<typeof streamsPb.ReadReq.Options>) {
  options.setResolveLinks(false);
  const uuid = new streamsPb.ReadReq.Options.UUIDOption();
  uuid.setString(EMPTY);
  options.setUuidOption(uuid);
  const request = new streamsPb.ReadReq();
  request.setOptions(options);
  return request;
}

/** The ReadReq of a page of `streamName`, as the client's readStream writes it. */
function readRequest(streamName: string, { direction, fromRevision, maxCount }: PageRequest) {
  const options = new streamsPb.ReadReq.Options();
  options.setStream(streamOptionsOf(streamName, fromRevision));
  options.setCount(String(maxCount));
  options.setNoFilter(EMPTY);
  options.setReadDirection(
    direction === 'forwards'
      ? streamsPb.ReadReq.Options.ReadDirection.FORWARDS
      : streamsPb.ReadReq.Options.ReadDirection.BACKWARDS,
  );
  return readRequestOf(options);
}

/** The ReadReq of a catch-up subscription, as the client's subscribeToStream and
 * subscribeToAll write it. */
function subscriptionRequest(target: SubscriptionTarget) {
  const options = new streamsPb.ReadReq.Options();
  if ('streamName' in target) {
    options.setStream(streamOptionsOf(target.streamName, target.after ?? 'start'));
    options.setNoFilter(EMPTY);
  } else {
    const all = new streamsPb.ReadReq.Options.AllOptions();
    if (target.after === undefined) all.setStart(EMPTY);
    else {
      const position = new streamsPb.ReadReq.Options.Position();
      position.setCommitPosition(target.after.toString(10));
      position.setPreparePosition(target.after.toString(10));
      all.setPosition(position);
    }
    options.setAll(all);
    const prefixes = new streamsPb.ReadReq.Options.FilterOptions.Expression();
    prefixes.setPrefixList([target.prefix]);
    const filter = new streamsPb.ReadReq.Options.FilterOptions();
    filter.setStreamIdentifier(prefixes);
    filter.setMax(target.maxSearchWindow);
    filter.setCheckpointintervalmultiplier(target.checkpointInterval);
    options.setFilter(filter);
  }
  options.setSubscription(new streamsPb.ReadReq.Options.SubscriptionOptions());
  return readRequestOf(options);
}
