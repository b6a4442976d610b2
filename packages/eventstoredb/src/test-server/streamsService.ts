// The Streams service of the test server: Read (stream reads only), Append (unary) and
// BatchAppend, answering in the message shapes a real EventStoreDB node sends.
import {
  type handleBidiStreamingCall,
  type handleClientStreamingCall,
  type handleServerStreamingCall,
  Metadata,
  type ServerErrorResponse,
  type ServerWritableStream,
  status,
} from '@grpc/grpc-js';
import {
  type AppendReq,
  type AppendResp,
  type BatchAppendReq,
  type BatchAppendResp,
  ProtobufAny,
  ProtobufEmpty,
  type ReadReq,
  type ReadResp,
  RPC_FAILED_PRECONDITION,
  RPC_INVALID_ARGUMENT,
  type StreamIdentifier,
  sharedPb,
  statusPb,
  streamIdentifierOf,
  streamsGrpc,
  streamsPb,
} from '../generated.js';
import { InvalidUuidError, uuidFromMessage, uuidToMessage } from '../grpcUuid.js';
import { readEventBytes } from './readEventWire.js';
import type {
  AppendOutcome,
  ProposedEvent,
  ReadRequest,
  StoredEvent,
  StreamLog,
  WireExpectation,
} from './streamLog.js';
import { createSubscriptionRegistry, type SubscriptionRegistry, serveSubscription } from './subscriptions.js';

/** How many calls of each kind the server has answered: lets tests see which path a client took. */
export interface CallCounts {
  read: number;
  append: number;
  batchAppend: number;
  serverFeatures: number;
}

/** What a Read call writes: a message, or the bytes of one already encoded (readEventWire.ts). */
export type ReadOut = ReadResp | Uint8Array;

export interface StreamsHandlers {
  read: handleServerStreamingCall<ReadReq, ReadOut>;
  append: handleClientStreamingCall<AppendReq, AppendResp>;
  batchAppend?: handleBidiStreamingCall<BatchAppendReq, BatchAppendResp>;
}

const WRONG_EXPECTED_VERSION_TYPE = 'event_store.client.WrongExpectedVersion';
const BAD_REQUEST_TYPE = 'event_store.client.BadRequest';
const utf8 = new TextDecoder();

export class BadRequestError extends Error {}

export const serviceError = (code: status, details: string): ServerErrorResponse => ({
  name: 'TestServerError',
  message: details,
  code,
  details,
  metadata: new Metadata(),
});

const streamNameOf = (identifier: StreamIdentifier | undefined): string => {
  if (!identifier) throw new BadRequestError('the request names no stream');
  return utf8.decode(identifier.getStreamName_asU8());
};

interface ProposedMessage {
  getId(): InstanceType<typeof sharedPb.UUID> | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

const toProposedEvent = (message: ProposedMessage): ProposedEvent => {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (!type || !contentType) {
    throw new BadRequestError('a proposed event lacks the required "type" or "content-type"');
  }
  return {
    id: uuidFromMessage(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
};

const describeFailure = (error: unknown): string =>
  error instanceof BadRequestError || error instanceof InvalidUuidError
    ? error.message
    : `unexpected failure: ${String(error)}`;

// ---- Read -------------------------------------------------------------------------------------

const readRequestOf = (
  request: ReadReq,
): { streamName: string; read: ReadRequest; uuid: 'string' | 'structured' } => {
  const options = request.getOptions();
  const stream = options?.getStream();
  if (!options || !stream) throw new BadRequestError('only stream reads are supported ($all is not)');
  if (options.hasSubscription()) throw new BadRequestError('subscriptions are not supported');
  const revisionCase = stream.getRevisionOptionCase();
  const cases = streamsPb.ReadReq.Options.StreamOptions.RevisionOptionCase;
  const from =
    revisionCase === cases.START
      ? 'start'
      : revisionCase === cases.END
        ? 'end'
        : BigInt(stream.getRevision());
  const direction =
    options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS
      ? 'backwards'
      : 'forwards';
  const requested = BigInt(options.getCount());
  const count = Number(requested > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : requested);
  const uuid =
    options.getUuidOption()?.getContentCase() === streamsPb.ReadReq.Options.UUIDOption.ContentCase.STRUCTURED
      ? 'structured'
      : 'string';
  return { streamName: streamNameOf(stream.getStreamIdentifier()), read: { from, direction, count }, uuid };
};

/** The message a node sends for `event` in a read, through the generated classes: what the bytes
 * of readEventWire.ts are checked against (the server itself sends those bytes). */
export const readResponseOf = (event: StoredEvent, uuid: 'string' | 'structured'): ReadResp => {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(uuidToMessage(event.id, uuid));
  recorded.setStreamIdentifier(streamIdentifierOf(event.streamName));
  recorded.setStreamRevision(event.revision.toString(10));
  recorded.setPreparePosition(event.position.toString(10));
  recorded.setCommitPosition(event.position.toString(10));
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.createdTicks.toString(10));
  recorded.setCustomMetadata(event.customMetadata);
  recorded.setData(event.data);
  const readEvent = new streamsPb.ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  readEvent.setCommitPosition(event.position.toString(10));
  return new streamsPb.ReadResp().setEvent(readEvent);
};

/** The Streams service as the client's generated definition has it, except that Read's responses
 * may be bytes already encoded, written as they are. */
const originalReadSerialize = streamsGrpc.StreamsService.read.responseSerialize;
export const streamsServiceDefinition = {
  ...streamsGrpc.StreamsService,
  read: {
    ...streamsGrpc.StreamsService.read,
    responseSerialize: (value: ReadOut): Buffer =>
      value instanceof Uint8Array
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        : originalReadSerialize(value),
  },
};

/** Resolves when the call can take more, or when the client went away. */
export const writeWithBackpressure = async (
  call: ServerWritableStream<ReadReq, ReadOut>,
  message: ReadOut,
): Promise<void> => {
  if (call.write(message)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
  });
};

const makeRead =
  (
    log: StreamLog,
    counts: CallCounts,
    subscriptions: SubscriptionRegistry,
  ): handleServerStreamingCall<ReadReq, ReadOut> =>
  async (call) => {
    counts.read += 1;
    if (call.request.getOptions()?.hasSubscription() === true) {
      // Catch-up subscriptions: subscriptions.ts.
      await serveSubscription(log, call, subscriptions).catch((error: unknown) => {
        call.emit('error', serviceError(status.INVALID_ARGUMENT, describeFailure(error)));
      });
      return;
    }
    let parsed: ReturnType<typeof readRequestOf>;
    try {
      parsed = readRequestOf(call.request);
    } catch (error) {
      call.emit('error', serviceError(status.UNIMPLEMENTED, describeFailure(error)));
      return;
    }
    const page = log.read(parsed.streamName, parsed.read);
    if (page === undefined) {
      const notFound = new streamsPb.ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(streamIdentifierOf(parsed.streamName));
      call.write(new streamsPb.ReadResp().setStreamNotFound(notFound));
      call.end();
      return;
    }
    for (const event of page) {
      if (call.cancelled) return;
      await writeWithBackpressure(call, readEventBytes(event, parsed.uuid));
    }
    if (!call.cancelled) call.end();
  };

// ---- Append (unary) ---------------------------------------------------------------------------

const appendExpectationOf = (options: InstanceType<typeof streamsPb.AppendReq.Options>): WireExpectation => {
  const cases = streamsPb.AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case cases.REVISION:
      return BigInt(options.getRevision());
    case cases.NO_STREAM:
      return 'no_stream';
    case cases.STREAM_EXISTS:
      return 'stream_exists';
    default:
      return 'any';
  }
};

const appendResponseOf = (outcome: AppendOutcome, expected: WireExpectation): AppendResp => {
  const response = new streamsPb.AppendResp();
  if (outcome.kind === 'success') {
    const success = new streamsPb.AppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(new sharedPb.Empty());
    else success.setCurrentRevision(outcome.currentRevision.toString(10));
    if (outcome.position === undefined) success.setNoPosition(new sharedPb.Empty());
    else {
      const position = new streamsPb.AppendResp.Position();
      position.setCommitPosition(outcome.position.toString(10));
      position.setPreparePosition(outcome.position.toString(10));
      success.setPosition(position);
    }
    return response.setSuccess(success);
  }
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
  else wrong.setCurrentRevision(outcome.currentRevision.toString(10));
  if (typeof expected === 'bigint') wrong.setExpectedRevision(expected.toString(10));
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
  else wrong.setExpectedAny(new sharedPb.Empty());
  return response.setWrongExpectedVersion(wrong);
};

const makeAppend =
  (log: StreamLog, counts: CallCounts): handleClientStreamingCall<AppendReq, AppendResp> =>
  (call, callback) => {
    counts.append += 1;
    let options: InstanceType<typeof streamsPb.AppendReq.Options> | undefined;
    const events: ProposedEvent[] = [];
    let failure: unknown;
    call.on('data', (request: AppendReq) => {
      try {
        const requestOptions = request.getOptions();
        const proposed = request.getProposedMessage();
        if (requestOptions) options = requestOptions;
        else if (proposed) events.push(toProposedEvent(proposed));
      } catch (error) {
        failure ??= error;
      }
    });
    call.on('error', () => {
      // The client cancelled: nothing to answer.
    });
    call.on('end', () => {
      try {
        if (failure !== undefined) throw failure;
        if (!options) throw new BadRequestError('the append sent no options');
        const expected = appendExpectationOf(options);
        const outcome = log.append(streamNameOf(options.getStreamIdentifier()), expected, events);
        callback(null, appendResponseOf(outcome, expected));
      } catch (error) {
        callback(serviceError(status.INVALID_ARGUMENT, describeFailure(error)));
      }
    });
  };

// ---- BatchAppend ------------------------------------------------------------------------------

type BatchOptions = InstanceType<typeof streamsPb.BatchAppendReq.Options>;

const batchExpectationOf = (options: BatchOptions): WireExpectation => {
  const cases = streamsPb.BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case cases.STREAM_POSITION:
      return BigInt(options.getStreamPosition());
    case cases.NO_STREAM:
      return 'no_stream';
    case cases.STREAM_EXISTS:
      return 'stream_exists';
    default:
      return 'any';
  }
};

const rpcStatus = (code: number, message: string, detailsType: string, details: Uint8Array) => {
  const packed = new ProtobufAny();
  packed.pack(details, detailsType);
  return new statusPb.Status().setCode(code).setMessage(message).setDetails(packed);
};

/** The BatchAppendResp of an append (exported for the adapter's tests). */
export const batchResponseOf = (
  correlationId: InstanceType<typeof sharedPb.UUID>,
  streamName: string,
  expected: WireExpectation,
  result: AppendOutcome | { readonly kind: 'bad-request'; readonly message: string },
): BatchAppendResp => {
  const response = new streamsPb.BatchAppendResp();
  response.setCorrelationId(correlationId);
  response.setStreamIdentifier(streamIdentifierOf(streamName));
  if (typeof expected === 'bigint') response.setStreamPosition(expected.toString(10));
  else if (expected === 'no_stream') response.setNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') response.setStreamExists(new ProtobufEmpty());
  else response.setAny(new ProtobufEmpty());

  if (result.kind === 'success') {
    const success = new streamsPb.BatchAppendResp.Success();
    if (result.currentRevision === undefined) success.setNoStream(new ProtobufEmpty());
    else success.setCurrentRevision(result.currentRevision.toString(10));
    if (result.position === undefined) success.setNoPosition(new ProtobufEmpty());
    else {
      const position = new sharedPb.AllStreamPosition();
      position.setCommitPosition(result.position.toString(10));
      position.setPreparePosition(result.position.toString(10));
      success.setPosition(position);
    }
    return response.setSuccess(success);
  }
  if (result.kind === 'bad-request') {
    const details = new sharedPb.BadRequest().setMessage(result.message);
    return response.setError(
      rpcStatus(RPC_INVALID_ARGUMENT, result.message, BAD_REQUEST_TYPE, details.serializeBinary()),
    );
  }
  const wrong = new sharedPb.WrongExpectedVersion();
  if (result.currentRevision === undefined) wrong.setCurrentNoStream(new ProtobufEmpty());
  else wrong.setCurrentStreamRevision(result.currentRevision.toString(10));
  if (typeof expected === 'bigint') wrong.setExpectedStreamPosition(expected.toString(10));
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new ProtobufEmpty());
  else wrong.setExpectedAny(new ProtobufEmpty());
  return response.setError(
    rpcStatus(
      RPC_FAILED_PRECONDITION,
      `wrong expected version for ${streamName}`,
      WRONG_EXPECTED_VERSION_TYPE,
      wrong.serializeBinary(),
    ),
  );
};

interface PendingBatch {
  options: BatchOptions | undefined;
  readonly events: ProposedEvent[];
  failure: unknown;
}

const makeBatchAppend =
  (log: StreamLog, counts: CallCounts): handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> =>
  (call) => {
    counts.batchAppend += 1;
    // One long-lived call carries many appends, told apart by their correlation ids; an append
    // may arrive in several chunks, the last one marked final.
    const pending = new Map<string, PendingBatch>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = request.getCorrelationId();
      if (!correlationId) return;
      const key = uuidFromMessage(correlationId);
      const batch = pending.get(key) ?? { options: undefined, events: [], failure: undefined };
      pending.set(key, batch);
      try {
        batch.options = request.getOptions() ?? batch.options;
        for (const message of request.getProposedMessagesList()) {
          batch.events.push(toProposedEvent(message));
        }
      } catch (error) {
        batch.failure ??= error;
      }
      if (!request.getIsFinal()) return;
      pending.delete(key);
      const { options } = batch;
      if (!options) return;
      const streamName = streamNameOf(options.getStreamIdentifier());
      const expected = batchExpectationOf(options);
      const result =
        batch.failure === undefined
          ? log.append(streamName, expected, batch.events)
          : ({ kind: 'bad-request', message: describeFailure(batch.failure) } as const);
      call.write(batchResponseOf(correlationId, streamName, expected, result));
    });
    call.on('error', () => {
      // The client cancelled the stream (it does so when disposed).
    });
    call.on('end', () => call.end());
  };

export const makeStreamsHandlers = (
  log: StreamLog,
  counts: CallCounts,
  options: { readonly batchAppend: boolean },
  subscriptions: SubscriptionRegistry = createSubscriptionRegistry(),
): StreamsHandlers => ({
  read: makeRead(log, counts, subscriptions),
  append: makeAppend(log, counts),
  ...(options.batchAppend ? { batchAppend: makeBatchAppend(log, counts) } : {}),
});
