/** The JSON envelope DocSpace wraps every `/api/2.0` answer in. */
export interface DocSpaceEnvelope<T = unknown> {
  response?: T;
  count: number;
  total?: number;
  links: Array<{ href: string; action: string }>;
  status: 0 | 1;
  statusCode: number;
  error?: { message: string; type?: string; stack?: string };
}

/**
 * Wraps `response` like DocSpace does on success: `count` is the list length, 1 for a scalar and 0
 * for `null` (then `response` is omitted). Pure; for mock servers and fixtures.
 *
 * @example
 * ```ts
 * pool.intercept({ path: '/api/2.0/people/@self' }).reply(200, docSpaceEnvelope({ id: '66faa6e4-…' }));
 * ```
 * @see docs/docspace-behaviour.md §8.2
 */
export function docSpaceEnvelope<T>(
  response: T,
  options: { statusCode?: number; total?: number; href?: string; method?: string } = {},
): DocSpaceEnvelope<T> {
  const count = Array.isArray(response)
    ? response.length
    : response === null || response === undefined
      ? 0
      : 1;
  return {
    ...(response === null || response === undefined ? {} : { response }),
    count,
    ...(options.total === undefined ? {} : { total: options.total }),
    links: [{ href: options.href ?? 'http://localhost/api/2.0', action: options.method ?? 'GET' }],
    status: 0,
    statusCode: options.statusCode ?? 200,
  };
}

/**
 * A DocSpace error envelope (`status: 1` with `error.message`), as handlers return it for
 * exceptions. Pure; for mock servers and fixtures.
 *
 * @example
 * ```ts
 * pool.intercept({ path: '/api/2.0/keys', method: 'POST' }).reply(403, docSpaceErrorEnvelope('Access denied', 403));
 * ```
 * @see docs/docspace-behaviour.md §3.1, §8.3
 */
export function docSpaceErrorEnvelope(message: string, statusCode: number): DocSpaceEnvelope<never> {
  return {
    count: 0,
    links: [{ href: 'http://localhost/api/2.0', action: 'GET' }],
    status: 1,
    statusCode,
    error: { message, type: 'System.Exception' },
  };
}
