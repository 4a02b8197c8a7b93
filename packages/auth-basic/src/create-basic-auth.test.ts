import { inspect } from 'node:util';
import { AuthConfigError, Secret } from '@ds/auth-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBasicAuth } from './create-basic-auth.js';

const WARNED = Symbol.for('@ds/auth-basic.productionWarning');
const PASSWORD = 'correct horse battery staple';

beforeEach(() => {
  delete (globalThis as Record<symbol, unknown>)[WARNED];
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createBasicAuth', () => {
  it('sends Basic base64(utf8(email:password))', async () => {
    const auth = createBasicAuth({ email: 'jane@example.com', password: 'pässwörd' });
    const credentials = await auth.authenticate();
    expect(auth.kind).toBe('basic');
    expect(credentials.scheme).toBe('Basic');
    expect(credentials.headers).toEqual({ authorization: 'Basic amFuZUBleGFtcGxlLmNvbTpww6Rzc3fDtnJk' });
  });

  it('accepts the password as a Secret', async () => {
    const auth = createBasicAuth({ email: 'test', password: new Secret('123\u00a3') });
    expect((await auth.authenticate()).headers.authorization).toBe('Basic dGVzdDoxMjPCow==');
  });

  it('redacts itself and its credentials', async () => {
    const auth = createBasicAuth({ email: 'jane@example.com', password: PASSWORD });
    const credentials = await auth.authenticate();
    for (const value of [auth, credentials]) {
      const printed = [String(value), JSON.stringify(value), inspect(value, { depth: 5 })].join(' ');
      expect(printed).not.toContain(PASSWORD);
      expect(printed).not.toContain(credentials.headers.authorization!.slice(6));
      expect(printed).toContain('[redacted]');
    }
  });

  it('has no invalidate: a 401 to a password is final', () => {
    const auth = createBasicAuth({ email: 'jane@example.com', password: PASSWORD });
    expect(auth.invalidate).toBeUndefined();
    expect(Object.isFrozen(auth)).toBe(true);
  });

  it('rejects with the reason of an aborted signal', async () => {
    const auth = createBasicAuth({ email: 'jane@example.com', password: PASSWORD });
    const reason = new Error('stop');
    await expect(auth.authenticate({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('names the option, never the value, in errors', () => {
    const attempt = (options: unknown): unknown => {
      try {
        createBasicAuth(options as never);
      } catch (error) {
        expect(AuthConfigError.isInstance(error)).toBe(true);
        const { code, message, option } = error as AuthConfigError;
        return { code, message, option };
      }
      return undefined;
    };
    expect(attempt(undefined)).toEqual({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"options" must be an object',
      option: 'options',
    });
    expect(attempt({ email: 'jane@example.com', password: `x\r\n${PASSWORD}` })).toEqual({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"password" must not contain control characters',
      option: 'password',
    });
    expect(attempt({ email: 'ja:ne', password: PASSWORD })).toMatchObject({ option: 'email' });
    expect(attempt({ email: 'jane@example.com', password: PASSWORD, warn: 'yes' })).toMatchObject({
      option: 'warn',
    });
  });

  it('warns once per process under NODE_ENV=production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warn = vi.fn();
    createBasicAuth({ email: 'jane@example.com', password: PASSWORD, warn });
    createBasicAuth({ email: 'jane@example.com', password: PASSWORD, warn });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^@ds\/auth-basic: Basic auth sends the password with every request/,
    );
    expect(warn.mock.calls[0]?.[0]).not.toContain(PASSWORD);
  });

  it('does not warn when acknowledged or outside production', () => {
    const warn = vi.fn();
    vi.stubEnv('NODE_ENV', 'production');
    createBasicAuth({ email: 'jane@example.com', password: PASSWORD, acknowledgeInsecure: true, warn });
    vi.stubEnv('NODE_ENV', 'development');
    createBasicAuth({ email: 'jane@example.com', password: PASSWORD, warn });
    expect(warn).not.toHaveBeenCalled();
  });

  it('runs where reading the environment throws (Deno without --allow-env)', async () => {
    const denied = new Proxy(
      {},
      {
        get: () => {
          throw new Error('Requires env access to "NODE_ENV"');
        },
      },
    );
    vi.stubGlobal('process', { env: denied });
    try {
      const warn = vi.fn();
      const auth = createBasicAuth({ email: 'jane@example.com', password: PASSWORD, warn });
      expect((await auth.authenticate()).scheme).toBe('Basic');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('runs where there is no process object (browsers)', async () => {
    vi.stubGlobal('process', undefined);
    try {
      const auth = createBasicAuth({ email: 'jane@example.com', password: PASSWORD });
      expect((await auth.authenticate()).scheme).toBe('Basic');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
