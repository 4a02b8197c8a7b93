import { describe, expect, it } from 'vitest';
import { call, postForm, start } from './helpers.js';

// Facts from common/ASC.Identity/authorization/authorization-application/src/main/java/com/asc/authorization/
// application/security/filter/RateLimiterFilter.java (keying, headers, the 429),
// common/ASC.Identity/infrastructure/infrastructure-configuration/src/main/resources/application-resilience.yml
// (GET 200, POST 10, PUT/PATCH/DELETE 15 per minute) and
// common/ASC.Identity/common/common-autoconfigurations/.../limiter/DistributedRateLimiterAutoconfigurationConfiguration.java
// (Bandwidth.classic + Refill.greedy). docs/docspace-behaviour.md §5.9.

const FORM = { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'x' };
const PUBLIC = { 'x-forwarded-for': '203.0.113.7' };

describe('identity rate limits (RateLimiterFilter.java)', () => {
  it('does not limit loopback or private addresses without an x-signature by default', async () => {
    const emulator = await start({ clock: 'manual' });
    for (let i = 0; i < 25; i++) {
      const res = await postForm(
        `${emulator.url}/oauth2/token`,
        FORM,
        i % 2 ? { 'x-forwarded-for': '10.1.2.3' } : {},
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('x-ratelimit-remaining')).toBeNull();
    }
    expect(emulator.stats.rateLimited).toBe(0);
  });

  it('limits POSTs of a public address to 10 a minute: 429, empty body, application/json, Reset in nanoseconds', async () => {
    const emulator = await start({ clock: 'manual' });
    for (let i = 0; i < 10; i++) {
      const res = await postForm(`${emulator.url}/oauth2/token`, FORM, PUBLIC);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(9 - i));
      // A consumed probe has 0 ns to wait; the filter converts that to seconds.
      expect(res.headers.get('x-ratelimit-reset')).toBe('0');
    }
    const limited = await postForm(`${emulator.url}/oauth2/token`, FORM, PUBLIC);
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('');
    expect(limited.headers.get('content-type')).toBe('application/json');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    // Greedy refill of 10 per minute: the next token comes after 6 s, reported in nanoseconds (the bug).
    expect(limited.headers.get('x-ratelimit-reset')).toBe('6000000000');
    expect(emulator.stats.rateLimited).toBe(1);
    expect(emulator.stats.tokenRequests).toBe(11);

    const otherAddress = await postForm(`${emulator.url}/oauth2/token`, FORM, {
      'x-forwarded-for': '198.51.100.1',
    });
    expect(otherAddress.status).toBe(401);
    const getStillFree = await call(`${emulator.url}/oauth2/jwks`, { headers: PUBLIC });
    expect([getStillFree.status, getStillFree.headers.get('x-ratelimit-remaining')]).toEqual([200, '199']);

    emulator.clock.advance(3_000);
    const halfWay = await postForm(`${emulator.url}/oauth2/token`, FORM, PUBLIC);
    expect([halfWay.status, halfWay.headers.get('x-ratelimit-reset')]).toEqual([429, '3000000000']);
    emulator.clock.advance(3_000);
    expect((await postForm(`${emulator.url}/oauth2/token`, FORM, PUBLIC)).status).toBe(401);
    expect((await postForm(`${emulator.url}/oauth2/token`, FORM, PUBLIC)).status).toBe(429);
  });

  it('takes the first public address of X-Real-IP, then X-Forwarded-For', async () => {
    const emulator = await start({ clock: 'manual' });
    const headers = { 'x-real-ip': '192.0.2.10', 'x-forwarded-for': '10.0.0.1, 203.0.113.7' };
    for (let i = 0; i < 10; i++) await postForm(`${emulator.url}/oauth2/token`, FORM, headers);
    expect((await postForm(`${emulator.url}/oauth2/token`, FORM, { 'x-real-ip': '192.0.2.10' })).status).toBe(
      429,
    );
    expect((await postForm(`${emulator.url}/oauth2/token`, FORM, PUBLIC)).status).toBe(401);
  });

  it('limits GETs at 200 a minute on every identity GET (discovery, JWKS)', async () => {
    const emulator = await start({ clock: 'manual' });
    for (let i = 0; i < 200; i++) {
      const path = i % 2 ? '/oauth2/jwks' : '/.well-known/openid-configuration';
      expect((await call(emulator.url + path, { headers: PUBLIC })).status).toBe(200);
    }
    const limited = await call(`${emulator.url}/oauth2/jwks`, { headers: PUBLIC });
    expect([limited.status, limited.text, limited.headers.get('x-ratelimit-reset')]).toEqual([
      429,
      '',
      '300000000',
    ]);
  });

  it('keys a private caller that sends an x-signature by the signature part of that JWT', async () => {
    const emulator = await start({ clock: 'manual' });
    for (let i = 0; i < 10; i++)
      await postForm(`${emulator.url}/oauth2/token`, FORM, { 'x-signature': 'header.payload.first' });
    expect(
      (await postForm(`${emulator.url}/oauth2/token`, FORM, { 'x-signature': 'other.claims.first' })).status,
    ).toBe(429);
    expect(
      (await postForm(`${emulator.url}/oauth2/token`, FORM, { cookie: 'x-signature=h.p.second' })).status,
    ).toBe(401);
    expect((await postForm(`${emulator.url}/oauth2/token`, FORM)).status).toBe(401);
  });

  it('limits loopback too when a test switches rateLimit on, with custom numbers, and not at all when off', async () => {
    const on = await start({ clock: 'manual', rateLimit: true });
    for (let i = 0; i < 10; i++) expect((await postForm(`${on.url}/oauth2/token`, FORM)).status).toBe(401);
    expect((await postForm(`${on.url}/oauth2/token`, FORM)).status).toBe(429);

    const two = await start({ clock: 'manual', rateLimit: { post: 2 } });
    await postForm(`${two.url}/oauth2/token`, FORM);
    await postForm(`${two.url}/oauth2/token`, FORM);
    const limited = await postForm(`${two.url}/oauth2/token`, FORM);
    expect([limited.status, limited.headers.get('x-ratelimit-reset')]).toEqual([429, '30000000000']);
    two.resetLimits();
    expect((await postForm(`${two.url}/oauth2/token`, FORM)).status).toBe(401);

    const off = await start({ clock: 'manual', rateLimit: false });
    for (let i = 0; i < 12; i++)
      expect((await postForm(`${off.url}/oauth2/token`, FORM, PUBLIC)).status).toBe(401);
  });

  it('validates the rateLimit option and names the replaced oauthRateLimitPerMinute', async () => {
    await expect(start({ rateLimit: { post: 0 } })).rejects.toThrow(
      new TypeError('"rateLimit.post" must be a positive integer'),
    );
    await expect(start({ rateLimit: 'on' as never })).rejects.toThrow(
      new TypeError('"rateLimit" must be a boolean or an object'),
    );
    await expect(start({ oauthRateLimitPerMinute: false } as never)).rejects.toThrow(
      new TypeError('"oauthRateLimitPerMinute" was replaced by "rateLimit" (see the README)'),
    );
  });
});
