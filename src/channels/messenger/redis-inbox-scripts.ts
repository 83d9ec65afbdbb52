import { createHash } from 'node:crypto';
import type { RedisClient } from '../../redis/connect';

/**
 * The Redis inbox's Lua scripts. Each runs atomically, so a crash can never leave an event in the
 * stream without its place in the user's order list, or acknowledged but still holding its place.
 * The other keys carry the stream's name as their hash tag: all share one Redis Cluster slot.
 */
export interface Script {
  lua: string;
  sha: string;
}

function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/**
 * KEYS: stream, then one order list per event. ARGV: maxLen, list TTL (ms), then the events' JSON.
 * Appends each event to the stream and its id to the user's order list; returns the ids.
 */
export const ENQUEUE = script(`local ids = {}
for i = 2, #KEYS do
  local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'event', ARGV[i + 1])
  redis.call('RPUSH', KEYS[i], id)
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
  ids[#ids + 1] = id
end
return ids`);

/**
 * KEYS: stream, order list. ARGV: id. 1 when the entry may run now: it is the head of its user's
 * list (or not in the list at all). Heads no longer in the stream (trimmed, dead-lettered) are
 * dropped on the way: nobody will process them, so nobody waits for them.
 */
export const IS_HEAD = script(`if not redis.call('LPOS', KEYS[2], ARGV[1]) then return 1 end
for _ = 1, 1000 do
  local head = redis.call('LINDEX', KEYS[2], 0)
  if not head or head == ARGV[1] then return 1 end
  if #redis.call('XRANGE', KEYS[1], head, head) > 0 then return 0 end
  redis.call('LPOP', KEYS[2])
end
return 0`);

/** KEYS: stream, order list. ARGV: group, id. Frees the user's next event, XACKs and XDELs. */
export const COMPLETE = script(`redis.call('LREM', KEYS[2], 1, ARGV[2])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return redis.call('XDEL', KEYS[1], ARGV[2])`);

/** EVALSHA, loading the script on NOSCRIPT (first use, or a Redis that restarted). */
export async function runScript(
  redis: RedisClient,
  s: Script,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!String((err as Error)?.message).includes('NOSCRIPT')) throw err;
    return redis.eval(s.lua, keys.length, ...keys, ...args);
  }
}
