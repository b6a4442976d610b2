// Appends through EventStoreDB's Streams.BatchAppend on the client's own connection: the call
// is opened, kept and reopened after an error by the client (its `GRPCStreamCreator`, as its
// own appendToStream does), the requests are written as bytes by batchAppendWire.ts, and each
// answer is matched to its append by correlation id (docs/eventstoredb.md, "How the adapter
// appends"). A node without BatchAppend (before 21.10) gets the client's own appendToStream.
import { randomUUID } from 'node:crypto';
import { convertToCommandError, type EventStoreDBClient } from '@eventstore/db-client';
import {
  type CallOptions,
  type ClientDuplexStream,
  type Metadata,
  type MethodDefinition,
  makeGenericClientConstructor,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { batchAppendRequests, type ProposedEvent, type WireExpectedRevision } from './batchAppendWire.js';
import { clientInternals } from './clientInternals.js';
import { type BatchAppendResp, sharedPb, streamsGrpc } from './generated.js';
import { uuidTextOf } from './grpcUuid.js';

export type AppendOutcome =
  | { readonly kind: 'written'; readonly nextExpectedRevision: bigint }
  | { readonly kind: 'wrongExpectedRevision'; readonly actual: bigint | 'no_stream' };

/** Appends `events` to `streamName` expecting `expected`; undefined when the node has no
 * BatchAppend (then the caller appends with the client). */
export type BatchAppend = (
  streamName: string,
  events: readonly ProposedEvent[],
  expected: WireExpectedRevision,
) => Promise<AppendOutcome | undefined>;

/** The client's batch append splits a request past this many bytes of events; so does this. */
const MAX_BATCH_BYTES = 3 * 1024 * 1024;
const WRONG_EXPECTED_VERSION = 'event_store.client.WrongExpectedVersion';

type AppendCall = ClientDuplexStream<Buffer, BatchAppendResp>;

interface AppendClient {
  batchAppend(metadata: Metadata, options: CallOptions): AppendCall;
}

const { batchAppend } = streamsGrpc.StreamsService as unknown as ServiceDefinition as {
  batchAppend: MethodDefinition<unknown, unknown>;
};
/** The generated Streams.BatchAppend, its requests written as bytes already. */
const BytesAppendStreams = makeGenericClientConstructor(
  { batchAppend: { ...batchAppend, requestSerialize: (bytes: Buffer) => bytes } },
  'Streams',
);

export interface Pending {
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
}

/** The batch appender of `client`. Throws at once if the client lacks what it needs. */
export function batchAppenderOf(client: EventStoreDBClient): BatchAppend {
  const known = clientInternals(client);
  const pending = new Map<string, Pending>();
  const calls = new WeakMap<object, Promise<AppendCall>>();
  const openCall = known.GRPCStreamCreator<AppendClient, AppendCall>(
    BytesAppendStreams,
    'appendToStream',
    (streams) => {
      const [metadata, options] = known.callArguments({}, { deadline: Infinity });
      const failAll = (error: unknown) => {
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
      };
      return streams
        .batchAppend(metadata, options)
        .on('data', (response: BatchAppendResp) => settleAppend(pending, response))
        .on('error', (error: Error) => failAll(convertToCommandError(error)))
        .on('end', () => failAll(new Error('the server ended the BatchAppend call')));
    },
    calls,
  );
  let writes: Promise<void> = Promise.resolve();
  /** Writes one append's requests after those already queued, waiting out a full buffer; one
   * that fails fails its own append, not the ones queued after it. */
  const writeInTurn = (call: AppendCall, requests: readonly Buffer[]): Promise<void> => {
    const turn = writes.then(async () => {
      for (const request of requests) {
        if (!call.writable) throw new Error('the BatchAppend call is closed');
        if (!call.write(request)) await new Promise((resolve) => call.once('drain', resolve));
      }
    });
    writes = turn.catch(() => {});
    return turn;
  };

  return async (streamName, events, expected) => {
    if (!(await known.supports(batchAppend))) return undefined;
    const correlationId = randomUUID();
    const requests = batchAppendRequests(
      { correlationId, streamName, expected, deadlineMs: known.createDeadline().getTime() },
      events,
      MAX_BATCH_BYTES,
    );
    const call = await openCall();
    const outcome = new Promise<AppendOutcome>((resolve, reject) =>
      pending.set(correlationId, { resolve, reject }),
    );
    await writeInTurn(call, requests).catch((error: unknown) => {
      pending.get(correlationId)?.reject(error);
      pending.delete(correlationId);
    });
    return outcome;
  };
}

/** Settles the append an answer is for (exported for its tests). */
export function settleAppend(pending: Map<string, Pending>, response: BatchAppendResp): void {
  const correlation = response.getCorrelationId();
  const id = correlation === undefined ? '' : uuidTextOf(correlation);
  const waiting = pending.get(id);
  if (waiting === undefined) return;
  pending.delete(id);
  if (response.hasSuccess()) {
    const success = response.getSuccess();
    const revision = success?.hasCurrentRevision() ? BigInt(success.getCurrentRevision()) : -1n;
    waiting.resolve({ kind: 'written', nextExpectedRevision: revision });
    return;
  }
  const status = response.getError();
  const details = status?.getDetails();
  if (details?.getTypeName() === WRONG_EXPECTED_VERSION) {
    const wrong = sharedPb.WrongExpectedVersion.deserializeBinary(details.getValue_asU8());
    const actual = wrong.hasCurrentStreamRevision() ? BigInt(wrong.getCurrentStreamRevision()) : 'no_stream';
    waiting.resolve({ kind: 'wrongExpectedRevision', actual });
    return;
  }
  const what = details?.getTypeName().replace('event_store.client.', '') ?? 'error';
  waiting.reject(
    new Error(`the server refused the append (${what}): ${status?.getMessage() ?? 'no reason given'}`),
  );
}
