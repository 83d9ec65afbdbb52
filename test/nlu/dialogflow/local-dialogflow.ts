import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * A local gRPC server for `google.cloud.dialogflow.v2.Sessions`, built from the .proto files that
 * ship with @google-cloud/dialogflow (the google/api, google/protobuf, google/rpc and google/type
 * imports come from its google-gax dependency, which ships them). Loopback only.
 */
const DIALOGFLOW_PROTOS = join(dirname(require.resolve('@google-cloud/dialogflow')), '..', 'protos');
const GAX_PROTOS = join(
  dirname(require.resolve('google-gax', { paths: [DIALOGFLOW_PROTOS] })),
  '..',
  'protos',
);

export interface DetectIntentRequest {
  session: string;
  queryInput?: { text?: { text: string; languageCode: string } };
  queryParams?: { timeZone?: string };
}

export type Responder = (
  req: DetectIntentRequest,
) => Record<string, unknown> | { error: { code: grpc.status; details: string } };

export interface LocalDialogflow {
  port: number;
  requests: DetectIntentRequest[];
  /** Metadata of each call (to check what, if anything, was sent as authorization). */
  metadata: grpc.Metadata[];
  respond: Responder;
  close(): Promise<void>;
}

type ServiceDef = { service: grpc.ServiceDefinition };

export async function startLocalDialogflow(respond: Responder): Promise<LocalDialogflow> {
  const def = protoLoader.loadSync('google/cloud/dialogflow/v2/session.proto', {
    includeDirs: [DIALOGFLOW_PROTOS, GAX_PROTOS],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    google: { cloud: { dialogflow: { v2: { Sessions: ServiceDef } } } };
  };
  const server = new grpc.Server();
  const state: LocalDialogflow = {
    port: 0,
    requests: [],
    metadata: [],
    respond,
    close: () =>
      new Promise((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
  const detectIntent: grpc.handleUnaryCall<DetectIntentRequest, unknown> = (call, callback) => {
    state.requests.push(call.request);
    state.metadata.push(call.metadata);
    const out = state.respond(call.request);
    if ('error' in out) {
      const e = out.error as { code: grpc.status; details: string };
      callback({ code: e.code, details: e.details, metadata: new grpc.Metadata() });
    } else callback(null, out);
  };
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: 'not in the local server' });
  server.addService(pkg.google.cloud.dialogflow.v2.Sessions.service, {
    DetectIntent: detectIntent,
    StreamingDetectIntent: unimplemented,
  });
  state.port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    ),
  );
  return state;
}
