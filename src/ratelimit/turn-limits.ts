import type { RedisClient } from '../redis/connect';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Middleware } from '../engine/composer';
import type { TurnContext } from '../engine/context';
import { userKey } from '../linking/types';
import type { PersonalDataStore } from '../privacy/erasable';

export interface Limit {
  /** Turns allowed… */
  points: number;
  /** …per this many seconds. */
  durationSeconds: number;
}

export interface TurnLimitsOptions {
  /** Shared by every process when given; otherwise limits are per process. */
  redis?: RedisClient;
  /** Key prefix in Redis, e.g. `teller:demo:`. */
  prefix?: string;
  /** One customer; default 30 turns per minute (a fast typist sends ~10). */
  perUser?: Limit;
  /** The whole page (channel), across all customers; default 500 turns per second. */
  perPage?: Limit;
  /** What an over-limit customer is told, once per window. */
  message?: string;
  /** Called for every turn turned away (metrics). */
  onLimited?: (scope: 'user' | 'page') => void;
}

export const DEFAULT_PER_USER: Limit = { points: 30, durationSeconds: 60 };
export const DEFAULT_PER_PAGE: Limit = { points: 500, durationSeconds: 1 };
export const RATE_LIMIT_MESSAGE =
  "You're sending messages faster than I can answer. Give me a moment, then try again.";

function limiter(o: TurnLimitsOptions, name: string, limit: Limit): RateLimiterAbstract {
  const opts = {
    keyPrefix: `${o.prefix ?? 'teller:'}rate:${name}`,
    points: limit.points,
    duration: limit.durationSeconds,
  };
  // rate-limiter-flexible keeps a fixed window per key in Redis (one atomic INCR+PEXPIRE round trip).
  return o.redis ? new RateLimiterRedis({ ...opts, storeClient: o.redis }) : new RateLimiterMemory(opts);
}

/**
 * Back-pressure for turns: per customer and per page, on Redis so every worker shares one count.
 * A turn over the limit is not understood or answered; the customer is told politely at most once a
 * minute (never once per message, which would only add to the flood). Runs as engine middleware,
 * behind dedupe and the per-user lock, so it sees each message once.
 */
export function turnLimits(o: TurnLimitsOptions = {}): Middleware<TurnContext> {
  return createTurnLimits(o).middleware;
}

export interface TurnLimits {
  middleware: Middleware<TurnContext>;
  /**
   * The counters are keyed by the customer's id for up to a minute: "delete my data" clears them
   * too, and "what do you know about me?" needs no line for them (they hold only a count).
   */
  personalData: PersonalDataStore;
}

export function createTurnLimits(o: TurnLimitsOptions = {}): TurnLimits {
  const perUser = limiter(o, 'user', o.perUser ?? DEFAULT_PER_USER);
  const perPage = limiter(o, 'page', o.perPage ?? DEFAULT_PER_PAGE);
  const message = o.message ?? RATE_LIMIT_MESSAGE;
  // Each customer turned away hears why once a minute, whichever limit they hit.
  const told = limiter(o, 'told', { points: 1, durationSeconds: 60 });
  const middleware: Middleware<TurnContext> = async (ctx, next) => {
    const user = userKey(ctx.user);
    const overUser = await over(perUser, user);
    const overPage = overUser ? undefined : await over(perPage, ctx.user.channel);
    const res = overUser ?? overPage;
    if (!res) return next();
    o.onLimited?.(overUser ? 'user' : 'page');
    ctx.log.warn(
      { code: 'TELLER_ERR_RATE_LIMITED', scope: overUser ? 'user' : 'page', retryMs: res.msBeforeNext },
      'turn rate-limited',
    );
    if (!(await over(told, user))) await ctx.reply(message);
  };
  const personalData: PersonalDataStore = {
    name: 'rate limits',
    describe: async () => [],
    async erase(u) {
      const key = userKey(u);
      const removed = await Promise.all([perUser.delete(key), told.delete(key)]);
      return removed.filter(Boolean).length;
    },
  };
  return { middleware, personalData };
}

/** Consumes one point; returns the limiter's answer when the key is over its limit. */
async function over(l: RateLimiterAbstract, key: string): Promise<RateLimiterRes | undefined> {
  try {
    await l.consume(key);
    return undefined;
  } catch (err) {
    if (err instanceof RateLimiterRes) return err;
    throw err;
  }
}
