import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthConfigError } from './errors.js';
import { assertHeaderValue, isLoopbackHost, parseBaseUrl } from './validate.js';

describe('assertHeaderValue', () => {
  it('rejects CR, LF and NUL and names the field, never the value', () => {
    for (const bad of ['a\r\nb', 'a\nb', 'a\u0000b', 'a\u007fb']) {
      expect(() => assertHeaderValue(`Bearer secret-${bad}`, 'apiKey')).toThrow(
        expect.objectContaining({
          code: 'ERR_AUTH_INVALID_HEADER',
          option: 'apiKey',
          message: '"apiKey" contains a control character at position 15',
        }),
      );
    }
  });

  it('accepts exactly what fetch accepts as a header value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        let ours = true;
        try {
          assertHeaderValue(value, 'value');
        } catch (error) {
          expect(AuthConfigError.isInstance(error)).toBe(true);
          expect((error as Error).message.includes(value) && value.length > 3).toBe(false);
          ours = false;
        }
        let platform = true;
        try {
          new Headers({ x: value });
          platform = new Headers({ x: value }).get('x') === value;
        } catch {
          platform = false;
        }
        // Anything we accept goes on the wire unchanged.
        if (ours) expect(platform).toBe(true);
      }),
    );
  });
});

describe('parseBaseUrl', () => {
  it('allows https anywhere and http only on loopback', () => {
    expect(parseBaseUrl('https://portal.example.com/').href).toBe('https://portal.example.com/');
    expect(parseBaseUrl('http://127.0.0.1:8080/docspace/').href).toBe('http://127.0.0.1:8080/docspace');
    expect(parseBaseUrl('http://localhost:3000').origin).toBe('http://localhost:3000');
    expect(parseBaseUrl('http://portal.lan', { allowInsecureHttp: true }).protocol).toBe('http:');
    expect(() => parseBaseUrl('http://portal.lan')).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }),
    );
  });

  it('rejects credentials, queries, other schemes and garbage, naming the option', () => {
    expect(() => parseBaseUrl('https://user:pw@portal.example.com', { option: 'portal' })).toThrow(
      '"portal" must not contain a user name or password',
    );
    expect(() => parseBaseUrl('https://portal.example.com/?a=1')).toThrow(
      '"baseUrl" must not contain a query string or fragment',
    );
    expect(() => parseBaseUrl('ftp://portal.example.com')).toThrow('"baseUrl" must use https (got "ftp:")');
    expect(() => parseBaseUrl('not a url')).toThrow('"baseUrl" is not a valid absolute URL');
    expect(() => parseBaseUrl(42)).toThrow('"baseUrl" must be a URL string');
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback names and addresses', () => {
    expect(['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]'].every(isLoopbackHost)).toBe(
      true,
    );
    expect(
      ['127.0.0.1.evil.com', '10.0.0.1', 'example.com', '128.0.0.1', '127.0.0.256'].some(isLoopbackHost),
    ).toBe(false);
  });
});
