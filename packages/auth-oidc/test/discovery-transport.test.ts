// Discovery when the provider cannot be reached: the failure says why (the connection was refused, the
// certificate is not trusted), as a typed, retryable error, instead of a bare "fetch failed".
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createOidcClient } from '../src/index.js';

const options = { clientId: 'client', redirectUri: 'http://127.0.0.1/callback', scopes: ['openid'] };

/** A loopback port nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function discoveryError(client: ReturnType<typeof createOidcClient>) {
  const error = (await client.discover().catch((caught: unknown) => caught)) as {
    code?: string;
    retryable?: boolean;
    cause?: { code?: string; message?: string; retryable?: boolean };
  };
  return {
    code: error.code,
    retryable: error.retryable,
    cause: { code: error.cause?.code, message: error.cause?.message, retryable: error.cause?.retryable },
  };
}

describe('createOidcClient discovery over a failing transport', () => {
  it('names a refused connection in the cause (ERR_AUTH_NETWORK, ECONNREFUSED), retryable', async () => {
    const port = await closedPort();
    const client = createOidcClient({ issuer: `http://127.0.0.1:${port}`, ...options });
    expect(await discoveryError(client)).toEqual({
      code: 'ERR_OIDC_DISCOVERY_FAILED',
      retryable: true,
      cause: { code: 'ERR_AUTH_NETWORK', message: expect.stringContaining('ECONNREFUSED'), retryable: true },
    });
  });

  it("keeps the TLS error's code that fetch reports for an untrusted certificate", async () => {
    // What undici's fetch throws for a self-signed certificate: a TypeError whose cause has the code.
    const untrusted = async (): Promise<Response> => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      });
    };
    const client = createOidcClient({ issuer: 'https://portal.example.com', ...options, fetch: untrusted });
    expect(await discoveryError(client)).toEqual({
      code: 'ERR_OIDC_DISCOVERY_FAILED',
      retryable: true,
      cause: {
        code: 'ERR_AUTH_NETWORK',
        message: expect.stringContaining('DEPTH_ZERO_SELF_SIGNED_CERT'),
        retryable: true,
      },
    });
  });
});
