import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleApi } from '../api/router.js';
import type { EmulatorContext, RequestLogEntry } from '../state/emulator-context.js';
import type { Faults } from './faults.js';
import { infoPage } from './html.js';
import { type Exchange, readBody, sendEmpty, sendHtml } from './http.js';
import { authorize, consent } from '../oauth/authorize.js';
import { loginCodeSubmit, loginForm, loginSubmit } from '../pat/login-form.js';
import { discovery, endSession, jwks, userinfo } from '../oauth/oidc.js';
import { introspect, revoke } from '../oauth/revoke-introspect.js';
import { token } from '../oauth/token.js';
import { consumeIdentityRequest } from './rate-limit.js';
import { handleRegistration, isRegistrationPath } from '../oauth/registration/router.js';

function clientIp(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || '127.0.0.1';
}

/**
 * Discovery paths. nginx (DocSpace-buildtools `config/nginx/onlyoffice.conf`, the
 * `^(?:/oauth2)?(/\.well-known/...)?$` location) rewrites `/oauth2/.well-known/*` to `/.well-known/*`, so
 * both answer the same document with `issuer = {portal}`; nothing serves the RFC 8414 `/.well-known/…/oauth2`
 * form or `/api/2.0/oauth2/.well-known/*`.
 */
const DISCOVERY = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/oauth2/.well-known/openid-configuration',
  '/oauth2/.well-known/oauth-authorization-server',
]);

/** The authorization server's endpoints by method (its security filter chain, rate limit included). */
const AUTHORIZATION_ENDPOINTS: Record<string, readonly string[]> = {
  '/oauth2/authorize': ['GET', 'POST'],
  '/oauth2/token': ['POST'],
  '/oauth2/introspect': ['POST'],
  '/oauth2/revoke': ['POST'],
  '/oauth2/jwks': ['GET'],
  '/oauth2/userinfo': ['GET', 'POST'],
  '/connect/logout': ['GET', 'POST'],
};

function isAuthorizationEndpoint(method: string, path: string): boolean {
  if (DISCOVERY.has(path)) return method === 'GET';
  return AUTHORIZATION_ENDPOINTS[path]?.includes(method) ?? false;
}

function cors(ex: Exchange): boolean {
  const origin = ex.req.headers.origin;
  if (origin) {
    ex.res.setHeader('Access-Control-Allow-Origin', '*');
    ex.res.setHeader(
      'Access-Control-Expose-Headers',
      'X-Ratelimit-Remaining, X-Ratelimit-Reset, Retry-After',
    );
  }
  if (ex.method !== 'OPTIONS' || !ex.req.headers['access-control-request-method']) return false;
  ex.res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  ex.res.setHeader(
    'Access-Control-Allow-Headers',
    String(ex.req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type'),
  );
  ex.res.setHeader('Access-Control-Max-Age', '600');
  sendEmpty(ex, 204);
  return true;
}

async function route(ex: Exchange): Promise<void> {
  const { method } = ex;
  // nginx: `/api/2.0/oauth2/(clients|scopes)*` goes to the registration service as `/api/2.0/…`, and
  // `{portal}/api/2.0/oauth2/*` is rewritten to `/oauth2/*` for the authorization server (docs/docspace-behaviour.md §5.1).
  if (/^\/api\/2\.0\/oauth2\/(clients|scopes)(\/|$)/.test(ex.path)) ex.path = `/api/2.0${ex.path.slice(15)}`;
  else if (ex.path.startsWith('/api/2.0/oauth2/')) {
    ex.path = ex.path.slice('/api/2.0'.length);
    if (ex.path.startsWith('/oauth2/.well-known/')) return sendEmpty(ex, 404);
  }
  const path = ex.path;
  if (isRegistrationPath(path)) return handleRegistration(ex);
  if (path.startsWith('/api/2.0/')) return handleApi(ex);
  if (method === 'POST' && path === '/oauth2/token') ex.ctx.state.stats.tokenRequests++;
  if (isAuthorizationEndpoint(method, path) && !consumeIdentityRequest(ex, 'authorization')) return;
  if (DISCOVERY.has(path) && method === 'GET') return discovery(ex);
  if (path === '/oauth2/authorize' && method === 'GET') return authorize(ex);
  if (path === '/oauth2/authorize' && method === 'POST') return consent(ex);
  if (path === '/oauth2/jwks' && method === 'GET') return jwks(ex);
  if (path === '/oauth2/userinfo' && (method === 'GET' || method === 'POST')) return userinfo(ex);
  if (method === 'POST' && path === '/oauth2/token') return token(ex);
  if (method === 'POST' && path === '/oauth2/revoke') return revoke(ex);
  if (method === 'POST' && path === '/oauth2/introspect') return introspect(ex);
  if (path === '/connect/logout') return endSession(ex);
  if (path === '/login' && method === 'GET') return loginForm(ex);
  if (path === '/login' && method === 'POST') return loginSubmit(ex);
  if (path === '/login/code' && method === 'POST') return loginCodeSubmit(ex);
  if (path === '/' && method === 'GET')
    return sendHtml(ex, 200, infoPage('DocSpace emulator', `A local DocSpace portal at ${ex.ctx.url}.`));
  sendEmpty(ex, 404);
}

/** Creates the node:http request listener. */
export function createListener(
  ctx: EmulatorContext,
  faults: Faults,
  log: RequestLogEntry[],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', ctx.url);
    const ex: Exchange = {
      req,
      res,
      ctx,
      method: (req.method ?? 'GET').toUpperCase(),
      url,
      path: url.pathname,
      ip: clientIp(req),
      body: Buffer.alloc(0),
      scheme: 'none',
      params: {},
    };
    const entry: RequestLogEntry = {
      method: ex.method,
      path: url.pathname,
      status: 0,
      scheme: 'none',
      time: ctx.clock.now(),
    };
    log.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.scheme = ex.scheme;
    });
    res.on('close', () => {
      entry.scheme = ex.scheme;
    });
    (async () => {
      ex.body = await readBody(req);
      if (cors(ex)) return;
      const fault = await faults.apply(ex);
      if (fault !== null) entry.fault = fault.replace(':continue', '');
      if (fault !== null && !fault.endsWith(':continue')) return;
      await route(ex);
    })().catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = error instanceof RangeError ? 413 : 500;
      res.statusCode = status;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(status === 413 ? 'Payload Too Large' : 'Internal Server Error');
    });
  };
}
