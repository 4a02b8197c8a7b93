import type { Exchange } from '../../server/http.js';

/** The `type` of every registration-service problem (`RegistrationGlobalExceptionHandler.java`). */
export const PROBLEM_TYPE = 'https://api.onlyoffice.com/docspace/api-backend/get-started/basic-concepts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** One entry of a validation problem's `errors` (`ValidationErrorResponse.FieldError`). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * Sends a Spring `ProblemDetail` (`application/problem+json`): `type`, `title` (the reason phrase),
 * `status`, `detail`, `instance` (the request path) and any extra properties such as `errors`.
 */
export function sendProblem(
  ex: Exchange,
  status: number,
  detail: string,
  properties: Record<string, unknown> = {},
): undefined {
  const text = JSON.stringify({
    type: PROBLEM_TYPE,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: ex.url.pathname,
    ...properties,
  });
  ex.res.statusCode = status;
  ex.res.setHeader('Content-Type', 'application/problem+json');
  ex.res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  ex.res.end(text);
}

/** 400 "Validation failed" with `errors` (bean validation and the invalid-scope check). */
export function sendValidationFailed(ex: Exchange, errors: FieldError[]): undefined {
  return sendProblem(ex, 400, 'Validation failed', { errors });
}

/** Sends snake_case JSON without the DocSpace envelope. */
export function sendPlainJson(ex: Exchange, status: number, value: unknown): undefined {
  const text = JSON.stringify(value);
  ex.res.statusCode = status;
  ex.res.setHeader('Content-Type', 'application/json');
  ex.res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  ex.res.end(text);
}

/** A status with no body (`ResponseEntity.status(...).build()`). */
export function sendNoBody(ex: Exchange, status: number): undefined {
  ex.res.statusCode = status;
  ex.res.setHeader('Content-Length', '0');
  ex.res.end();
}

/** A request the registration service cannot read: the catch-all handler answers 500. */
export class UnreadableRequest extends Error {}
