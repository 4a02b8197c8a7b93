import { systemClock, unfollowedRedirectMode } from '@ds/auth-core/strategy';
import { describe, expect, it, vi } from 'vitest';
import { postForm } from './post-form.js';

const ENDPOINT = 'https://portal.example.com/oauth2/token';

function transport(response: () => Response | Partial<Response>) {
  const fetch = vi.fn(async (_input: unknown, _init?: RequestInit) => response() as Response);
  return { fetch, transport: { fetch, timeoutMs: 5_000, clock: systemClock } };
}

describe('postForm', () => {
  it("asks fetch not to follow redirects: 'error' on Node (undici then skips cloning the request), 'manual' where the runtime rejects it", async () => {
    const { fetch, transport: t } = transport(() => Response.json({ access_token: 'a' }));
    await postForm(t, ENDPOINT, { grant_type: 'refresh_token', refresh_token: 'r-1' }, 'the token endpoint');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', redirect: unfollowedRedirectMode() });
    expect(unfollowedRedirectMode()).toBe('error');
  });

  it("reports a redirect fetch refused under 'error' as the refused redirect, not a retryable network failure", async () => {
    const { transport: t } = transport(() => {
      throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    });
    const attempt = postForm(t, ENDPOINT, { grant_type: 'refresh_token' }, 'the token endpoint');
    await expect(attempt).rejects.toMatchObject({
      code: 'ERR_OAUTH_BAD_RESPONSE',
      status: undefined,
      message: 'the token endpoint answered with a redirect, which is never followed',
    });
    await attempt.catch((error: { retryable?: boolean }) => expect(error.retryable).not.toBe(true));
  });

  it('refuses a redirect: the form (with its refresh token) is never sent to the Location', async () => {
    const { fetch, transport: t } = transport(
      () => new Response(null, { status: 307, headers: { location: 'https://attacker.example/steal' } }),
    );
    const attempt = postForm(
      t,
      ENDPOINT,
      { grant_type: 'refresh_token', refresh_token: 'r-1' },
      'the token endpoint',
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'ERR_OAUTH_BAD_RESPONSE',
      status: 307,
      message: 'the token endpoint answered with a redirect (307), which is never followed',
    });
    await attempt.catch((error: { retryable?: boolean }) => expect(error.retryable).not.toBe(true));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("refuses a browser's opaque redirect response (status 0) the same way", async () => {
    const { transport: t } = transport(() => ({
      type: 'opaqueredirect',
      status: 0,
      headers: new Headers(),
      body: null,
    }));
    await expect(
      postForm(t, ENDPOINT, { grant_type: 'authorization_code' }, 'the token endpoint'),
    ).rejects.toMatchObject({
      code: 'ERR_OAUTH_BAD_RESPONSE',
      status: 0,
    });
  });
});
