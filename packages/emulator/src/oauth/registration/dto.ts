import type { EmulatorContext } from '../../state/emulator-context.js';
import type { ClientRecord } from '../../state/emulator-state.js';

// Response shapes of the registration service, snake_case and without the DocSpace envelope:
// common/ASC.Identity/common/common-core/common-service/.../transfer/response/ClientResponse.java and
// registration-service/.../transfer/response/{ClientInfoResponse,ClientSecretResponse,PageableResponse,
// PageableModificationResponse,ConsentResponse,ScopeResponse}.java.

/** ISO-8601 UTC, as Jackson writes a `ZonedDateTime` in UTC. */
export function isoUtc(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** `client_secret_post`, plus `none` for `allow_pkce` clients (`ClientDataMapper.toDomain`). */
export function authenticationMethods(client: ClientRecord): string[] {
  return client.allowPkce ? ['client_secret_post', 'none'] : ['client_secret_post'];
}

/**
 * `ClientResponse`. `secret` is what `client_secret` carries: the plain secret on create and get, the
 * stored ciphertext in lists (`ClientQueryHandler` decrypts only on get).
 */
export function clientResponse(
  ctx: EmulatorContext,
  client: ClientRecord,
  secret: string,
): Record<string, unknown> {
  return {
    name: client.name,
    client_id: client.clientId,
    client_secret: secret,
    description: client.description,
    website_url: client.websiteUrl,
    terms_url: client.termsUrl,
    policy_url: client.policyUrl,
    logo: client.logo,
    authentication_methods: authenticationMethods(client),
    tenant: ctx.options.tenantId,
    redirect_uris: [...client.redirectUris],
    allowed_origins: [...client.allowedOrigins],
    logout_redirect_uris: [...client.logoutRedirectUris],
    scopes: [...client.scopes],
    created_on: isoUtc(client.createdAt),
    created_by: client.createdBy,
    modified_on: isoUtc(client.modifiedAt),
    modified_by: client.modifiedBy,
    is_public: client.visible,
    enabled: client.enabled,
  };
}

/** `ClientInfoResponse`: what consent screens show (no secret, redirect URIs or tenant). */
export function clientInfo(client: ClientRecord): Record<string, unknown> {
  return {
    name: client.name,
    client_id: client.clientId,
    description: client.description,
    website_url: client.websiteUrl,
    terms_url: client.termsUrl,
    policy_url: client.policyUrl,
    logo: client.logo,
    authentication_methods: authenticationMethods(client),
    scopes: [...client.scopes],
    is_public: client.visible,
    created_on: isoUtc(client.createdAt),
    created_by: client.createdBy,
    modified_on: isoUtc(client.modifiedAt),
    modified_by: client.modifiedBy,
  };
}

/**
 * A cursor page over clients, newest first (`JpaClientRepository.findAllByTenantIdWithCursor`: created
 * before `lastCreatedOn`, `LIMIT limit + 1`); `last_client_id`/`last_created_on` name the last item only
 * when there is a next page.
 */
export function clientPage<T>(
  clients: ClientRecord[],
  limit: number,
  lastCreatedOn: number | null,
  map: (client: ClientRecord) => T,
): Record<string, unknown> {
  const sorted = clients
    .map((client, index) => ({ client, index }))
    .filter(({ client }) => lastCreatedOn === null || client.createdAt < lastCreatedOn)
    .sort((a, b) => b.client.createdAt - a.client.createdAt || b.index - a.index)
    .map(({ client }) => client)
    .slice(0, limit + 1);
  const last = sorted.length > limit ? sorted[limit - 1]! : null;
  return {
    data: sorted.slice(0, limit).map(map),
    last_client_id: last ? last.clientId : null,
    last_created_on: last ? isoUtc(last.createdAt) : null,
    limit,
  };
}
