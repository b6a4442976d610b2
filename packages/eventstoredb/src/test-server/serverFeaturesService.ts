// ServerFeatures.GetSupportedMethods: the client asks it before its first append and uses the
// long-lived BatchAppend call only when the answer lists it.
import type { handleUnaryCall } from '@grpc/grpc-js';
import { type GrpcMethod, serverFeaturesGrpc, serverFeaturesPb, streamsGrpc } from '../generated.js';
import type { CallCounts } from './streamsService.js';

/** Calls itself a 23.10 node: every version since 21.10 advertises BatchAppend. */
export const TEST_SERVER_VERSION = '23.10.0-tally-test-server';

const supportedMethod = (method: GrpcMethod) => {
  // A path reads `/<package>.<Service>/<Method>`; the client compares it case-insensitively.
  const [, serviceName = '', methodName = ''] = method.path.split('/');
  return new serverFeaturesPb.SupportedMethod().setServiceName(serviceName).setMethodName(methodName);
};

export const makeGetSupportedMethods = (
  counts: CallCounts,
  options: { readonly batchAppend: boolean },
): handleUnaryCall<unknown, InstanceType<typeof serverFeaturesPb.SupportedMethods>> => {
  const streams = streamsGrpc.StreamsService;
  const methods = [
    streams.read,
    streams.append,
    ...(options.batchAppend ? [streams.batchAppend] : []),
    serverFeaturesGrpc.ServerFeaturesService.getSupportedMethods,
  ];
  return (_call, callback) => {
    counts.serverFeatures += 1;
    const answer = new serverFeaturesPb.SupportedMethods();
    answer.setEventStoreServerVersion(TEST_SERVER_VERSION);
    answer.setMethodsList(methods.map(supportedMethod));
    callback(null, answer);
  };
};
