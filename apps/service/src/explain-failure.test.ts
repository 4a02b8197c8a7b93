import { AuthHttpError, AuthResponseError } from '@ds/auth-core';
import { describe, expect, it } from 'vitest';
import { explainFailure, FORBIDDEN_HINT, UNAUTHORIZED_HINT } from './explain-failure.js';

function httpError(status: number, code: string, retryAfterMs?: number): AuthHttpError {
  return new AuthHttpError(code, `GET /api/2.0/files/rooms failed with ${status}`, { status, retryAfterMs });
}

describe('explainFailure', () => {
  it('stops on 401: an API key cannot be refreshed', () => {
    expect(explainFailure(httpError(401, 'ERR_AUTH_UNAUTHORIZED'))).toEqual({
      code: 'ERR_AUTH_UNAUTHORIZED',
      message: 'the key is invalid, expired or revoked (401)',
      hint: UNAUTHORIZED_HINT,
      action: 'stop',
      retryAfterMs: undefined,
    });
  });

  it('explains 403 with a hint and keeps the schedule', () => {
    expect(explainFailure(httpError(403, 'ERR_AUTH_FORBIDDEN'))).toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      message: 'the key lacks the rooms:read permission (403)',
      hint: FORBIDDEN_HINT,
      action: 'continue',
    });
    expect(FORBIDDEN_HINT).toBe('create one with rooms:read or *:read');
  });

  it('backs off on 429 and 5xx, carrying Retry-After', () => {
    expect(explainFailure(httpError(429, 'ERR_AUTH_RATE_LIMITED', 5_000))).toMatchObject({
      action: 'backoff',
      retryAfterMs: 5_000,
    });
    expect(explainFailure(httpError(503, 'ERR_AUTH_SERVER_ERROR')).action).toBe('backoff');
    expect(explainFailure(httpError(404, 'ERR_AUTH_NOT_FOUND')).action).toBe('continue');
  });

  it('keeps the schedule after a malformed body', () => {
    const failure = explainFailure(new AuthResponseError('GET /x: expected a JSON body', { status: 200 }));
    expect(failure).toMatchObject({ code: 'ERR_AUTH_BAD_RESPONSE', action: 'continue' });
  });

  it('backs off on network errors and removes secrets from their messages', () => {
    const key = `sk-${'a'.repeat(64)}`;
    const error = Object.assign(new Error(`connect ECONNREFUSED (${key})`), { code: 'ECONNREFUSED' });
    expect(explainFailure(error, [key])).toMatchObject({
      code: 'ECONNREFUSED',
      message: 'network error: connect ECONNREFUSED ([redacted])',
      action: 'backoff',
    });
  });
});
