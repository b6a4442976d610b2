// The client's own generated protobuf classes and gRPC service definitions. They are loaded
// through the client package (never a second copy of google-protobuf): the serializers check
// `instanceof`, so the server must build its answers from the very classes the client decodes with.
import { createRequire } from 'node:module';
import type * as ServerFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb.js';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';

const fromHere = createRequire(import.meta.url);
const fromClient = createRequire(fromHere.resolve('@eventstore/db-client/package.json'));

export const streamsPb = fromClient('./generated/streams_pb.js') as typeof StreamsPb;
export const streamsGrpc = fromClient('./generated/streams_grpc_pb.js') as typeof StreamsGrpc;
export const sharedPb = fromClient('./generated/shared_pb.js') as typeof SharedPb;
export const statusPb = fromClient('./generated/status_pb.js') as typeof StatusPb;
export const serverFeaturesPb = fromClient('./generated/serverfeatures_pb.js') as typeof ServerFeaturesPb;
export const serverFeaturesGrpc = fromClient(
  './generated/serverfeatures_grpc_pb.js',
) as typeof ServerFeaturesGrpc;

// google-protobuf's well-known types are not a dependency of ours, so their types are taken from
// the generated classes that use them.
type ProtobufAny = NonNullable<ReturnType<StatusPb.Status['getDetails']>>;
type ProtobufEmpty = NonNullable<Parameters<StreamsPb.BatchAppendResp['setNoStream']>[0]>;
export const ProtobufAny = (
  fromClient('google-protobuf/google/protobuf/any_pb.js') as { Any: new () => ProtobufAny }
).Any;
export const ProtobufEmpty = (
  fromClient('google-protobuf/google/protobuf/empty_pb.js') as { Empty: new () => ProtobufEmpty }
).Empty;

/** `google.rpc.Code.FAILED_PRECONDITION`: how a batch append reports a wrong expected version. */
export const RPC_FAILED_PRECONDITION = 9;
/** `google.rpc.Code.INVALID_ARGUMENT`. */
export const RPC_INVALID_ARGUMENT = 3;

export type ReadReq = StreamsPb.ReadReq;
export type ReadResp = StreamsPb.ReadResp;
export type AppendReq = StreamsPb.AppendReq;
export type AppendResp = StreamsPb.AppendResp;
export type BatchAppendReq = StreamsPb.BatchAppendReq;
export type BatchAppendResp = StreamsPb.BatchAppendResp;
export type GrpcUuid = SharedPb.UUID;
export type StreamIdentifier = SharedPb.StreamIdentifier;

/** The StreamIdentifier message of a stream name (its UTF-8 bytes). */
export const streamIdentifierOf = (streamName: string): StreamIdentifier =>
  new sharedPb.StreamIdentifier().setStreamName(new TextEncoder().encode(streamName));
/** A method of a generated service definition; only its path is read here. */
export interface GrpcMethod {
  readonly path: string;
}
