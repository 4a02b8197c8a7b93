import { type Exchange, sendEmpty } from '../server/http.js';
import { authenticate, type Principal } from './schemes.js';
import { scopeAllows } from './scopes.js';
import * as auth from '../pat/authentication.js';
import * as connections from '../pat/connections.js';
import * as files from './files.js';
import * as keys from '../apikeys/keys.js';
import * as people from './people.js';
import * as portal from './portal.js';
import * as security from '../oauth/security.js';

type Handler = (ex: Exchange, principal: Principal | null) => void | Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  anonymous?: boolean;
  /**
   * The endpoint has an `[Authorize]` attribute of its own (e.g. `[Authorize(AuthenticationSchemes =
   * "confirm", Roles = "LinkInvite,Authenticated")]`): `WithRequirementAuthorization` then attaches no
   * scope policy, and `ApiKeyScopesFilter` checks only `[AllowAnonymous]` endpoints, so no credential's
   * scopes are checked there.
   */
  ownAuthorize?: boolean;
  handler: Handler;
}

const GUID = '[0-9a-fA-F-]{36}';

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^authentication$/, anonymous: true, handler: auth.isAuthenticated },
  { method: 'POST', pattern: /^authentication$/, anonymous: true, handler: auth.login },
  { method: 'POST', pattern: /^authentication\/logout$/, anonymous: true, handler: auth.logout },
  { method: 'POST', pattern: /^authentication\/sendsms$/, anonymous: true, handler: auth.resendSms },
  {
    method: 'POST',
    pattern: /^authentication\/(?<code>[^/]+)$/,
    anonymous: true,
    handler: auth.loginWithCode,
  },
  { method: 'GET', pattern: /^security\/activeconnections$/, handler: connections.listConnections },
  {
    method: 'PUT',
    pattern: /^security\/activeconnections\/logout\/(?<loginEventId>\d+)$/,
    handler: connections.logoutConnection,
  },
  {
    method: 'PUT',
    pattern: new RegExp(`^security/activeconnections/logoutall/(?<userId>${GUID})$`),
    handler: connections.logoutAllForUser,
  },
  {
    method: 'PUT',
    pattern: /^security\/activeconnections\/logoutallexceptthis$/,
    handler: connections.logoutAllExceptThis,
  },
  {
    method: 'PUT',
    pattern: /^security\/activeconnections\/logoutallchangepassword$/,
    handler: connections.logoutAllChangePassword,
  },
  { method: 'GET', pattern: /^security\/oauth2\/token$/, handler: security.oauthSignature },
  { method: 'GET', pattern: /^keys$/, handler: keys.listKeys },
  { method: 'POST', pattern: /^keys$/, handler: keys.createKey },
  { method: 'GET', pattern: /^keys\/@self$/, handler: keys.selfKey },
  { method: 'GET', pattern: /^keys\/permissions$/, handler: keys.keyPermissions },
  { method: 'PUT', pattern: new RegExp(`^keys/(?<keyId>${GUID})$`), handler: keys.updateKey },
  { method: 'DELETE', pattern: new RegExp(`^keys/(?<keyId>${GUID})$`), handler: keys.deleteKey },
  { method: 'GET', pattern: /^people\/@self$/, handler: people.getSelf },
  { method: 'GET', pattern: /^people$/, handler: people.listPeople },
  { method: 'GET', pattern: /^people\/filter$/, handler: people.searchPeople },
  // UserController.cs GetProfileByUserId: [HttpGet("{userid}", Order = 1)] with its own [Authorize], so the
  // literal routes above win and no scope is checked.
  {
    method: 'GET',
    pattern: /^people\/(?!@self$|filter$)(?<userId>[^/]+)$/,
    ownAuthorize: true,
    handler: people.getProfile,
  },
  { method: 'GET', pattern: /^group$/, handler: people.listGroups },
  { method: 'GET', pattern: /^files\/rooms$/, handler: files.listRooms },
  { method: 'POST', pattern: /^files\/rooms$/, handler: files.createRoom },
  { method: 'GET', pattern: /^files\/rooms\/(?<id>\d+)$/, handler: files.getRoom },
  { method: 'GET', pattern: /^files\/@my$/, handler: files.myDocuments },
  { method: 'GET', pattern: /^capabilities$/, anonymous: true, handler: portal.capabilities },
  { method: 'GET', pattern: /^settings$/, anonymous: true, handler: portal.settings },
];

/**
 * Serves `/api/2.0/*`: scheme selection and authentication, then 401 (empty) for a missing credential,
 * 403 (empty) for a missing scope, then the handler. Endpoints with `[AllowAnonymous]` or an `[Authorize]`
 * of their own get no scope policy (`common/ASC.Api.Core/Auth/AuthorizationExtension.cs`
 * `WithRequirementAuthorization`); `common/ASC.Api.Core/Middleware/ApiKeyScopesFilter.cs` checks the
 * `[AllowAnonymous]` ones, and only for `sk-` keys, so a JWT passes there.
 */
export async function handleApi(ex: Exchange): Promise<void> {
  const route = ex.path.slice('/api/2.0/'.length).replace(/\/+$/, '');
  const candidates = ROUTES.filter((candidate) => candidate.pattern.test(route));
  const method = ex.method === 'HEAD' ? 'GET' : ex.method;
  const match = candidates.find((candidate) => candidate.method === method);
  if (!match) return sendEmpty(ex, candidates.length > 0 ? 405 : 404);
  ex.params = { ...(match.pattern.exec(route)?.groups ?? {}) };
  const outcome = await authenticate(ex);
  ex.scheme = outcome.scheme;
  if (outcome.scheme === 'basic') ex.res.setHeader('WWW-Authenticate', 'Basic');
  if (outcome.principal === null && !match.anonymous) return sendEmpty(ex, 401);
  const scopeChecked = match.anonymous ? outcome.scheme === 'api-key' : !match.ownAuthorize;
  if (
    outcome.principal &&
    scopeChecked &&
    !scopeAllows(outcome.principal.scopes, method, route.toLowerCase())
  )
    return sendEmpty(ex, 403);
  await match.handler(ex, outcome.principal);
}
