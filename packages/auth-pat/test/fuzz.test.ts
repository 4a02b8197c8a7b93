// Any input to a public parser or factory gives a result or an AuthError (issue 16; tools/fuzz.ts).
import { AuthHttpError } from '@ds/auth-core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { anyValue, fuzz, optionsWith } from '../../../tools/fuzz.js';
import { createPersonalTokenAuth, mapLoginError, parseLoginResponse } from '../src/index.js';

/** An `AuthenticationTokenDto`-shaped value with any field replaced by anything. */
const loginLike = fc.oneof(
  anyValue,
  fc.record(
    {
      token: anyValue,
      expires: anyValue,
      sms: anyValue,
      tfa: anyValue,
      tfaKey: anyValue,
      phoneNoise: anyValue,
      confirmUrl: anyValue,
    },
    { requiredKeys: [] },
  ),
);

describe('fuzz: auth-pat', () => {
  it('parseLoginResponse, mapLoginError', async () => {
    await fuzz(loginLike, (value) => parseLoginResponse(value));
    await fuzz(
      fc.tuple(fc.integer({ min: 400, max: 599 }), fc.option(fc.string())),
      ([status, serverMessage]) => {
        const error = new AuthHttpError('ERR_AUTH_HTTP_ERROR', 'failed', {
          status,
          serverMessage: serverMessage ?? undefined,
        });
        const mapped = mapLoginError(error, 'login');
        if (mapped !== error && !(mapped as { code?: string }).code?.startsWith('ERR_'))
          throw new Error('untyped');
      },
    );
  });

  it('createPersonalTokenAuth, and a login against a portal that answers anything', async () => {
    await fuzz(
      optionsWith(
        'baseUrl',
        'userName',
        'password',
        'credentials',
        'onTwoFactor',
        'store',
        'key',
        'session',
        'fetch',
        'timeoutMs',
        'refreshWindow',
      ),
      (options) => createPersonalTokenAuth(options as never),
    );
    await fuzz(
      fc.tuple(
        fc.integer({ min: 200, max: 599 }),
        fc.oneof(
          fc.string(),
          loginLike.map((value) => JSON.stringify({ response: value })),
        ),
      ),
      async ([status, body]) => {
        const auth = createPersonalTokenAuth({
          baseUrl: 'https://portal.example.com',
          userName: 'user@example.com',
          password: 'pw',
          clock: { now: () => Date.now(), sleep: async () => undefined }, // retries without waiting
          fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }),
        });
        await auth.authenticate();
      },
    );
  });
});
