// Any input to a public factory, and any reply from a Redis client, gives a result or an AuthError
// (issue 16; tools/fuzz.ts). No redis-server needed: the client here answers whatever fast-check says.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { anyValue, fuzz, optionsWith } from '../../../tools/fuzz.js';
import { createRedisTokenStore, fromIoRedis, fromNodeRedis } from '../src/index.js';

/** Replies a script could get from a misbehaving client: anything, or arrays of anything. */
const reply = fc.oneof(
  anyValue,
  fc.array(anyValue, { maxLength: 4 }),
  fc.tuple(fc.constantFrom(0, 1), anyValue, anyValue),
);

describe('fuzz: auth-store-redis', () => {
  it('createRedisTokenStore, fromIoRedis, fromNodeRedis', async () => {
    await fuzz(optionsWith('client', 'prefix', 'lockTtlMs', 'lockRetryMs'), (options) =>
      createRedisTokenStore(options as never),
    );
    await fuzz(anyValue, (client) => fromIoRedis(client as never));
    await fuzz(anyValue, (client) => fromNodeRedis(client as never));
  });

  it('every store operation, whatever the client replies or throws', async () => {
    await fuzz(
      fc.tuple(reply, fc.boolean(), anyValue, anyValue, anyValue),
      async ([answer, throws, key, version, value]) => {
        const store = createRedisTokenStore({
          client: {
            eval: async () => {
              if (throws) throw answer;
              return answer;
            },
          },
          lockRetryMs: 1,
        });
        await store.get(key as string);
        await store.compareAndSet(key as string, version as number, value);
        const release = await store.lock!(key as string, { signal: AbortSignal.timeout(50) });
        await release();
      },
    );
  });
});
