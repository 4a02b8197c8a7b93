import { describe, expect, it } from 'vitest';
import { docSpaceEnvelope } from '../docspace-envelope.js';
import { createMockPortal, useMockPortal } from './create-mock-portal.js';

describe('createMockPortal', () => {
  it('answers intercepted requests through its fetch, for URLs and Request objects', async () => {
    const portal = createMockPortal();
    try {
      portal.pool
        .intercept({ path: '/api/2.0/people/@self', headers: { authorization: 'Bearer x' } })
        .reply(200, docSpaceEnvelope({ id: 'u1' }));
      portal.pool.intercept({ path: '/api/2.0/keys', method: 'POST', body: '{"name":"a"}' }).reply(200, {});
      const response = await portal.fetch(`${portal.origin}/api/2.0/people/@self`, {
        headers: { authorization: 'Bearer x' },
      });
      expect(await response.json()).toMatchObject({ response: { id: 'u1' } });
      const request = new Request(`${portal.origin}/api/2.0/keys`, { method: 'POST', body: '{"name":"a"}' });
      expect((await portal.fetch(request)).status).toBe(200);
      portal.assertNoPendingInterceptors();
    } finally {
      await portal.close();
    }
  });

  it('refuses real connections', async () => {
    const portal = createMockPortal({ origin: 'https://other.example.com' });
    try {
      await expect(portal.fetch('https://other.example.com/api/2.0/capabilities')).rejects.toThrow(
        'fetch failed',
      );
    } finally {
      await portal.close();
    }
  });

  it('reports an interceptor that was never used', async () => {
    const portal = createMockPortal();
    portal.pool.intercept({ path: '/never' }).reply(200, '');
    expect(() => portal.assertNoPendingInterceptors()).toThrow(/1 interceptor is pending/);
    await portal.close();
  });
});

describe('useMockPortal', () => {
  const portal = useMockPortal({ origin: 'https://hooks.example.com' });

  it('gives each test a fresh portal', async () => {
    expect(portal().origin).toBe('https://hooks.example.com');
    portal().pool.intercept({ path: '/a' }).reply(204);
    expect((await portal().fetch('https://hooks.example.com/a')).status).toBe(204);
  });
});
