export { createRedisTokenStore } from './create-redis-token-store.js';
export type { RedisTokenStoreOptions } from './create-redis-token-store.js';
export { fromIoRedis, fromNodeRedis } from './redis-client.js';
export type { IoRedisLike, NodeRedisLike, RedisScriptClient } from './redis-client.js';
