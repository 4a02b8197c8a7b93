// The Lua scripts of the Redis session store. Each runs atomically on the server, so a session is read
// and touched, or a sign-in taken out, in one step that two instances cannot interleave.
//
// Layout under the prefix (`ds-web:` by default), with <h> the SHA-256 of the session id:
//   <prefix>session:<h>   hash { data, seen }   a signed-in session, expires after the idle timeout
//   <prefix>signin:<h>    hash { data, seen }   a sign-in in progress, expires after its own timeout
//   <prefix>signins       sorted set <h> -> seen  the sign-ins in progress, to cap their number
// `seen` is the app's clock (tests move it); the key's PEXPIRE (real time) only collects garbage.

/** KEYS: session, signin, index. ARGV: now, idle ms, pending idle ms, member. -> {kind, data, seen} | nil */
export const GET_SESSION_SCRIPT = `
local now = tonumber(ARGV[1])
local function live(key, idle)
  local found = redis.call('HMGET', key, 'data', 'seen')
  if not found[1] then return nil end
  if now - tonumber(found[2]) > tonumber(idle) then
    redis.call('DEL', key)
    return false
  end
  redis.call('HSET', key, 'seen', ARGV[1])
  redis.call('PEXPIRE', key, idle)
  return found[1]
end
local session = live(KEYS[1], ARGV[2])
if session then return {'user', session, ARGV[1]} end
if session == false then return nil end
local signin = live(KEYS[2], ARGV[3])
if signin then
  redis.call('ZADD', KEYS[3], ARGV[1], ARGV[4])
  return {'pending', signin, ARGV[1]}
end
if signin == false then redis.call('ZREM', KEYS[3], ARGV[4]) end
return nil
`;

/**
 * KEYS: new signin, index, replaced signin. ARGV: data, now, pending idle ms, max, new member,
 * replaced member ('' for none), signin key prefix, stale cutoff. -> 1
 *
 * Then drops the sign-ins in progress that timed out and, beyond `max`, the least recently used ones:
 * only keys under `<prefix>signin:`, never a signed-in session.
 */
export const START_SIGN_IN_SCRIPT = `
if ARGV[6] ~= '' then
  redis.call('DEL', KEYS[3])
  redis.call('ZREM', KEYS[2], ARGV[6])
end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'seen', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[5])
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[8])
for _, member in ipairs(stale) do redis.call('DEL', ARGV[7] .. member) end
if #stale > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[8]) end
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[2], excess)
  for index = 1, #popped, 2 do redis.call('DEL', ARGV[7] .. popped[index]) end
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`;

/** KEYS: signin, index. ARGV: now, pending idle ms, member. -> data | nil (the sign-in is gone either way) */
export const TAKE_SIGN_IN_SCRIPT = `
local found = redis.call('HMGET', KEYS[1], 'data', 'seen')
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[3])
if not found[1] then return nil end
if tonumber(ARGV[1]) - tonumber(found[2]) > tonumber(ARGV[2]) then return nil end
return found[1]
`;

/** KEYS: session. ARGV: data, now, idle ms. -> 1 */
export const SIGN_IN_SCRIPT = `
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'seen', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/** KEYS: session, signin, index. ARGV: member. -> 1 */
export const DELETE_SESSION_SCRIPT = `
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
`;
