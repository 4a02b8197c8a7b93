import { AuthConfigError } from './errors.js';

/**
 * Checks that `value` may be sent as an HTTP header value: no CR, LF, NUL or other control
 * characters (tab allowed), no leading or trailing white space.
 * Throws `AuthConfigError` with code `ERR_AUTH_INVALID_HEADER` naming `field`; the value is never quoted.
 */
export function assertHeaderValue(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new AuthConfigError(field, `"${field}" must be a string`, { code: 'ERR_AUTH_INVALID_HEADER' });
  }
  for (let index = 0; index < value.length; index++) {
    const char = value.charCodeAt(index);
    if ((char < 0x20 && char !== 0x09) || char === 0x7f) {
      throw new AuthConfigError(field, `"${field}" contains a control character at position ${index}`, {
        code: 'ERR_AUTH_INVALID_HEADER',
      });
    }
    if (char > 0xff) {
      throw new AuthConfigError(
        field,
        `"${field}" contains a character outside latin-1 at position ${index}`,
        {
          code: 'ERR_AUTH_INVALID_HEADER',
        },
      );
    }
  }
  if (value !== value.trim()) {
    throw new AuthConfigError(field, `"${field}" has leading or trailing white space`, {
      code: 'ERR_AUTH_INVALID_HEADER',
    });
  }
}

const TOKEN_CHARS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Checks that `name` is an RFC 9110 field name. Throws `AuthConfigError` (`ERR_AUTH_INVALID_HEADER`). */
export function assertHeaderName(name: string, field: string): void {
  if (typeof name !== 'string' || !TOKEN_CHARS.test(name)) {
    throw new AuthConfigError(field, `"${field}" is not a valid header name`, {
      code: 'ERR_AUTH_INVALID_HEADER',
    });
  }
}

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  const parts = host.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
  );
}

/** Options for {@link parseBaseUrl}. */
export interface ParseBaseUrlOptions {
  /** The option name used in error messages. Defaults to `baseUrl`. */
  option?: string;
  /** Allow plain `http:` to a host that is not loopback. Never the default. */
  allowInsecureHttp?: boolean;
}

/**
 * Validates a portal URL and returns it normalised: an `https:` URL (or `http:` on loopback, or with
 * `allowInsecureHttp`), no credentials, query or fragment, and a path without a trailing slash.
 * Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION` or `ERR_AUTH_INSECURE_URL`) naming the option.
 *
 * @example
 * ```ts
 * parseBaseUrl('https://portal.example.com/').href; // 'https://portal.example.com/'
 * ```
 */
export function parseBaseUrl(value: unknown, options: ParseBaseUrlOptions = {}): URL {
  const option = options.option ?? 'baseUrl';
  if (typeof value !== 'string' && !(value instanceof URL)) {
    throw new AuthConfigError(option, `"${option}" must be a URL string`);
  }
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new AuthConfigError(option, `"${option}" is not a valid absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthConfigError(option, `"${option}" must use https (got "${url.protocol}")`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && options.allowInsecureHttp !== true) {
    throw new AuthConfigError(
      option,
      `"${option}" must use https; plain http is allowed only for loopback hosts or with "allowInsecureHttp: true"`,
      { code: 'ERR_AUTH_INSECURE_URL' },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AuthConfigError(option, `"${option}" must not contain a user name or password`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new AuthConfigError(option, `"${option}" must not contain a query string or fragment`);
  }
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) {
    url.pathname = url.pathname.replace(/\/+$/, '');
  }
  return url;
}

/** Throws `AuthConfigError` unless `value` is a non-empty string. */
export function requireString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AuthConfigError(option, `"${option}" must be a non-empty string`);
  }
  return value;
}

/** Throws `AuthConfigError` unless `value` is undefined or a finite number within [min, max]. */
export function optionalNumber(value: unknown, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new AuthConfigError(option, `"${option}" must be a number from ${min} to ${max}`);
  }
  return value;
}

/** Throws `AuthConfigError` unless `value` is undefined or a function. */
export function optionalFunction<T extends Function>(value: unknown, option: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new AuthConfigError(option, `"${option}" must be a function`);
  return value as T;
}

/** Throws `AuthConfigError` unless `value` is undefined or an `AbortSignal`. */
export function optionalSignal(value: unknown, option = 'signal'): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as AbortSignal).aborted !== 'boolean') {
    throw new AuthConfigError(option, `"${option}" must be an AbortSignal`);
  }
  return value as AbortSignal;
}

/** Throws `AuthConfigError` unless `value` is a plain object (the options bag of a factory). */
export function requireOptions(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthConfigError(name, `"${name}" must be an object`);
  }
  return value as Record<string, unknown>;
}
