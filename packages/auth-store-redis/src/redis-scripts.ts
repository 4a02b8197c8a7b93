// The Lua scripts behind the store. Each touches exactly one key, so they also run on Redis Cluster.
// The lock is `<prefix>lock:<key>` (a string with a TTL); `<prefix>holder:<key>` records who holds it
// until they release it, so the next holder can tell a released lock from one that expired.
// A token entry is a hash { value = <JSON>, version = <n> }. A delete removes only `value`, so the
// version counter survives it and a recreated entry continues from there: versions only grow.

/** KEYS[1] = entry. Reply: `nil`, or `{ json, version }`. */
export const GET_SCRIPT: string = `
local entry = redis.call('HMGET', KEYS[1], 'value', 'version')
if not entry[1] then return false end
return { entry[1], entry[2] }
`;

/**
 * KEYS[1] = entry; ARGV = expected version, 'set' | 'delete', JSON.
 * Reply: `{ 1, newVersion }` (0 after a delete), `{ 0 }` (absent) or `{ 0, json, version }`.
 */
export const COMPARE_AND_SET_SCRIPT: string = `
local entry = redis.call('HMGET', KEYS[1], 'value', 'version')
local top = tonumber(entry[2]) or 0
local current = 0
if entry[1] then current = top end
if current ~= tonumber(ARGV[1]) then
  if entry[1] then return { 0, entry[1], entry[2] } end
  return { 0 }
end
if ARGV[2] == 'delete' then
  redis.call('HDEL', KEYS[1], 'value')
  return { 1, 0 }
end
local version = top + 1
redis.call('HSET', KEYS[1], 'value', ARGV[3], 'version', string.format('%d', version))
return { 1, version }
`;

/** KEYS[1] = lock; ARGV = owner token, ttl ms. Reply: 1 when taken, 0 when held by someone. */
export const LOCK_SCRIPT: string = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`;

/** KEYS[1] = lock; ARGV = owner token, ttl ms. Reply: 1 when extended, 0 when no longer ours. */
export const EXTEND_SCRIPT: string = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** KEYS[1] = lock; ARGV = owner token. Reply: 1 when removed, 0 when it was not ours (any more). */
export const RELEASE_SCRIPT: string = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * KEYS[1] = holder record; ARGV = owner token, record ttl ms. Run by a process that just took the
 * lock: records it (token and Redis time) as the holder. Replies, when the previous holder never
 * cleared its record (it stopped renewing the lock without releasing it), how many ms ago that
 * holder took the lock; else `false`.
 */
export const CLAIM_HOLDER_SCRIPT: string = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. string.format('%d', now), 'PX', ARGV[2])
if not previous then return false end
local space = string.find(previous, ' ', 1, true)
if not space or string.sub(previous, 1, space - 1) == ARGV[1] then return false end
local since = tonumber(string.sub(previous, space + 1)) or now
return math.max(0, now - since)
`;

/** KEYS[1] = holder record; ARGV = owner token. Clears the record if it is still ours. */
export const CLEAR_HOLDER_SCRIPT: string = `
local record = redis.call('GET', KEYS[1])
if record and string.sub(record, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then return redis.call('DEL', KEYS[1]) end
return 0
`;
