import { describe, expect, it } from 'vitest';
import { computeAtHash } from './at-hash.js';
import { buildEndSessionUrl } from './end-session.js';
import { createHash } from 'node:crypto';

describe('buildEndSessionUrl', () => {
  it('adds id_token_hint, post_logout_redirect_uri, client_id and state, keeping the endpoint query', () => {
    const url = new URL(
      buildEndSessionUrl('https://op.example.com/session/end?ui=1', {
        idTokenHint: 'h.p.s',
        postLogoutRedirectUri: 'https://app.example.com/bye',
        clientId: 'app',
        state: 's1',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ui: '1',
      id_token_hint: 'h.p.s',
      post_logout_redirect_uri: 'https://app.example.com/bye',
      client_id: 'app',
      state: 's1',
    });
  });
});

describe('computeAtHash', () => {
  it('is the left half of the hash matching the algorithm, base64url', async () => {
    const half = (algorithm: string) => {
      const digest = createHash(algorithm).update('access-token').digest();
      return digest.subarray(0, digest.length / 2).toString('base64url');
    };
    expect(await computeAtHash('access-token', 'ES256')).toBe(half('sha256'));
    expect(await computeAtHash('access-token', 'PS384')).toBe(half('sha384'));
    expect(await computeAtHash('access-token', 'EdDSA')).toBe(half('sha512'));
    expect(await computeAtHash('access-token', 'XX')).toBeUndefined();
  });
});
