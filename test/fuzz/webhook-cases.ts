import { createHmac } from 'node:crypto';
import fc from 'fast-check';

/**
 * Generators for the webhook fuzz suite: one `WebhookCase` is one POST to /webhooks/messenger.
 *
 * `signed` says whether the request carries Meta's exact signature of the exact bytes sent. Every
 * unsigned case's MAC is wrong somehow (missing, another secret, another body, other algorithm,
 * wrong length, not hex…), so whatever its format the server must refuse it. Unsigned batches come
 * from PSIDs starting with `u`, signed ones from PSIDs starting with `s`: a Send API call to
 * anyone but an `s…` user is a reply to an unsigned body.
 */
export interface WebhookCase {
  kind: string;
  signed: boolean;
  body: Buffer;
  /** Header values as they go on the wire (latin1; non-ASCII text is sent as its UTF-8 bytes). */
  headers: Record<string, string | string[]>;
  /** Send the body in pieces without Content-Length (chunked). */
  chunked: boolean;
}

export const hmac256 = (secret: string, body: Buffer): string =>
  createHmac('sha256', secret).update(body).digest('hex');

/**
 * A string as its UTF-8 bytes read as latin1 (what a non-ASCII header value is on the wire),
 * without the control characters no HTTP client sends (the server's parser refuses them first).
 */
const wire = (s: string): string =>
  Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

const hex = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: min, maxLength: max });

/** A header carrying no valid signature of `body` under `secret`, in many shapes. */
export function badSignature(secret: string, body: Buffer): fc.Arbitrary<string | string[] | undefined> {
  const right = hmac256(secret, body);
  const flip = (h: string, i: number) => h.slice(0, i) + (h[i] === '0' ? '1' : '0') + h.slice(i + 1);
  return fc.oneof(
    fc.constant(undefined),
    fc.constant(''),
    hex(64, 64)
      .filter((h) => h !== right)
      .map((h) => `sha256=${h}`),
    fc.nat(63).map((i) => `sha256=${flip(right, i)}`),
    fc.nat(63).map((i) => `sha256=${flip(right, i).toUpperCase()}`),
    fc.constant(`sha256=${hmac256(`${secret}x`, body)}`),
    fc.constant(`sha256=${hmac256(secret, Buffer.concat([body, Buffer.from(' ')]))}`),
    fc.constant(`sha1=${createHmac('sha1', secret).update(body).digest('hex')}`),
    fc.constant(`sha1=${right}`),
    fc.integer({ min: 1, max: 63 }).map((n) => `sha256=${right.slice(0, n)}`),
    hex(1, 8).map((extra) => `sha256=${right}${extra}`),
    fc.constant(`sha256=${right.slice(0, 62)}`),
    fc.constant(`${right}`),
    fc.constant(`sha256:${right}`),
    fc.constant(`sha256 =${right}`),
    fc.constant(`sha512=${right}${right}`),
    fc
      .tuple(fc.nat(63), fc.constantFrom('é', '０', 'ß', '\u202e', '💳', 'Ａ'))
      .map(([i, c]) => wire(`sha256=${right.slice(0, i)}${c}${right.slice(i + 1)}`)),
    fc.string({ unit: 'binary', maxLength: 80 }).map(wire),
    fc.string({ maxLength: 80 }).map(wire),
    fc.constant<string[]>([`sha256=${right}`, `sha256=${right}`]),
    fc.constant<string[]>([`sha256=${right}`, 'sha256=junk']),
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json; charset=utf-16',
  '',
  '*/*',
];
const contentType = fc.oneof(
  fc.constantFrom(...CONTENT_TYPES),
  fc.string({ maxLength: 40 }).map(wire),
  fc.constant(undefined),
);

export const psid = (prefix: 'u' | 's') =>
  fc.bigInt({ min: 10n ** 14n, max: 10n ** 16n }).map((n) => `${prefix}${n}`);

/** Object keys for junk: never one that could name a sender (`sender`, `id`). */
const key = fc.string({ maxLength: 8 }).filter((k) => !['id', 'sender', 'recipient'].includes(k));

/** Values a sloppy or hostile sender might put where Meta puts strings. */
const junk = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(key, fc.integer(), { maxKeys: 3 }),
);

/** One `messaging[]` item, Messenger-shaped, from `sender` (with odd values mixed in). */
function messagingItem(sender: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const text = fc.oneof(
    fc.constantFrom('hi', "what's my balance", 'transactions', 'help', '4111 1111 1111 1111', ''),
    fc.string({ maxLength: 120 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    junk,
  );
  const body = fc.oneof(
    fc.record({ message: fc.record({ mid: fc.oneof(fc.uuid(), junk), text }, { requiredKeys: [] }) }),
    fc.record({
      postback: fc.record(
        { payload: fc.oneof(fc.string({ maxLength: 60 }), junk), title: junk },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      message: fc.record({
        mid: fc.uuid(),
        quick_reply: fc.record({ payload: fc.oneof(fc.string({ maxLength: 60 }), junk) }),
        text,
      }),
    }),
    fc.record({ message: fc.record({ mid: fc.uuid(), is_echo: fc.constant(true), text }) }),
    fc.record({
      message: fc.record({ mid: fc.uuid(), attachments: fc.array(fc.anything(), { maxLength: 2 }) }),
    }),
    fc.record({ read: fc.record({ watermark: junk }) }),
    fc.record({ delivery: fc.record({ mids: fc.array(junk, { maxLength: 2 }) }) }),
    fc.record({
      account_linking: fc.record({ status: junk, authorization_code: junk }, { requiredKeys: [] }),
    }),
    fc.record({
      pass_thread_control: fc.record({ new_owner_app_id: junk, metadata: junk }, { requiredKeys: [] }),
    }),
    fc.dictionary(key, fc.anything({ maxDepth: 2, key }), { maxKeys: 3 }),
  );
  return fc
    .tuple(
      fc.record(
        {
          sender: fc.oneof(
            { weight: 6, arbitrary: sender.map((id) => ({ id })) },
            { weight: 1, arbitrary: junk },
          ),
          recipient: fc.oneof(fc.constant({ id: '1000000001' }), junk),
          timestamp: fc.oneof(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }), junk),
        },
        { requiredKeys: [] },
      ),
      body,
    )
    .map(([head, rest]) => ({ ...head, ...rest }));
}

/** A Messenger batch: `{object, entry: [{id, time, messaging|standby}]}`, sometimes bent. */
export function batch(sender: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const items = fc.array(messagingItem(sender), { maxLength: 4 });
  const entry = fc.record(
    {
      id: fc.oneof(fc.constant('1000000001'), junk),
      time: fc.oneof(fc.integer({ min: 0 }), junk),
      messaging: fc.oneof({ weight: 5, arbitrary: items }, { weight: 1, arbitrary: junk }),
      standby: fc.oneof(items, junk),
    },
    { requiredKeys: ['messaging'] },
  );
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        object: fc.oneof({ weight: 5, arbitrary: fc.constant('page') }, { weight: 1, arbitrary: junk }),
        entry: fc.array(entry, { maxLength: 3 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ object: fc.constant('page'), entry: junk }) },
    { weight: 1, arbitrary: fc.array(entry, { maxLength: 2 }) },
  );
}

/** Nesting `depth` levels deep, closed or cut off. */
const nested = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":', '{"entry":['), fc.boolean())
  .map(([depth, open, closed]) => {
    const close = open === '[' ? ']' : open === '{"a":' ? '}' : ']}';
    const s = open.repeat(depth) + (closed ? '1' + close.repeat(depth) : '');
    return Buffer.from(s);
  });

/** Bodies that are not Messenger batches: bytes, JSON scraps, nesting, text. */
export function junkBody(limit: number): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
    fc.json({ maxDepth: 4 }).map((s) => Buffer.from(s)),
    fc
      .tuple(fc.json({ maxDepth: 4 }), fc.nat())
      .map(([s, n]) => Buffer.from(s.slice(0, s.length ? n % s.length : 0))),
    nested,
    fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => Buffer.from(s)),
    fc
      .constantFrom('', 'null', '{}', '[]', '"page"', '{"object":"page"}', '{"object":"page","entry":{}}')
      .map((s) => Buffer.from(s)),
    // Over the limit: the server must answer 413 without reading it all into a parse.
    fc.integer({ min: limit + 1, max: limit * 3 }).map((n) => Buffer.alloc(n, '{"a":[')),
  );
}

export function withBatchBytes(b: fc.Arbitrary<unknown>, limit: number): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 6, arbitrary: b.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    // Cut short: signed or not, half a batch is no batch.
    {
      weight: 1,
      arbitrary: fc.tuple(b, fc.nat()).map(([v, n]) => {
        const s = JSON.stringify(v) ?? '';
        return Buffer.from(s.slice(0, s.length ? n % s.length : 0));
      }),
    },
    // A valid batch padded past the limit.
    { weight: 1, arbitrary: b.map((v) => Buffer.from(JSON.stringify({ pad: 'x'.repeat(limit), v }))) },
  );
}

function request(
  body: fc.Arbitrary<Buffer>,
  signature: (body: Buffer) => fc.Arbitrary<string | string[] | undefined>,
  kind: string,
  signed: boolean,
): fc.Arbitrary<WebhookCase> {
  return body.chain((b) =>
    fc
      .record({ sig: signature(b), type: contentType, chunked: fc.boolean() })
      .map(({ sig, type, chunked }) => {
        const headers: Record<string, string | string[]> = {};
        if (sig !== undefined) headers['x-hub-signature-256'] = sig;
        if (type !== undefined) headers['content-type'] = type;
        const c = { kind, signed, body: b, headers, chunked: chunked && b.length > 1 };
        return Object.assign(c, { [fc.toStringMethod]: () => describeCase(c) });
      }),
  );
}

/**
 * All cases, weighted: most are unsigned (junk bodies, valid-looking batches, oversized bodies
 * with bad signatures); about one in twenty is correctly signed but odd or malformed.
 */
export function webhookCase(secret: string, limit: number): fc.Arbitrary<WebhookCase> {
  const bad = (b: Buffer) => badSignature(secret, b);
  const good = (b: Buffer) => fc.constant(`sha256=${hmac256(secret, b)}`);
  return fc.oneof(
    { weight: 8, arbitrary: request(junkBody(limit), bad, 'junk/unsigned', false) },
    { weight: 10, arbitrary: request(withBatchBytes(batch(psid('u')), limit), bad, 'batch/unsigned', false) },
    { weight: 1, arbitrary: request(junkBody(limit), good, 'junk/signed', true) },
    { weight: 1, arbitrary: request(withBatchBytes(batch(psid('s')), limit), good, 'batch/signed', true) },
  );
}

/** One line per case for failure reports (fast-check prints cases with this). */
export function describeCase(c: WebhookCase): string {
  const head = c.body.subarray(0, 160).toString('latin1');
  return (
    `${c.kind} ${c.chunked ? 'chunked' : 'sized'} ${c.body.length}B headers=${JSON.stringify(c.headers)} ` +
    `body=${JSON.stringify(head)}${c.body.length > 160 ? '…' : ''}`
  );
}

/**
 * A whole request as raw bytes, for what an HTTP client library never sends: framing that lies
 * (Content-Length longer or shorter than the body, both Content-Length and chunked, broken chunks),
 * compressed bodies, `Expect: 100-continue`, control characters in the signature, pipelining.
 * `signed`: the bytes carry a valid signature of the body they declare (a refusal is still expected
 * when the framing is wrong; what matters is that it is never a 5xx and never a reply).
 */
export interface RawCase {
  kind: string;
  bytes: Buffer;
}

function head(lines: string[]): string {
  return ['POST /webhooks/messenger HTTP/1.1', 'Host: 127.0.0.1', ...lines, '', ''].join('\r\n');
}

export function rawCase(secret: string, limit: number): fc.Arbitrary<RawCase> {
  // Signed bodies come from `s…` users, unsigned ones from `u…` users (see WebhookCase).
  const bodyOf = (good: boolean) => withBatchBytes(batch(psid(good ? 's' : 'u')), limit);
  const either = fc.boolean().chain((good) => bodyOf(good).map((b) => [b, good] as const));
  const signedBody = bodyOf(true);
  const unsignedBody = bodyOf(false);
  const sig = (b: Buffer, good: boolean) =>
    `X-Hub-Signature-256: sha256=${good ? hmac256(secret, b) : hmac256(`${secret}!`, b)}`;
  const raw = (kind: string, text: string, ...rest: Buffer[]) => ({
    kind,
    bytes: Buffer.concat([Buffer.from(text, 'latin1'), ...rest]),
  });
  return fc.oneof(
    // Declares more than it sends, then closes.
    fc
      .tuple(either, fc.integer({ min: 1, max: 4096 }))
      .map(([[b, good], extra]) =>
        raw('length/longer', head([sig(b, good), `Content-Length: ${b.length + extra}`]), b),
      ),
    // Declares less than it sends: the rest is read as the next (garbage) request.
    either
      .filter(([b]) => b.length > 2)
      .map(([b, good]) => raw('length/shorter', head([sig(b, good), `Content-Length: ${b.length >> 1}`]), b)),
    fc
      .tuple(either, fc.integer({ min: 0, max: 5000 }))
      .map(([[b, good], other]) =>
        raw(
          'length/twice',
          head([sig(b, good), `Content-Length: ${b.length}`, `Content-Length: ${other}`]),
          b,
        ),
      ),
    fc
      .tuple(signedBody, fc.constantFrom('-1', '1e3', '0x10', 'abc', '99999999999999999999', ' 12 ', '+5'))
      .map(([b, value]) => raw('length/odd', head([sig(b, true), `Content-Length: ${value}`]), b)),
    either.map(([b, good]) =>
      raw(
        'chunked+length',
        head([sig(b, good), 'Transfer-Encoding: chunked', `Content-Length: ${b.length}`]),
        Buffer.from(`${b.length.toString(16)}\r\n`),
        b,
        Buffer.from('\r\n0\r\n\r\n'),
      ),
    ),
    fc
      .tuple(signedBody, fc.constantFrom('zz', '-1', 'ffffffffffffffff', '', '1;ext=\u0001', '10000000'))
      .map(([b, size]) =>
        raw(
          'chunked/broken',
          head([sig(b, true), 'Transfer-Encoding: chunked']),
          Buffer.from(`${size}\r\n`, 'latin1'),
          b,
          Buffer.from('\r\n'),
        ),
      ),
    fc
      .tuple(signedBody, fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'identity, gzip', 'IDENTITY'))
      .map(([b, enc]) =>
        raw('encoding', head([sig(b, true), `Content-Encoding: ${enc}`, `Content-Length: ${b.length}`]), b),
      ),
    either.map(([b, good]) =>
      raw('expect-continue', head([sig(b, good), 'Expect: 100-continue', `Content-Length: ${b.length}`]), b),
    ),
    fc
      .tuple(unsignedBody, fc.constantFrom('\u0000', '\u0001', '\u007f', '\r', '\u001b[2J'))
      .map(([b, c]) =>
        raw(
          'header/control',
          head([
            `X-Hub-Signature-256: sha256=${hmac256(secret, b).slice(0, 30)}${c}`,
            `Content-Length: ${b.length}`,
          ]),
          b,
        ),
      ),
    // Several requests in one write, some signed, some not.
    fc
      .array(either, { minLength: 2, maxLength: 5 })
      .map((reqs) =>
        raw(
          'pipelined',
          '',
          ...reqs.flatMap(([b, good]) => [
            Buffer.from(head([sig(b, good), `Content-Length: ${b.length}`])),
            b,
          ]),
        ),
      ),
    // HTTP/1.0, no length: the body runs to the end of the connection.
    either.map(([b, good]) =>
      raw('http1.0', `POST /webhooks/messenger HTTP/1.0\r\n${sig(b, good)}\r\n\r\n`, b),
    ),
  );
}
