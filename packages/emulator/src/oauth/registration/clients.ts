import { randomBytes } from 'node:crypto';
import type { Exchange } from '../../server/http.js';
import { guid } from '../../state/ids.js';
import type { SignatureClaims, SignatureRole } from '../signature.js';
import { type ClientRecord, randomClientSecret } from '../../state/emulator-state.js';
import { clientInfo, clientPage, clientResponse } from './dto.js';
import { IDENTITY_SCOPES } from './scopes.js';
import {
  sendNoBody,
  sendPlainJson,
  sendProblem,
  sendValidationFailed,
  UnreadableRequest,
} from './problem.js';
import {
  bindActivation,
  bindClientBody,
  readJsonBody,
  validateCreate,
  validateUpdate,
} from './validation.js';

// The client endpoints of the registration service:
// common/ASC.Identity/registration/registration-application/.../controller/ClientCommandController.java and
// ClientQueryController.java, with the role rules of registration-service/.../ClientQueryHandler.java and
// ClientUpdateCommandHandler.java (admins reach every client of the portal, users their own).

/** A signed-in caller of the registration service. */
export interface Caller {
  claims: SignatureClaims;
  role: SignatureRole;
}

const UUID = /^[0-9a-fA-F]{1,8}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,12}$/;

/** `UUID.fromString(...).toString()`: the canonical lower-case form, or null when it does not parse. */
export function canonicalUuid(value: string): string | null {
  if (!UUID.test(value)) return null;
  const widths = [8, 4, 4, 4, 12];
  return value
    .split('-')
    .map((part, i) => part.toLowerCase().padStart(widths[i]!, '0'))
    .join('-');
}

function json(ex: Exchange): Record<string, unknown> | undefined {
  const body = readJsonBody(ex);
  if ('unsupported' in body) {
    sendProblem(ex, 415, `Content-Type '${body.unsupported}' is not supported`);
    return undefined;
  }
  return body;
}

/** A `limit` request parameter: default (or required), an int, 1..50. Returns undefined when it answered. */
export function limitParam(ex: Exchange, fallback: number | null): number | undefined {
  const raw = ex.url.searchParams.get('limit');
  if (raw === null) {
    if (fallback !== null) return fallback;
    sendProblem(ex, 400, "Required request parameter 'limit' for method parameter type int is not present");
    return undefined;
  }
  if (!/^-?\d+$/.test(raw.trim())) throw new UnreadableRequest('limit is not an int');
  const limit = Number(raw);
  if (limit < 1 || limit > 50) {
    sendValidationFailed(ex, [
      {
        field: 'limit',
        code: 'ErrorName',
        message: `limit must be ${limit < 1 ? 'at least 1' : 'at most 50'}`,
      },
    ]);
    return undefined;
  }
  return limit;
}

/** An optional `ZonedDateTime` request parameter (epoch ms or null). */
export function dateParam(ex: Exchange, name: string): number | null {
  const raw = ex.url.searchParams.get(name);
  if (raw === null || raw === '') return null;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw new UnreadableRequest(`${name} is not a date`);
  return time;
}

function visibleTo(caller: Caller, client: ClientRecord): boolean {
  return caller.role === 'admin' || client.createdBy === caller.claims.userId;
}

/** `ClientQueryHandler.getClient`: 404 problems with the handler's messages. */
function queryClient(ex: Exchange, caller: Caller): ClientRecord | undefined {
  return visibleClient(ex, caller, (id, tenant) =>
    caller.role === 'admin'
      ? `Client with ID ${id} for tenant ${tenant} was not found`
      : `Client with ID ${id} for tenant ${tenant} and user ${caller.claims.userId} was not found`,
  );
}

/** `ClientUpdateCommandHandler.getClient` (the command side words its 404s differently). */
function commandClient(ex: Exchange, caller: Caller): ClientRecord | undefined {
  return visibleClient(ex, caller, (id, tenant) =>
    caller.role === 'admin'
      ? `Client with id ${id} for tenant ${tenant} was not found`
      : `Client with id ${id} for tenant ${tenant} and user ${caller.claims.userEmail} was not found`,
  );
}

/** The client of the path's `clientId` when the caller may see it; else a 404 problem, worded by `notFound`. */
function visibleClient(
  ex: Exchange,
  caller: Caller,
  notFound: (id: string, tenant: unknown) => string,
): ClientRecord | undefined {
  const id = canonicalUuid(ex.params.clientId ?? '');
  if (id === null) {
    sendProblem(ex, 404, `Client with id ${ex.params.clientId} was not found. Invalid client id format`);
    return undefined;
  }
  const client = ex.ctx.state.client(id);
  if (client && visibleTo(caller, client)) return client;
  sendProblem(ex, 404, notFound(id, caller.claims.tenantId));
  return undefined;
}

function touch(ex: Exchange, caller: Caller, client: ClientRecord): void {
  client.modifiedAt = ex.ctx.clock.now();
  client.modifiedBy = caller.claims.userId;
}

/** Ends every token and consent of a client (the `ClientRemovedEvent` the authorization service handles). */
function forgetClient(ex: Exchange, client: ClientRecord): void {
  const state = ex.ctx.state;
  state.clients = state.clients.filter((candidate) => candidate !== client);
  for (const grant of state.grants.values())
    if (grant.clientId === client.clientId) state.revokeGrant(grant.id);
  for (const key of [...state.grantedConsents.keys()])
    if (key.endsWith(`|${client.clientId}`)) state.grantedConsents.delete(key);
}

/** `POST /api/2.0/clients`: 201 with the whole client and its secret; `is_public` is always true. */
export function createClient(ex: Exchange, caller: Caller): undefined {
  const body = json(ex);
  if (!body) return;
  const input = bindClientBody(body);
  const errors = validateCreate(input);
  if (errors.length > 0) return sendValidationFailed(ex, errors);
  const known = new Set(IDENTITY_SCOPES.map((scope) => scope.name));
  const invalid = input.scopes!.filter((scope) => !known.has(scope));
  if (invalid.length > 0)
    return sendValidationFailed(ex, [
      { field: 'scopes', code: 'ErrorInvalidScope', message: `Invalid scopes: ${invalid.join(', ')}` },
    ]);
  const now = ex.ctx.clock.now();
  const client: ClientRecord = {
    clientId: guid(),
    clientSecret: randomClientSecret(),
    secretCiphertext: randomBytes(48).toString('base64'),
    name: input.name!,
    description: input.description,
    logo: input.logo!,
    websiteUrl: input.websiteUrl!,
    termsUrl: input.termsUrl!,
    policyUrl: input.policyUrl!,
    redirectUris: input.redirectUris!,
    logoutRedirectUris: [input.logoutRedirectUri!],
    scopes: input.scopes!,
    allowPkce: input.allowPkce,
    enabled: true,
    visible: true,
    allowedOrigins: input.allowedOrigins!,
    createdAt: now,
    createdBy: caller.claims.userId,
    modifiedAt: now,
    modifiedBy: caller.claims.userId,
  };
  ex.ctx.state.clients.push(client);
  sendPlainJson(ex, 201, clientResponse(ex.ctx, client, client.clientSecret));
}

/** `GET /api/2.0/clients?limit=30&last_created_on=`: a cursor page, `client_secret` as stored. */
export function listClients(ex: Exchange, caller: Caller): undefined {
  const limit = limitParam(ex, 30);
  if (limit === undefined) return;
  const mine = ex.ctx.state.clients.filter((client) => visibleTo(caller, client));
  sendPlainJson(
    ex,
    200,
    clientPage(mine, limit, dateParam(ex, 'last_created_on'), (client) =>
      clientResponse(ex.ctx, client, client.secretCiphertext),
    ),
  );
}

/** `GET /api/2.0/clients/info?limit=`: the same page as client infos (`limit` required). */
export function listClientInfos(ex: Exchange, caller: Caller): undefined {
  const limit = limitParam(ex, null);
  if (limit === undefined) return;
  const mine = ex.ctx.state.clients.filter((client) => visibleTo(caller, client));
  sendPlainJson(ex, 200, clientPage(mine, limit, dateParam(ex, 'last_created_on'), clientInfo));
}

/** `GET /api/2.0/clients/{clientId}`: the client with its decrypted secret. */
export function getClient(ex: Exchange, caller: Caller): undefined {
  const client = queryClient(ex, caller);
  if (client) sendPlainJson(ex, 200, clientResponse(ex.ctx, client, client.clientSecret));
}

/** `GET /api/2.0/clients/{clientId}/info`. */
export function getClientInfo(ex: Exchange, caller: Caller): undefined {
  const client = queryClient(ex, caller);
  if (client) sendPlainJson(ex, 200, clientInfo(client));
}

/** `GET /api/2.0/clients/{clientId}/public/info` (anonymous: what the consent page shows). */
export function getPublicClientInfo(ex: Exchange): undefined {
  const id = canonicalUuid(ex.params.clientId ?? '');
  const client = id ? ex.ctx.state.client(id) : undefined;
  if (!id)
    return sendProblem(
      ex,
      404,
      `Client with id ${ex.params.clientId} was not found. Invalid client id format`,
    );
  if (!client) return sendProblem(ex, 404, `Client with id ${id} was not found`);
  sendPlainJson(ex, 200, clientInfo(client));
}

/** `PUT /api/2.0/clients/{clientId}`: name, description, logo, allowed origins, allow_pkce; 200 without a body. */
export function updateClient(ex: Exchange, caller: Caller): undefined {
  const body = json(ex);
  if (!body) return;
  const input = bindClientBody(body);
  const errors = validateUpdate(input);
  if (errors.length > 0) return sendValidationFailed(ex, errors);
  const client = commandClient(ex, caller);
  if (!client) return;
  client.name = input.name!;
  client.description = input.description;
  client.logo = input.logo!;
  client.allowedOrigins = input.allowedOrigins!;
  client.allowPkce = input.allowPkce;
  client.visible = true;
  touch(ex, caller, client);
  sendNoBody(ex, 200);
}

/** `PATCH /api/2.0/clients/{clientId}/regenerate`: `{ client_secret }`; the old secret stops working at once. */
export function regenerateSecret(ex: Exchange, caller: Caller): undefined {
  const client = commandClient(ex, caller);
  if (!client) return;
  client.clientSecret = randomClientSecret();
  client.secretCiphertext = randomBytes(48).toString('base64');
  touch(ex, caller, client);
  sendPlainJson(ex, 200, { client_secret: client.clientSecret });
}

/** `PATCH /api/2.0/clients/{clientId}/activation` `{ status }` (a missing status disables). */
export function changeActivation(ex: Exchange, caller: Caller): undefined {
  const body = json(ex);
  if (!body) return;
  const enabled = bindActivation(body);
  const client = commandClient(ex, caller);
  if (!client) return;
  client.enabled = enabled;
  touch(ex, caller, client);
  sendNoBody(ex, 200);
}

/** `DELETE /api/2.0/clients/{clientId}`: the client, its tokens and consents go. */
export function deleteClient(ex: Exchange, caller: Caller): undefined {
  const client = commandClient(ex, caller);
  if (!client) return;
  forgetClient(ex, client);
  sendNoBody(ex, 200);
}

/** `DELETE /api/2.0/clients`: every client the caller registered. */
export function deleteOwnClients(ex: Exchange, caller: Caller): undefined {
  for (const client of ex.ctx.state.clients.filter(
    (candidate) => candidate.createdBy === caller.claims.userId,
  ))
    forgetClient(ex, client);
  sendNoBody(ex, 200);
}

/** `DELETE /api/2.0/clients/tenant` (admins): every client of the portal. */
export function deleteTenantClients(ex: Exchange): undefined {
  for (const client of [...ex.ctx.state.clients]) forgetClient(ex, client);
  sendNoBody(ex, 200);
}
