import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../state/emulator-context.js';

/** How the request authenticated, as the API's scheme selector decided (docs/docspace-behaviour.md §2). */
export type SchemeName = 'basic' | 'jwt' | 'api-key' | 'cookie' | 'header' | 'none';

/** One request as the handlers see it. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
  method: string;
  url: URL;
  path: string;
  ip: string;
  body: Buffer;
  /** What the request log records as the scheme. */
  scheme: SchemeName;
  params: Record<string, string>;
}

const BODY_LIMIT = 1024 * 1024;

/** Reads the whole request body (1 MB cap). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new RangeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON or form body into a plain object; unknown content is `{}`. */
export function parseBody(ex: Exchange): Record<string, unknown> {
  const text = ex.body.toString('utf8');
  if (text.trim() === '') return {};
  const type = String(ex.req.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Reads a field case-insensitively, as ASP.NET model binding does. */
export function field(body: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(body)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** A string field; numbers are accepted as strings (and vice versa), as the real binder does. */
export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = field(body, name);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Parses the Cookie header. */
export function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** Sends a status with no body (the auth layer's 401/403/429). */
export function sendEmpty(ex: Exchange, status: number, headers: Record<string, string> = {}): undefined {
  for (const [name, value] of Object.entries(headers)) ex.res.setHeader(name, value);
  ex.res.statusCode = status;
  ex.res.setHeader('Content-Length', '0');
  ex.res.end();
}

/** Sends JSON with `application/json; charset=utf-8`. */
export function sendJson(
  ex: Exchange,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): undefined {
  const text = JSON.stringify(value);
  for (const [name, header] of Object.entries(headers)) ex.res.setHeader(name, header);
  ex.res.statusCode = status;
  ex.res.setHeader('Content-Type', 'application/json; charset=utf-8');
  ex.res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  ex.res.end(text);
}

/** Sends an HTML page. */
export function sendHtml(ex: Exchange, status: number, html: string): undefined {
  ex.res.statusCode = status;
  ex.res.setHeader('Content-Type', 'text/html; charset=utf-8');
  ex.res.setHeader('Cache-Control', 'no-store');
  ex.res.setHeader('Content-Length', String(Buffer.byteLength(html)));
  ex.res.end(html);
}

/** A 302 to `location`. */
export function redirect(ex: Exchange, location: string, headers: Record<string, string> = {}): undefined {
  for (const [name, value] of Object.entries(headers)) ex.res.setHeader(name, value);
  ex.res.statusCode = 302;
  ex.res.setHeader('Location', location);
  ex.res.setHeader('Content-Length', '0');
  ex.res.end();
}

/** Drops `null`/`undefined` object members recursively (success JSON uses `WhenWritingNull`). */
export function omitNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== null && member !== undefined) out[key] = omitNulls(member);
    }
    return out;
  }
  return value;
}

/** `QueryExtension.GetRequestArray`: `key[]` values, else `key` values, a single one split at commas. */
export function requestArray(query: URLSearchParams, key: string): string[] | null {
  const bracketed = query.getAll(`${key}[]`);
  if (bracketed.length > 0) return bracketed;
  const values = query.getAll(key);
  if (values.length === 1 && values[0] !== '') return values[0]!.split(',');
  return values.length > 0 ? values : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `fields` selection of `common/ASC.Api.Core/Core/DynamicIgnoreResolver.cs` (`DynamicIgnoreConverter`)
 * on the `response` tree: at the first level a property stays when a field names it (`id`) or starts
 * with it (`createdBy.id`); deeper, when a dotted field names its path or a prefix of it, or a field
 * names its parent (which keeps the whole parent). Arrays apply it to every element.
 */
export function selectFields(value: unknown, fields: readonly string[], depth = 1, parent = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => selectFields(item, fields, depth, parent));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    let path = parent;
    const keep = fields.some((field) => {
      if (field.includes('.')) {
        const check = depth === 1 ? name : `${parent}.${name}`;
        const hit = field === check || field === parent || field.startsWith(`${check}.`);
        if (hit) path = check;
        return hit;
      }
      const hit = field === (depth === 1 ? name : parent);
      if (hit && depth === 1) path = name;
      return hit;
    });
    if (keep) out[name] = selectFields(member, fields, depth + 1, path);
  }
  return out;
}

/**
 * Sends the DocSpace success envelope (docs/docspace-behaviour.md §8.2): `count` is 1 for a scalar, the length for a
 * list and 0 for null (then `response` is omitted); `links` holds the full request URL. A `fields`
 * query narrows `response` (`selectFields`).
 */
export function sendEnvelope(ex: Exchange, payload: unknown, extra: { total?: number } = {}): undefined {
  const count = payload === null || payload === undefined ? 0 : Array.isArray(payload) ? payload.length : 1;
  const body: Record<string, unknown> = { count };
  const fields = requestArray(ex.url.searchParams, 'fields');
  if (count !== 0 || (payload !== null && payload !== undefined))
    body.response = fields ? selectFields(omitNulls(payload), fields) : omitNulls(payload);
  if (extra.total !== undefined) body.total = extra.total;
  body.links = [{ href: ex.ctx.url + ex.url.pathname + ex.url.search, action: ex.method }];
  body.status = 0;
  body.statusCode = 200;
  sendJson(ex, 200, body);
}

/**
 * ASP.NET's answer to a failed model validation (`[ApiController]`): a `ValidationProblemDetails` that the
 * envelope filter wraps with `status: 1` and its `statusCode` (`common/ASC.Api.Core/Middleware/CommonApiResponse.cs`
 * `SuccessApiResponse`), sent as HTTP 400.
 */
export function sendValidationProblem(ex: Exchange, errors: Record<string, string[]>): undefined {
  const traceId = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
  sendJson(ex, 400, {
    count: 1,
    response: {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors,
      traceId,
    },
    links: [{ href: ex.ctx.url + ex.url.pathname + ex.url.search, action: ex.method }],
    status: 1,
    statusCode: 400,
  });
}

/** .NET exception types and HRESULTs the emulator reports for handler errors. */
export const EXCEPTIONS = {
  argument: { type: 'System.ArgumentException', hresult: -2147024809 },
  unauthorized: { type: 'System.UnauthorizedAccessException', hresult: -2147024891 },
  security: { type: 'System.Security.SecurityException', hresult: -2146233078 },
  notFound: { type: 'ASC.Common.Web.ItemNotFoundException', hresult: -2146233088 },
  generic: { type: 'System.Exception', hresult: -2146233088 },
  invalidOperation: { type: 'System.InvalidOperationException', hresult: -2146233079 },
  argumentOutOfRange: { type: 'System.ArgumentOutOfRangeException', hresult: -2146233086 },
  nullReference: { type: 'System.NullReferenceException', hresult: -2147467261 },
} as const;

/**
 * Sends the JSON error envelope (docs/docspace-behaviour.md §3.1). `exception` undefined means an authentication or
 * brute-force error: `type` and `stack` null and `hresult` 0; otherwise type and a server stack are filled.
 */
export function sendError(
  ex: Exchange,
  status: number,
  message: string,
  exception?: { type: string; hresult: number },
): undefined {
  const error = exception
    ? {
        message,
        type: exception.type,
        stack: `   at ${exception.type}..ctor(String message)\n   at ASC.Api.Core.Emulated.Handler(${ex.method} ${ex.path})`,
        hresult: exception.hresult,
      }
    : { message, type: null, stack: null, hresult: 0 };
  sendJson(ex, status, { error, status: 1, statusCode: status });
}
