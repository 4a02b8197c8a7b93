import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createRedisTokenStore, fromIoRedis, fromNodeRedis, type RedisScriptClient } from '../src/index.js';
import { rejection } from './fixtures/rejection.js';

const unused: RedisScriptClient = {
  eval: async () => {
    throw new Error('not called');
  },
};

describe('createRedisTokenStore without a server', () => {
  it('validates its options, naming the option', () => {
    const cases: Array<[unknown, string, string]> = [
      [undefined, 'options', '"options" must be an object'],
      [{}, 'client', '"client" must have an eval() method'],
      [{ client: { eval: 'no' } }, 'client', '"client" must have an eval() method'],
      [
        { client: unused, prefix: 5 },
        'prefix',
        '"prefix" must be a string of at most 256 printable characters',
      ],
      [
        { client: unused, prefix: 'a\nb' },
        'prefix',
        '"prefix" must be a string of at most 256 printable characters',
      ],
      [
        { client: unused, lockTtlMs: 99 },
        'lockTtlMs',
        '"lockTtlMs" must be a whole number from 100 to 3600000',
      ],
      [
        { client: unused, lockTtlMs: 150.5 },
        'lockTtlMs',
        '"lockTtlMs" must be a whole number from 100 to 3600000',
      ],
      [{ client: unused, lockRetryMs: 0 }, 'lockRetryMs', '"lockRetryMs" must be a number from 1 to 60000'],
      [
        { client: unused, lockRetryMs: Number.NaN },
        'lockRetryMs',
        '"lockRetryMs" must be a number from 1 to 60000',
      ],
    ];
    for (const [options, option, message] of cases) {
      expect(() => createRedisTokenStore(options as never)).toThrow(
        expect.objectContaining({ code: 'ERR_AUTH_INVALID_OPTION', option, message }),
      );
    }
  });

  it('validates keys, versions and values before calling Redis', async () => {
    const store = createRedisTokenStore({ client: unused });
    await expect(store.get('')).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"key" must be 1 to 256 printable characters',
    });
    await expect(store.compareAndSet('user', -1, { a: 1 })).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"expectedVersion" must be a whole number of at least 0',
    });
    await expect(store.compareAndSet('user', 0, (() => 1) as never)).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"value" must be serializable as JSON',
    });
  });

  it('wraps client failures as retryable ERR_AUTH_STORE_UNAVAILABLE without the token in message or cause', async () => {
    const failing: RedisScriptClient = {
      eval: async (_script, keys, args) => {
        const error = Object.assign(
          new Error(`connection lost while sending ${keys.join(' ')} ${args.join(' ')}`),
          {
            command: { name: 'eval', args },
          },
        );
        throw error;
      },
    };
    const store = createRedisTokenStore({ client: failing });
    const error = await rejection(
      store.compareAndSet('user', 0, {
        accessToken: 'secret-access-token',
        refreshToken: 'secret-refresh-token',
      }),
    );
    expect({ code: error.code, message: error.message, retryable: error.retryable }).toEqual({
      code: 'ERR_AUTH_STORE_UNAVAILABLE',
      message: 'the redis token store could not write key "user"',
      retryable: true,
    });
    const printed = `${inspect(error, { depth: 5 })} ${JSON.stringify(error.cause)} ${String(error.cause)}`;
    expect(printed).toContain('connection lost');
    expect(printed).not.toContain('secret-access-token');
    expect(printed).not.toContain('secret-refresh-token');
    expect((error.cause as { command?: unknown }).command).toBeUndefined();
  });

  it('rejects a reply of the wrong shape with ERR_AUTH_STORE_BAD_REPLY', async () => {
    const store = createRedisTokenStore({ client: { eval: async () => 'OK' } });
    await expect(store.get('user')).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_BAD_REPLY',
      message: 'the redis client gave an unexpected reply to read key "user"',
    });
    await expect(store.compareAndSet('user', 0, { a: 1 })).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_BAD_REPLY',
      message: 'the redis client gave an unexpected reply to write key "user"',
    });
  });
});

describe('client adapters', () => {
  it('fromIoRedis passes the key count, keys, then arguments', async () => {
    const calls: unknown[][] = [];
    const adapted = fromIoRedis({
      eval: async (...args: unknown[]) => {
        calls.push(args);
        return 1;
      },
    });
    expect(await adapted.eval('return 1', ['k1', 'k2'], ['a1'])).toBe(1);
    expect(calls).toEqual([['return 1', 2, 'k1', 'k2', 'a1']]);
  });

  it('fromNodeRedis passes keys and arguments in an options object', async () => {
    const calls: unknown[][] = [];
    const adapted = fromNodeRedis({
      eval: async (...args: unknown[]) => {
        calls.push(args);
        return null;
      },
    });
    expect(await adapted.eval('return 1', ['k1'], ['a1', 'a2'])).toBeNull();
    expect(calls).toEqual([['return 1', { keys: ['k1'], arguments: ['a1', 'a2'] }]]);
  });

  it('reject a client without eval', () => {
    for (const adapt of [fromIoRedis, fromNodeRedis]) {
      expect(() => adapt({} as never)).toThrow(
        expect.objectContaining({
          code: 'ERR_AUTH_INVALID_OPTION',
          option: 'client',
          message: '"client" must have an eval() method',
        }),
      );
    }
  });
});
