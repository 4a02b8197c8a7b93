import { createApiKeyAuth } from '@ds/auth-apikey';
import { createBasicAuth } from '@ds/auth-basic';
import {
  AuthError,
  type AuthStrategy,
  AuthUnavailableError,
  chainStrategies,
  createDocSpaceClient,
  type DocSpaceClient,
  parseBaseUrl,
} from '@ds/auth-core';
import { createOAuthAuth, createOAuthClient, type OAuthClient, type OAuthTokens } from '@ds/auth-oauth';
import { createOidcAuth, createOidcClient, type OidcClient } from '@ds/auth-oidc';
import { createPersonalTokenAuth, type PersonalToken } from '@ds/auth-pat';
import { openStore, type Profile, readProfile, sessionKey } from './config.js';

/** The scopes the CLI asks for: enough for `whoami` and to look at files and rooms. */
export const CLI_SCOPES: string[] = ['openid', 'accounts.self:read', 'files:read', 'rooms:read'];
/** Registered redirect URI for the CLI's OAuth client; DocSpace accepts any port on 127.0.0.1. */
export const CLI_REDIRECT_URI = 'http://127.0.0.1/callback';

export type Env = Record<string, string | undefined>;

/** What the API-key method keeps in the token store. */
export interface StoredApiKey {
  apiKey: string;
  issuedAt: number;
}

/** The portal to talk to: `--url`, else `DOCSPACE_URL`, else the signed-in profile's. Throws `ERR_CLI_NO_PORTAL`. */
export function resolvePortal(flag: string | undefined, env: Env, profile: Profile | undefined): string {
  const value = flag ?? env.DOCSPACE_URL ?? profile?.portal;
  if (!value) throw new AuthError('ERR_CLI_NO_PORTAL', 'no portal URL');
  return parseBaseUrl(value, { option: flag ? '--url' : env.DOCSPACE_URL ? 'DOCSPACE_URL' : 'portal' })
    .origin;
}

/** The OAuth client of the CLI: public PKCE unless `DOCSPACE_CLIENT_SECRET` is set. */
export function cliOAuthClient(portal: string, clientId: string, env: Env): OAuthClient {
  return createOAuthClient({
    baseUrl: portal,
    clientId,
    clientSecret: env.DOCSPACE_CLIENT_SECRET || undefined,
    redirectUri: CLI_REDIRECT_URI,
    scopes: CLI_SCOPES,
  });
}

/** The OpenID Connect client of the CLI (DocSpace compat mode), public unless `DOCSPACE_CLIENT_SECRET` is set. */
export function cliOidcClient(portal: string, clientId: string, env: Env): OidcClient {
  return createOidcClient({
    baseUrl: portal,
    clientId,
    clientSecret: env.DOCSPACE_CLIENT_SECRET || undefined,
    redirectUri: CLI_REDIRECT_URI,
    scopes: CLI_SCOPES,
  });
}

/** The strategy of the stored session (`ds-auth login`), for `portal` only. */
export function storedStrategy(profile: Profile, env: Env): AuthStrategy {
  const key = sessionKey(profile);
  switch (profile.method) {
    case 'pat':
      return createPersonalTokenAuth({
        baseUrl: profile.portal,
        key,
        store: openStore<PersonalToken>(env),
        // A stored token is reused; when it has expired, a new login needs the password, which is never stored.
        credentials: async () => {
          if (env.DOCSPACE_PASSWORD && (env.DOCSPACE_USERNAME ?? profile.userName)) {
            return {
              userName: (env.DOCSPACE_USERNAME ?? profile.userName)!,
              password: env.DOCSPACE_PASSWORD,
            };
          }
          throw new AuthUnavailableError(
            'the stored personal access token is gone or expired: run `ds-auth login`',
          );
        },
      });
    case 'apikey': {
      const store = openStore<StoredApiKey>(env);
      return {
        kind: 'apikey',
        async authenticate(options) {
          const entry = await store.get(key);
          if (!entry)
            throw new AuthUnavailableError('no API key is stored: run `ds-auth login --method apikey`');
          return createApiKeyAuth({ apiKey: entry.value.apiKey }).authenticate(options);
        },
      };
    }
    case 'oauth':
      return createOAuthAuth({
        client: cliOAuthClient(profile.portal, profile.clientId ?? '', env),
        store: openStore<OAuthTokens>(env),
        key,
      });
    case 'oidc':
      // Refreshes re-verify the ID token DocSpace re-issues.
      return createOidcAuth({
        client: cliOidcClient(profile.portal, profile.clientId ?? '', env),
        store: openStore<OAuthTokens>(env),
        key,
      });
    case 'basic':
      return (
        basicFromEnv(env) ??
        unavailable('basic', 'Basic keeps no credentials: set DOCSPACE_USERNAME and DOCSPACE_PASSWORD')
      );
  }
}

function basicFromEnv(env: Env): AuthStrategy | undefined {
  if (!env.DOCSPACE_USERNAME || !env.DOCSPACE_PASSWORD) return undefined;
  return createBasicAuth({
    email: env.DOCSPACE_USERNAME,
    password: env.DOCSPACE_PASSWORD,
    acknowledgeInsecure: true,
  });
}

function unavailable(kind: string, message: string): AuthStrategy {
  return {
    kind,
    authenticate: async () => {
      throw new AuthUnavailableError(message);
    },
  };
}

/**
 * How commands authenticate, first match wins (`chainStrategies`): `DOCSPACE_API_KEY`, then the
 * stored session for this portal, then a PAT login from `DOCSPACE_USERNAME`/`DOCSPACE_PASSWORD`
 * (kept in the token store, so it is reused by the next command).
 */
export async function resolveAuth(
  portal: string,
  env: Env,
): Promise<{ auth: AuthStrategy; profile: Profile | undefined }> {
  const profile = await readProfile(env);
  const chain: AuthStrategy[] = [];
  if (env.DOCSPACE_API_KEY) chain.push(createApiKeyAuth({ apiKey: env.DOCSPACE_API_KEY }));
  if (profile && profile.portal === portal) chain.push(storedStrategy(profile, env));
  if (env.DOCSPACE_USERNAME && env.DOCSPACE_PASSWORD) {
    chain.push(
      createPersonalTokenAuth({
        baseUrl: portal,
        userName: env.DOCSPACE_USERNAME,
        password: env.DOCSPACE_PASSWORD,
        store: openStore<PersonalToken>(env),
      }),
    );
  }
  if (chain.length === 0) chain.push(unavailable('none', 'no credentials'));
  return { auth: chainStrategies(...chain), profile: profile?.portal === portal ? profile : undefined };
}

/** A DocSpace client for `portal` with `auth`. */
export function apiClient(portal: string, auth: AuthStrategy): DocSpaceClient {
  return createDocSpaceClient({ baseUrl: portal, auth });
}

/** The profile fields of `GET /api/2.0/people/@self` the CLI shows. */
export interface Me {
  id?: string;
  displayName?: string;
  email?: string;
}
