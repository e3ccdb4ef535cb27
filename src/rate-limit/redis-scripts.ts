/**
 * The Lua scripts RedisStore runs: one atomic script per hit, so two machines hitting the same
 * key can never both take the last slot. Keys: KEYS[1] only (hash-tagged by the store).
 * ARGV: limit, windowMs, now in ms ('' = use the Redis server's TIME), extra TTL in ms, and for
 * the log a member unique per hit (two hits in the same millisecond must be two members).
 *
 * The TTL is the window (twice for the counters) plus the extra: exact when `now` is Redis's own
 * clock; when callers pass their clocks, the extra covers their skew from Redis's expiry clock.
 *
 * Lua numbers become integers in replies (truncated), so every returned number is whole.
 */

/** `TIME` needs effects replication on Redis < 5 (a no-op on later versions). */
const NOW = `
local now = tonumber(ARGV[3])
if now == nil then
  if redis.replicate_commands then redis.replicate_commands() end
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end`;

/**
 * Exact sliding log in a sorted set (score = accepted time). Returns
 * { allowed 0|1, remaining, resetMs } with resetMs = ms until the oldest counted hit leaves.
 */
export const SLIDING_LOG_SCRIPT = `${NOW}
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
if newest[2] ~= nil and tonumber(newest[2]) > now then now = tonumber(newest[2]) end
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, ARGV[5])
  redis.call('PEXPIRE', key, math.ceil(window) + tonumber(ARGV[4]))
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local reset = tonumber(oldest[2]) + window - now
return { allowed, limit - count, math.ceil(reset) }`;

/**
 * Sliding-window counter in a hash { b: window index, p: previous count, c: current count }.
 * Returns { allowed 0|1, prev, currAfter, elapsedMs } and the store derives remaining/reset with
 * the same arithmetic as the memory store.
 */
export const SLIDING_WINDOW_SCRIPT = `${NOW}
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
now = math.floor(now)
local bucket = math.floor(now / window)
local h = redis.call('HMGET', key, 'b', 'p', 'c')
local b = tonumber(h[1])
local p = tonumber(h[2]) or 0
local c = tonumber(h[3]) or 0
if b == nil or bucket > b + 1 then
  b = bucket; p = 0; c = 0
elseif bucket == b + 1 then
  b = bucket; p = c; c = 0
elseif bucket < b then
  now = b * window
end
local elapsed = now - b * window
local allowed = 0
if p * (window - elapsed) + (c + 1) * window <= limit * window then
  c = c + 1
  allowed = 1
end
redis.call('HSET', key, 'b', b, 'p', p, 'c', c)
redis.call('PEXPIRE', key, 2 * window + tonumber(ARGV[4]))
return { allowed, p, c, elapsed }`;
