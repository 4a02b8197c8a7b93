import { Readable } from 'node:stream';
import { FormData as UndiciFormData } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCredentials } from './credentials.js';
import { credentialsAfterUnauthorized, isReplayableBody, mayRetryUnauthorized } from './retry-on-401.js';
import type { AuthStrategy } from './types.js';

describe('isReplayableBody', () => {
  it('accepts bodies that can be sent twice', () => {
    const form = new UndiciFormData();
    form.append('title', 'a');
    form.append('file', new Blob(['x']), 'x.txt');
    const globalForm = new FormData();
    globalForm.append('title', 'a');
    for (const body of [
      undefined,
      null,
      '',
      'text',
      Buffer.from('x'),
      new Uint8Array(1),
      new ArrayBuffer(1),
      new Blob(['x']),
      new URLSearchParams({ a: '1' }),
      form,
      globalForm,
    ]) {
      expect(isReplayableBody(body)).toBe(true);
    }
  });

  it('rejects streams and iterables', () => {
    async function* generate() {
      yield 'x';
    }
    const bodies = [
      Readable.from(['x']),
      new ReadableStream(),
      generate(),
      [Buffer.from('x')],
      { not: 'a body' },
    ];
    for (const body of bodies) expect(isReplayableBody(body)).toBe(false);
  });
});

describe('mayRetryUnauthorized', () => {
  const refreshable: AuthStrategy = {
    kind: 'r',
    authenticate: async () => sent,
    invalidate: () => undefined,
  };
  const sent = createCredentials({ scheme: 'Bearer', headers: { authorization: 'Bearer a' }, generation: 1 });

  it('retries only a 401 that answered credentials, of a strategy that can invalidate, with a replayable body', () => {
    expect(mayRetryUnauthorized(401, sent, refreshable, true)).toBe(true);
    expect(mayRetryUnauthorized(403, sent, refreshable, true)).toBe(false);
    expect(mayRetryUnauthorized(401, undefined, refreshable, true)).toBe(false);
    expect(mayRetryUnauthorized(401, sent, refreshable, false)).toBe(false);
    expect(mayRetryUnauthorized(401, sent, { kind: 'k', authenticate: async () => sent }, true)).toBe(false);
  });
});

describe('credentialsAfterUnauthorized', () => {
  it('invalidates the rejected generation and returns fresh credentials, or nothing when they are the same', async () => {
    let generation = 1;
    const invalidated: Array<number | undefined> = [];
    const strategy: AuthStrategy = {
      kind: 'r',
      authenticate: async () =>
        createCredentials({
          scheme: 'Bearer',
          headers: { authorization: `Bearer ${generation}` },
          generation,
        }),
      invalidate: (rejected) => {
        invalidated.push(rejected.generation);
        if (rejected.generation === generation) generation += 1;
      },
    };
    const first = await strategy.authenticate();
    expect((await credentialsAfterUnauthorized(strategy, first))?.generation).toBe(2);
    // A late 401 for generation 1 refreshes nothing more: the request is retried with the current generation 2.
    expect((await credentialsAfterUnauthorized(strategy, first))?.generation).toBe(2);
    const current = await strategy.authenticate();
    const sticky: AuthStrategy = { ...strategy, invalidate: () => undefined };
    expect(await credentialsAfterUnauthorized(sticky, current)).toBeUndefined();
    expect(invalidated).toEqual([1, 1]);
  });

  it('fails with ERR_AUTH_BAD_CREDENTIALS when authenticate() resolves to nothing', async () => {
    const strategy = { kind: 'broken', authenticate: async () => undefined, invalidate: () => undefined };
    const rejected = createCredentials({ scheme: 'Bearer', headers: { authorization: 'Bearer a' } });
    await expect(
      credentialsAfterUnauthorized(strategy as unknown as AuthStrategy, rejected),
    ).rejects.toMatchObject({
      code: 'ERR_AUTH_BAD_CREDENTIALS',
      message: 'the strategy "broken" returned no credentials',
    });
  });
});
