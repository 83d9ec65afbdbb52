import { createHash, randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { v2 } from '@google-cloud/dialogflow';
import type { Nlu, NluResult, ParseContext, TrainingExample } from '../types';
import { dialogflowEntities } from './entities';
import { DialogflowError, toDialogflowError } from './errors';
import { structToJson, type ProtoStruct } from './struct';

type ClientOptions = NonNullable<ConstructorParameters<typeof v2.SessionsClient>[0]>;

export interface DialogflowNluOptions {
  /** The Google Cloud project that owns the Dialogflow ES agent. */
  projectId: string;
  /** A service account's key; or `keyFilename`; or neither for Application Default Credentials. */
  credentials?: { client_email: string; private_key: string };
  keyFilename?: string;
  /** Agent language; default `en`. */
  languageCode?: string;
  /** Regional agents (e.g. `europe-west2`): session paths become `projects/…/locations/<location>/…`. */
  location?: string;
  /** A published agent environment (`draft` when unset). */
  environment?: string;
  /** `dialogflow.googleapis.com` by default; a regional endpoint, or a local server for tests. */
  apiEndpoint?: string;
  port?: number;
  /** gRPC channel credentials; when set, no OAuth token is fetched (local/test servers). */
  sslCreds?: ClientOptions['sslCreds'];
  /** Shorthand for plain-text gRPC without tokens: loopback test servers only. */
  insecure?: boolean;
  /** Set with a local endpoint so google-auth never looks the universe up. */
  universeDomain?: string;
  /** Prefix of Dialogflow session ids; default `teller-`. */
  sessionPrefix?: string;
  /** Whole-call deadline including retries; default 5000 ms. */
  timeoutMs?: number;
  /** Dialogflow intent display names → Teller intent names, for agents built before Teller. */
  intentMap?: Record<string, string>;
  /** Use this client instead of building one (shared channels, custom auth). */
  client?: v2.SessionsClient;
}

/** ParseContext plus an optional stable conversation key (hashed before it leaves the process). */
export interface DialogflowParseContext extends ParseContext {
  sessionId?: string;
}

/** Dialogflow ES rejects text queries longer than this. */
const MAX_QUERY_CHARS = 256;
/** Dialogflow ES session ids are at most 36 characters. */
const MAX_SESSION_ID = 36;

/**
 * Teller's `Nlu` backed by a Dialogflow ES agent through `v2.SessionsClient.detectIntent`.
 *
 * - `train()` trains nothing: the agent is trained in the Dialogflow console or by importing
 *   `exportDialogflowAgent(...)`. It records Teller's intent names so that `parse()` reports an
 *   intent the agent knows but Teller does not as out of scope (with the name kept in `ranking`).
 * - Each `parse()` uses a fresh random session unless the context carries `sessionId`, which is
 *   SHA-256 hashed: Teller keeps conversation state itself, and no user id reaches Google.
 * - Errors are `DialogflowError`s with a stable `TELLER_ERR_NLU_*` code.
 */
export class DialogflowNlu implements Nlu {
  readonly client: v2.SessionsClient;
  private readonly o: DialogflowNluOptions;
  private readonly prefix: string;
  private known: Set<string> | undefined;

  constructor(options: DialogflowNluOptions) {
    if (!options.projectId || !/^[a-z][a-z0-9-]{2,62}$/i.test(options.projectId))
      throw new DialogflowError('TELLER_ERR_NLU_BAD_OPTIONS', 'projectId is missing or malformed');
    this.prefix = options.sessionPrefix ?? 'teller-';
    if (!/^[A-Za-z0-9_-]{0,20}$/.test(this.prefix))
      throw new DialogflowError('TELLER_ERR_NLU_BAD_OPTIONS', 'sessionPrefix: up to 20 of [A-Za-z0-9_-]');
    if (options.timeoutMs !== undefined && !(options.timeoutMs > 0))
      throw new DialogflowError('TELLER_ERR_NLU_BAD_OPTIONS', 'timeoutMs must be positive');
    this.o = options;
    this.client = options.client ?? new v2.SessionsClient(clientOptions(options));
  }

  /** Records the intent names; the agent itself is trained in Dialogflow. */
  async train(examples: TrainingExample[]): Promise<void> {
    this.known = new Set(examples.map((e) => e.intent));
  }

  /** The Teller intent names recorded by `train()`. */
  get intentNames(): ReadonlySet<string> {
    return this.known ?? new Set();
  }

  async parse(text: string, context: DialogflowParseContext = {}): Promise<NluResult> {
    const request = {
      session: this.sessionPath(context.sessionId),
      queryInput: {
        text: { text: Array.from(text).slice(0, MAX_QUERY_CHARS).join(''), languageCode: this.language },
      },
      ...(context.timezone ? { queryParams: { timeZone: context.timezone } } : {}),
    };
    let response;
    try {
      [response] = await this.client.detectIntent(request, { timeout: this.o.timeoutMs ?? 5000 });
    } catch (err) {
      throw toDialogflowError(err);
    }
    const result = response?.queryResult;
    if (!result)
      throw new DialogflowError('TELLER_ERR_NLU_BAD_RESPONSE', 'detectIntent returned no queryResult');
    // A proto float: round off the float32 noise (0.87 arrives as 0.8700000047683716).
    const raw = Number(result.intentDetectionConfidence ?? 0);
    const confidence = Number.isFinite(raw) ? Math.round(Math.min(1, Math.max(0, raw)) * 1e6) / 1e6 : 0;
    const params = structToJson(result.parameters as ProtoStruct | null | undefined);
    const entities = dialogflowEntities(params, { currency: context.currency });
    const shown = result.intent?.displayName ?? '';
    const name = this.o.intentMap?.[shown] ?? shown;
    if (!name || result.intent?.isFallback)
      return { intent: null, confidence, ranking: [], entities, outOfScope: true };
    const ranking = [{ intent: name, confidence }];
    if (this.known && !this.known.has(name))
      return { intent: null, confidence, ranking, entities, outOfScope: true };
    return { intent: name, confidence, ranking, entities, outOfScope: false };
  }

  /** Closes the gRPC channel. */
  close(): Promise<void> {
    return this.client.close();
  }

  private get language(): string {
    return this.o.languageCode ?? 'en';
  }

  private sessionPath(key: string | undefined): string {
    const room = MAX_SESSION_ID - this.prefix.length;
    const id =
      this.prefix +
      (key
        ? createHash('sha256').update(key).digest('hex').slice(0, room)
        : randomBytes(room).toString('hex').slice(0, room));
    const { projectId: p, location: l, environment: e } = this.o;
    if (l && e) return this.client.projectLocationAgentEnvironmentUserSessionPath(p, l, e, '-', id);
    if (l) return this.client.projectLocationAgentSessionPath(p, l, id);
    if (e) return this.client.projectAgentEnvironmentUserSessionPath(p, e, '-', id);
    return this.client.projectAgentSessionPath(p, id);
  }
}

function clientOptions(o: DialogflowNluOptions): ClientOptions {
  const opts: ClientOptions = { projectId: o.projectId };
  if (o.credentials) opts.credentials = o.credentials;
  if (o.keyFilename) opts.keyFilename = o.keyFilename;
  if (o.apiEndpoint) opts.apiEndpoint = o.apiEndpoint;
  if (o.port) opts.port = o.port;
  if (o.universeDomain) opts.universeDomain = o.universeDomain;
  if (o.sslCreds) opts.sslCreds = o.sslCreds;
  else if (o.insecure) opts.sslCreds = gaxGrpc().credentials.createInsecure();
  return opts;
}

type GrpcModule = { credentials: { createInsecure(): NonNullable<ClientOptions['sslCreds']> } };

/** The @grpc/grpc-js the client library itself uses (credentials must come from the same copy). */
function gaxGrpc(): GrpcModule {
  const base = dirname(require.resolve('@google-cloud/dialogflow'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(require.resolve('google-gax', { paths: [base] })) as { grpc: GrpcModule }).grpc;
}
