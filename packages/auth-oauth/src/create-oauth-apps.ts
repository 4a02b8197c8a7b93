import { AuthConfigError, AuthHttpError, type Clock, type DocSpaceClient } from '@ds/auth-core';
import { redactable } from '@ds/auth-core/strategy';
import type { OAuthAppCallOptions, OAuthApps } from './oauth-app-types.js';
import {
  parseOAuthApp,
  parseOAuthAppPage,
  parseOAuthAppWithSecret,
  parseOAuthConsentPage,
  parseOAuthScopes,
  parseRegeneratedSecret,
} from './parse-oauth-app.js';
import { createSignatureSource } from './signature.js';
import {
  buildCreateOAuthAppBody,
  buildUpdateOAuthAppBody,
  oauthAppPath,
  pageCursor,
  pageLimit,
} from './request-oauth-apps.js';

/** The part of a `DocSpaceClient` app management uses; any authenticated client fits. */
export type OAuthAppsClient = Pick<DocSpaceClient, 'get' | 'request'>;

/** Options of {@link createOAuthApps}. */
export interface OAuthAppsOptions {
  /** The time source that decides when the cached `x-signature` is too old. */
  clock?: Pick<Clock, 'now'> | undefined;
}

/**
 * App management for the user a DocSpace client authenticates as: register, list, read, change, rotate
 * the secret of, (de)activate and delete OAuth apps, list and withdraw that user's consents, list the
 * portal's scopes. The registration service needs an `x-signature`; it is fetched from
 * `GET /api/2.0/security/oauth2/token` for you (so the client's credential must have a global scope:
 * a PAT, Basic or a full-access API key, not an OAuth token), kept until shortly before it expires and
 * taken anew once when the service rejects it. Secrets come as redacted {@link Secret}s.
 *
 * Throws `AuthConfigError` for bad options, `AuthHttpError` from the server (`ERR_AUTH_FORBIDDEN` for a
 * guest or a credential without a global scope, `ERR_AUTH_NOT_FOUND` for an app that is not there or
 * not yours, `ERR_AUTH_HTTP_ERROR` with the server's "Validation failed", `ERR_AUTH_RATE_LIMITED`) and
 * `AuthResponseError` (`ERR_OAUTH_BAD_RESPONSE`) for a malformed answer.
 *
 * @example
 * ```ts
 * const apps = createOAuthApps(createDocSpaceClient({ baseUrl, auth: createApiKeyAuth({ apiKey }) }));
 * const app = await apps.create({ name: 'CI Robot', redirectUris: ['https://ci.example.com/cb'], scopes: ['files:read'], websiteUrl: 'https://ci.example.com' });
 * await saveSecret(app.clientId, app.clientSecret.reveal());
 * ```
 * @see docs/docspace-behaviour.md §5.10
 */
export function createOAuthApps(client: OAuthAppsClient, options: OAuthAppsOptions = {}): OAuthApps {
  if (typeof client?.get !== 'function' || typeof client.request !== 'function')
    throw new AuthConfigError('client', '"client" must be a DocSpace client (createDocSpaceClient)');
  if (options.clock !== undefined && typeof options.clock?.now !== 'function')
    throw new AuthConfigError('clock', '"clock" must have a now() function');
  const now = () => options.clock?.now() ?? Date.now();
  const signatures = createSignatureSource(client, now);

  async function call<T>(
    method: string,
    path: string,
    callOptions: OAuthAppCallOptions | undefined,
    extra: { body?: unknown; query?: Record<string, string | number | undefined> } = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const used = await signatures.get(callOptions?.signal);
      try {
        const answer = await client.request<T>(method, path, {
          ...signalOnly(callOptions),
          ...(extra.body === undefined ? {} : { body: extra.body }),
          ...(extra.query ? { query: extra.query } : {}),
          headers: { 'x-signature': used.reveal() },
        });
        return answer.response;
      } catch (error) {
        // An empty 403 is the signature filter (expired or unknown signature): try once with a new one.
        const rejected =
          AuthHttpError.isInstance(error) && error.status === 403 && error.serverMessage === undefined;
        if (!rejected || attempt > 0 || callOptions?.signal?.aborted) throw error;
        signatures.reject(used);
      }
    }
  }

  const apps: OAuthApps = {
    async create(createOptions, callOptions) {
      const body = buildCreateOAuthAppBody(createOptions);
      return parseOAuthAppWithSecret(await call('POST', '/api/2.0/clients', callOptions, { body }));
    },
    async list(listOptions = {}) {
      const query = { limit: pageLimit(listOptions.limit), last_created_on: pageCursor(listOptions.cursor) };
      return parseOAuthAppPage(await call('GET', '/api/2.0/clients', listOptions, { query }));
    },
    async get(clientId, callOptions) {
      return parseOAuthAppWithSecret(await call('GET', oauthAppPath(clientId), callOptions));
    },
    async update(clientId, changes, callOptions) {
      const path = oauthAppPath(clientId);
      const current = parseOAuthApp(await call('GET', path, callOptions));
      await call('PUT', path, callOptions, { body: buildUpdateOAuthAppBody(current, changes) });
    },
    async rotateSecret(clientId, callOptions) {
      return parseRegeneratedSecret(await call('PATCH', oauthAppPath(clientId, 'regenerate'), callOptions));
    },
    async setEnabled(clientId, enabled, callOptions) {
      if (typeof enabled !== 'boolean') throw new AuthConfigError('enabled', '"enabled" must be a boolean');
      await call('PATCH', oauthAppPath(clientId, 'activation'), callOptions, { body: { status: enabled } });
    },
    async delete(clientId, callOptions) {
      await call('DELETE', oauthAppPath(clientId), callOptions);
    },
    async listConsents(listOptions = {}) {
      const query = { limit: pageLimit(listOptions.limit), last_modified_on: pageCursor(listOptions.cursor) };
      return parseOAuthConsentPage(await call('GET', '/api/2.0/clients/consents', listOptions, { query }));
    },
    async revokeConsent(clientId, callOptions) {
      await call('DELETE', oauthAppPath(clientId, 'revoke'), callOptions);
    },
    async listScopes(callOptions) {
      return parseOAuthScopes(await call('GET', '/api/2.0/scopes', callOptions));
    },
  };
  return redactable(apps, 'OAuthApps');
}

function signalOnly(options: OAuthAppCallOptions | undefined): { signal?: AbortSignal } {
  return options?.signal ? { signal: options.signal } : {};
}
