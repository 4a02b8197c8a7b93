import { type Exchange, sendEmpty } from '../../server/http.js';
import { consumeIdentityRequest } from '../../server/rate-limit.js';
import { requestSignature, type SignatureRole, signatureRole } from '../signature.js';
import * as clients from './clients.js';
import type { Caller } from './clients.js';
import * as consents from './consents.js';
import { sendProblem, UnreadableRequest } from './problem.js';
import { listScopes } from './scopes.js';

// The registration service behind `{portal}/api/2.0/clients*` and `/api/2.0/scopes*`
// (DocSpace-buildtools config/nginx/onlyoffice.conf, `location ~* /(clients|scopes)`), with its security
// chain: common/ASC.Identity/registration/registration-application/.../configuration/SecurityConfiguration.java,
// .../security/filter/BasicSignatureAuthenticationFilter.java and .../security/filter/RateLimiterFilter.java.

type Handler = (ex: Exchange, caller: Caller) => undefined;

interface Route {
  method: string;
  pattern: RegExp;
  /** Who may call it (`@PreAuthorize`); undefined: any signed-in caller; 'anonymous': `permitAll`. */
  roles?: readonly SignatureRole[] | 'anonymous';
  handler: Handler;
}

const ADMIN_OR_USER: readonly SignatureRole[] = ['admin', 'user'];
const ID = '(?<clientId>[^/]+)';

const ROUTES: Route[] = [
  { method: 'POST', pattern: /^clients$/, roles: ADMIN_OR_USER, handler: clients.createClient },
  { method: 'GET', pattern: /^clients$/, roles: ADMIN_OR_USER, handler: clients.listClients },
  { method: 'DELETE', pattern: /^clients$/, roles: ADMIN_OR_USER, handler: clients.deleteOwnClients },
  { method: 'GET', pattern: /^clients\/info$/, roles: ADMIN_OR_USER, handler: clients.listClientInfos },
  { method: 'GET', pattern: /^clients\/consents$/, handler: consents.listConsents },
  { method: 'DELETE', pattern: /^clients\/tenant$/, roles: ['admin'], handler: clients.deleteTenantClients },
  {
    method: 'GET',
    pattern: new RegExp(`^clients/${ID}/public/info$`),
    roles: 'anonymous',
    handler: clients.getPublicClientInfo,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^clients/${ID}/info$`),
    roles: ADMIN_OR_USER,
    handler: clients.getClientInfo,
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`^clients/${ID}/regenerate$`),
    roles: ADMIN_OR_USER,
    handler: clients.regenerateSecret,
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`^clients/${ID}/activation$`),
    roles: ADMIN_OR_USER,
    handler: clients.changeActivation,
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^clients/${ID}/revoke$`),
    roles: ['admin', 'user', 'guest'],
    handler: consents.revokeConsent,
  },
  { method: 'GET', pattern: new RegExp(`^clients/${ID}$`), roles: ADMIN_OR_USER, handler: clients.getClient },
  {
    method: 'PUT',
    pattern: new RegExp(`^clients/${ID}$`),
    roles: ADMIN_OR_USER,
    handler: clients.updateClient,
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^clients/${ID}$`),
    roles: ADMIN_OR_USER,
    handler: clients.deleteClient,
  },
  { method: 'GET', pattern: /^scopes$/, handler: listScopes },
];

/** Whether the registration service (not the DocSpace API) answers this path. */
export function isRegistrationPath(path: string): boolean {
  return /^\/api\/2\.0\/(clients|scopes)(\/|$)/.test(path);
}

/**
 * Serves the registration service: the `x-signature` (cookie or header) authenticates; a bad one is 403
 * with no body, a missing one 403 with no body except on `…/public/info`; then the per-user rate limit,
 * routing (404/405 problems), the role check (403 problem "Access denied") and the handler.
 */
export async function handleRegistration(ex: Exchange): Promise<void> {
  const route = ex.path.slice('/api/2.0/'.length).replace(/\/+$/, '');
  const candidates = ROUTES.filter((candidate) => candidate.pattern.test(route));
  const method = ex.method === 'HEAD' ? 'GET' : ex.method;
  const match = candidates.find((candidate) => candidate.method === method);
  const signature = await requestSignature(ex);
  if (signature.present && !signature.claims) return sendEmpty(ex, 403);
  if (!signature.claims && match?.roles !== 'anonymous') return sendEmpty(ex, 403);
  if (!consumeIdentityRequest(ex, 'registration', signature.claims?.userId)) return;
  if (!match) {
    if (candidates.length > 0) return sendProblem(ex, 405, `Request method '${ex.method}' is not supported`);
    return sendProblem(ex, 404, `No static resource ${ex.path.slice(1)}.`);
  }
  ex.params = { ...(match.pattern.exec(route)?.groups ?? {}) };
  const caller = signature.claims
    ? { claims: signature.claims, role: signatureRole(signature.claims) }
    : null;
  if (Array.isArray(match.roles) && !match.roles.includes(caller!.role))
    return sendProblem(ex, 403, 'Access denied');
  try {
    match.handler(ex, caller as Caller);
  } catch (error) {
    if (!(error instanceof UnreadableRequest)) throw error;
    sendProblem(ex, 500, 'Something went wrong');
  }
}
