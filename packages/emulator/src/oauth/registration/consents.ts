import type { Exchange } from '../../server/http.js';
import type { GrantRecord } from '../../state/emulator-state.js';
import type { Caller } from './clients.js';
import { dateParam, limitParam } from './clients.js';
import { clientInfo, isoUtc } from './dto.js';
import { sendNoBody, sendPlainJson } from './problem.js';

// Consents live in the authorization service's authorizations table: one row per client, user and grant
// type (common/ASC.Identity/authorization/authorization-data/.../entity/AuthorizationEntity.java).
// The registration service asks for them over gRPC (authorization-application/.../service/AuthorizationGrpcServer.java
// getConsents, revokeConsents) and decorates them (registration-application/.../service/ConsentService.java).

/** The live authorization_code authorization of each client of a user: its newest grant. */
function consentedGrants(ex: Exchange, userId: string): GrantRecord[] {
  const latest = new Map<string, GrantRecord>();
  for (const grant of ex.ctx.state.grants.values()) {
    if (grant.userId !== userId || grant.revoked || grant.grantType !== 'authorization_code') continue;
    const seen = latest.get(grant.clientId);
    if (!seen || grant.modifiedAt >= seen.modifiedAt) latest.set(grant.clientId, grant);
  }
  return [...latest.values()];
}

/**
 * `GET /api/2.0/clients/consents?limit=&last_modified_on=` (`limit` required, 1..50): newest first,
 * `{ data: [{ registered_client_id, scopes: "a b", modified_at, client }], last_modified_on, limit }`.
 */
export function listConsents(ex: Exchange, caller: Caller): undefined {
  const limit = limitParam(ex, null);
  if (limit === undefined) return;
  const before = dateParam(ex, 'last_modified_on');
  const page = consentedGrants(ex, caller.claims.userId)
    .filter((grant) => before === null || grant.modifiedAt < before)
    .sort((a, b) => b.modifiedAt - a.modifiedAt)
    .slice(0, limit + 1);
  const last = page.length > limit ? page[limit - 1]! : null;
  sendPlainJson(ex, 200, {
    data: page.slice(0, limit).map((grant) => {
      const client = ex.ctx.state.client(grant.clientId);
      return {
        registered_client_id: grant.clientId,
        scopes: grant.scopes.join(' '),
        modified_at: isoUtc(grant.modifiedAt),
        client: client ? clientInfo(client) : null,
      };
    }),
    last_modified_on: last ? isoUtc(last.modifiedAt) : null,
    limit,
  });
}

/**
 * `DELETE /api/2.0/clients/{clientId}/revoke` (guests too): every authorization and consent of the
 * caller for that client goes, so its refresh and access tokens stop working; 200 even for an unknown id.
 */
export function revokeConsent(ex: Exchange, caller: Caller): undefined {
  const state = ex.ctx.state;
  const clientId = ex.params.clientId ?? '';
  state.grantedConsents.delete(state.grantedConsentKey(caller.claims.userId, clientId));
  for (const grant of state.grants.values())
    if (grant.userId === caller.claims.userId && grant.clientId === clientId) state.revokeGrant(grant.id);
  sendNoBody(ex, 200);
}
