// The Lua scripts behind the store. Each touches exactly one key, so they also run on Redis Cluster.
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
