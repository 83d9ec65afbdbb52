import * as grpc from '@grpc/grpc-js';
import { createBot } from '../../../src/bot/create-bot';
import { RecordingChannel } from '../../../src/channels/test/recording-channel';
import { SandboxBank } from '../../../src/connectors/sandbox';
import { loadIntents } from '../../../src/engine/loader';
import { replyToPlainText } from '../../../src/engine/reply';
import { silentLogger } from '../../../src/logging/logger';
import { DialogflowNlu, structToJson, type DialogflowNluOptions } from '../../../src/nlu/dialogflow';
import { jsonToStruct, type JsonObject, type ProtoStruct } from '../../../src/nlu/dialogflow/struct';
import { startLocalDialogflow, type LocalDialogflow } from './local-dialogflow';

// google-auth must never probe the GCE metadata server: everything stays on loopback.
process.env.METADATA_SERVER_DETECTION = 'none';

const FAKE_KEY = {
  client_email: 'teller-test@teller-test.iam.gserviceaccount.com',
  private_key: 'not-a-key',
};

function result(displayName: string, parameters: JsonObject = {}, extra: Record<string, unknown> = {}) {
  return {
    responseId: 'resp-1',
    queryResult: {
      queryText: 'ignored',
      parameters: jsonToStruct(parameters),
      intent: { name: 'projects/teller-test/agent/intents/x', displayName, isFallback: false, ...extra },
      intentDetectionConfidence: 0.87,
      languageCode: 'en-gb',
    },
  };
}

let server: LocalDialogflow;
const clients: DialogflowNlu[] = [];

function nlu(extra: Partial<DialogflowNluOptions> = {}): DialogflowNlu {
  const n = new DialogflowNlu({
    projectId: 'teller-test',
    languageCode: 'en-GB',
    apiEndpoint: '127.0.0.1',
    port: server.port,
    sslCreds: grpc.credentials.createInsecure(),
    credentials: FAKE_KEY,
    universeDomain: 'googleapis.com',
    timeoutMs: 2000,
    ...extra,
  });
  clients.push(n);
  return n;
}

beforeAll(async () => {
  server = await startLocalDialogflow(() => result('balance'));
});
afterEach(() => {
  server.requests.length = 0;
  server.metadata.length = 0;
  server.respond = () => result('balance');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

describe('DialogflowNlu against a local Sessions server', () => {
  it('sends the text, language, time zone and session path, and maps the intent', async () => {
    const out = await nlu().parse("what's my balance", { timezone: 'Europe/London' });
    expect(out).toEqual({
      intent: 'balance',
      confidence: 0.87,
      ranking: [{ intent: 'balance', confidence: 0.87 }],
      entities: {},
      outOfScope: false,
    });
    const req = server.requests[0]!;
    expect(req.session).toMatch(/^projects\/teller-test\/agent\/sessions\/teller-[0-9a-f]{29}$/);
    expect(req.queryInput?.text).toEqual({ text: "what's my balance", languageCode: 'en-GB' });
    expect(req.queryParams?.timeZone).toBe('Europe/London');
    // Insecure channel credentials: no OAuth token was fetched or sent.
    expect(server.metadata[0]!.get('authorization')).toEqual([]);
    expect(server.metadata[0]!.get('x-goog-request-params')[0]).toContain('teller-test');
  });

  it('round-trips nested Struct values (lists, structs, null, bool) through gRPC', async () => {
    const params: JsonObject = {
      list: [1, 'two', { three: [true, null] }],
      nested: { a: { b: { c: 'deep' } }, empty: {} },
      flag: false,
      none: null,
      n: -0.5,
    };
    server.respond = () => result('balance', params);
    const [raw] = await nlu().client.detectIntent({
      session: 'projects/teller-test/agent/sessions/raw',
      queryInput: { text: { text: 'x', languageCode: 'en' } },
    });
    expect(structToJson(raw.queryResult?.parameters as ProtoStruct)).toEqual(params);
  });

  it('maps Dialogflow parameters onto Teller entities', async () => {
    server.respond = () =>
      result('spending', {
        'account-type': ['', 'savings'],
        category: 'Groceries',
        merchant: 'Tesco',
        'date-period': { startDate: '2026-02-01T00:00:00Z', endDate: '2026-02-28T23:59:59Z' },
        number: 5,
        'unit-currency': { amount: 12.5, currency: 'GBP' },
        location: { city: 'Manchester', 'zip-code': 'M1 1AE', country: '' },
      });
    const out = await nlu().parse('groceries at tesco in february', { timezone: 'Europe/London' });
    expect(out.entities).toEqual({
      accountType: 'savings',
      category: 'groceries',
      merchant: 'Tesco',
      dateRange: { from: '2026-02-01', to: '2026-02-28', text: '' },
      count: 5,
      amount: { amount: '12.50', currency: 'GBP' },
      place: 'M1 1AE, Manchester',
    });
  });

  it('reads a date period in the offset Dialogflow wrote (the user time zone we sent)', async () => {
    server.respond = () =>
      result('spending', {
        'date-period': { startDate: '2026-06-01T00:00:00+01:00', endDate: '2026-06-30T23:59:59+01:00' },
      });
    const out = await nlu().parse('spending in june', { timezone: 'Europe/London' });
    expect(out.entities.dateRange).toEqual({ from: '2026-06-01', to: '2026-06-30', text: '' });
  });

  it('treats a fallback intent as out of scope', async () => {
    server.respond = () => result('Default Fallback Intent', {}, { isFallback: true });
    const out = await nlu().parse('tell me a joke');
    expect(out).toMatchObject({ intent: null, outOfScope: true, ranking: [] });
  });

  it('treats no matched intent as out of scope', async () => {
    server.respond = () => ({ queryResult: { queryText: 'x', intentDetectionConfidence: 0 } });
    expect(await nlu().parse('??')).toMatchObject({ intent: null, outOfScope: true });
  });

  it('after train(), an intent Teller does not have is out of scope but stays in the ranking', async () => {
    server.respond = () => result('mortgage.rates');
    const n = nlu();
    await n.train([{ text: 'balance', intent: 'balance' }]);
    expect([...n.intentNames]).toEqual(['balance']);
    expect(await n.parse('mortgage rates')).toMatchObject({
      intent: null,
      outOfScope: true,
      ranking: [{ intent: 'mortgage.rates', confidence: 0.87 }],
    });
  });

  it('maps display names through intentMap', async () => {
    server.respond = () => result('Check Balance');
    expect((await nlu({ intentMap: { 'Check Balance': 'balance' } }).parse('bal')).intent).toBe('balance');
  });

  it.each([
    [grpc.status.INTERNAL, 'TELLER_ERR_NLU_UNAVAILABLE'],
    [grpc.status.PERMISSION_DENIED, 'TELLER_ERR_NLU_AUTH'],
    [grpc.status.UNAUTHENTICATED, 'TELLER_ERR_NLU_AUTH'],
    [grpc.status.NOT_FOUND, 'TELLER_ERR_NLU_REQUEST'],
    [grpc.status.INVALID_ARGUMENT, 'TELLER_ERR_NLU_REQUEST'],
  ])('maps gRPC status %s to %s', async (code, expected) => {
    server.respond = () => ({ error: { code, details: 'secret upstream detail' } });
    const err = await nlu()
      .parse('hi')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'DialogflowError', code: expected, grpcCode: code });
    expect((err as Error).message).not.toContain('secret upstream detail');
  });

  it('gives up on a server that stays UNAVAILABLE within timeoutMs', async () => {
    server.respond = () => ({ error: { code: grpc.status.UNAVAILABLE, details: 'down' } });
    const started = Date.now();
    await expect(nlu({ timeoutMs: 400 }).parse('hi')).rejects.toMatchObject({
      code: 'TELLER_ERR_NLU_UNAVAILABLE',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('reports a closed port as unavailable', async () => {
    const closed = await startLocalDialogflow(() => result('balance'));
    const port = closed.port;
    await closed.close();
    await expect(nlu({ port, timeoutMs: 300 }).parse('hi')).rejects.toMatchObject({
      code: 'TELLER_ERR_NLU_UNAVAILABLE',
    });
  });

  it('accepts insecure: true instead of sslCreds', async () => {
    const out = await nlu({ sslCreds: undefined, insecure: true }).parse('balance');
    expect(out.intent).toBe('balance');
  });

  it('hashes a session key, and builds regional and environment session paths', async () => {
    const a = nlu({ sessionPrefix: 'bank-', location: 'europe-west2', environment: 'live' });
    await a.parse('x', { sessionId: 'messenger:1234567890' });
    await a.parse('y', { sessionId: 'messenger:1234567890' });
    const [one, two] = server.requests.map((r) => r.session);
    expect(one).toBe(two);
    expect(one).toMatch(
      /^projects\/teller-test\/locations\/europe-west2\/agent\/environments\/live\/users\/-\/sessions\/bank-[0-9a-f]{31}$/,
    );
    expect(one).not.toContain('1234567890');
  });

  it('cuts queries to the 256 characters Dialogflow accepts', async () => {
    await nlu().parse('a'.repeat(300));
    expect(server.requests[0]!.queryInput?.text?.text).toHaveLength(256);
  });

  it('rejects bad options with a stable code', () => {
    expect(() => new DialogflowNlu({ projectId: '' })).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_NLU_BAD_OPTIONS' }),
    );
    expect(() => new DialogflowNlu({ projectId: 'teller-test', sessionPrefix: 'a/b' })).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_NLU_BAD_OPTIONS' }),
    );
  });

  it('drives the real engine: the Dialogflow intent runs Teller’s handler behind the link gate', async () => {
    server.respond = (req) =>
      req.queryInput?.text?.text === 'hello'
        ? result('greeting')
        : result('balance', { 'account-type': 'savings' });
    const bank = new SandboxBank({ now: () => new Date('2026-03-18T12:00:00Z') });
    const bot = createBot({
      name: 'df-bank',
      connector: bank,
      nlu: nlu(),
      intents: loadIntents(),
      publicUrl: 'http://teller.test',
      logger: silentLogger(),
      now: () => new Date('2026-03-18T12:00:00Z'),
    });
    await bot.init();
    const channel = new RecordingChannel(bot.engine);
    const user = channel.user('u1');
    expect(replyToPlainText((await user.say('hello'))[0]!)).toMatch(/^Hi! I'm Teller/);
    expect(replyToPlainText((await user.say('savings pls'))[0]!)).toMatch(/permission to read your accounts/);
    const url = await bot.linking.startUrl({ channel: 'test', userId: 'u1' }, bank.id);
    await bot.linking.approve(new URL(url).searchParams.get('t')!, 'cust_amelia');
    const answer = replyToPlainText((await user.say('savings pls'))[0]!);
    expect(answer).toMatch(/^Your balance:/);
    expect(answer).toMatch(/sav/i);
    expect(server.requests.at(-1)!.queryParams?.timeZone).toBe('Europe/London');
  });
});
