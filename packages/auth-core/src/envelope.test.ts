import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpretResponse, type RawResponse } from './envelope.js';
import { AuthError, AuthHttpError } from './errors.js';

const base = {
  headers: new Headers(),
  method: 'GET',
  url: 'https://portal.example.com/api/2.0/people/@self',
  now: 0,
};
const raw = (status: number, text: string, extra: Partial<RawResponse> = {}): RawResponse => ({
  ...base,
  status,
  text,
  ...extra,
});

describe('interpretResponse', () => {
  it('unwraps the DocSpace envelope', () => {
    const text = JSON.stringify({ count: 1, response: { id: 'u1' }, links: [], status: 0, statusCode: 200 });
    expect(interpretResponse(raw(200, text))).toMatchObject({
      response: { id: 'u1' },
      count: 1,
      status: 200,
    });
  });

  it('treats status 1 as a failure even on HTTP 200', () => {
    const text = JSON.stringify({ error: { message: 'Invalid file id' }, status: 1, statusCode: 400 });
    expect(() => interpretResponse(raw(200, text))).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_API_ERROR',
        status: 400,
        serverMessage: 'Invalid file id',
        message:
          'GET https://portal.example.com/api/2.0/people/@self failed with 400 (the API reported a failure): "Invalid file id"',
      }),
    );
  });

  it('maps an empty-body 401 and 403 from the auth layer', () => {
    expect(() => interpretResponse(raw(401, ''))).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_UNAUTHORIZED',
        message:
          'GET https://portal.example.com/api/2.0/people/@self failed with 401 (unauthorized: the credentials are missing, invalid, expired or revoked)',
      }),
    );
    expect(() => interpretResponse(raw(403, ''))).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_FORBIDDEN', status: 403 }),
    );
  });

  it('maps a JSON error envelope and keeps the server message', () => {
    const text = JSON.stringify({
      error: { message: 'User authentication failed', type: null, stack: null, hresult: 0 },
      status: 1,
      statusCode: 401,
    });
    expect(() => interpretResponse(raw(401, text, { method: 'POST' }))).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_UNAUTHORIZED', serverMessage: 'User authentication failed' }),
    );
  });

  it('reads Retry-After on an empty 429', () => {
    const error = catchError(() =>
      interpretResponse(raw(429, '', { headers: new Headers({ 'retry-after': '12' }) })),
    );
    expect(error).toMatchObject({ code: 'ERR_AUTH_RATE_LIMITED', retryAfterMs: 12_000, retryable: true });
  });

  it('accepts OAuth errors and ProblemDetails bodies', () => {
    expect(catchError(() => interpretResponse(raw(400, '{"error":"invalid_grant"}')))).toMatchObject({
      serverMessage: 'invalid_grant',
    });
    const problem = JSON.stringify({ type: 'x', title: 'Bad', status: 400, detail: 'name too long' });
    expect(catchError(() => interpretResponse(raw(400, problem)))).toMatchObject({
      serverMessage: 'name too long',
      code: 'ERR_AUTH_HTTP_ERROR',
    });
  });

  it('returns unwrapped identity responses as they are', () => {
    expect(interpretResponse(raw(200, '{"active":true}')).response).toEqual({ active: true });
    expect(interpretResponse(raw(200, '')).response).toBeUndefined();
  });

  it('rejects a 2xx body that is not JSON, such as an HTML page', () => {
    expect(() => interpretResponse(raw(200, '<html>login</html>'))).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_BAD_RESPONSE',
        message:
          'GET https://portal.example.com/api/2.0/people/@self: expected a JSON body, got something else',
      }),
    );
    expect(catchError(() => interpretResponse(raw(502, '<html>bad gateway</html>')))).toMatchObject({
      code: 'ERR_AUTH_SERVER_ERROR',
      retryable: true,
    });
  });

  it('never crashes: any status and body give a result or an AuthError (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.oneof(fc.string(), fc.json()), (status, text) => {
        try {
          interpretResponse(raw(status, text));
          expect(status >= 200 && status < 300).toBe(true);
        } catch (error) {
          expect(AuthError.isInstance(error)).toBe(true);
        }
      }),
    );
  });

  it('round-trips any JSON payload through the envelope (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (payload, count) => {
        const text = JSON.stringify({ response: payload, count, status: 0, statusCode: 200 });
        const result = interpretResponse(raw(200, text));
        expect(result.response).toEqual(JSON.parse(JSON.stringify(payload)));
        expect(result.count).toBe(count);
      }),
    );
  });

  it('fails every envelope with status 1, whatever the HTTP status (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 599 }), fc.string(), (status, message) => {
        const text = JSON.stringify({ error: { message }, status: 1, statusCode: status });
        const error = catchError(() => interpretResponse(raw(status, text)));
        expect(AuthHttpError.isInstance(error)).toBe(true);
        expect((error as AuthHttpError).message).not.toMatch(/[\r\n]/);
      }),
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
