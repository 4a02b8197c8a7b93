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
  type TokenStore,
} from '@ds/auth-core';
import { createOAuthAuth, createOAuthClient, type OAuthClient, type OAuthTokens } from '@ds/auth-oauth';
import { createOidcAuth, createOidcClient, type OidcClient } from '@ds/auth-oidc';
import { createPersonalTokenAuth, type PersonalToken } from '@ds/auth-pat';
import {
  configDirectory,
  type Profile,
  type Profiles,
  profileFromLegacy,
  putEntry,
  readProfiles,
  type Storage,
  updateProfiles,
} from './config.js';
import { CliError, notSignedIn } from './failure.js';
import type { CliIo } from './io.js';
import { type KeychainStatus, probeKeychain } from './keychain.js';
import { createKeychainTokenStore, openFileStore, storeFor, warnOnWrite } from './stores.js';

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

/** What one run of `ds-auth` shares between its parts: where it writes, and the keychain (probed once). */
export interface Runtime {
  io: CliIo;
  env: Env;
  json: boolean;
  /** The OS keychain, looked for at most once per run. */
  keychain(): Promise<KeychainStatus>;
  /** Prints `warning: <text>` on stderr. */
  warn(text: string): void;
  /** The portal the command talks to, once it is known (for diagnosing a transport failure). */
  portal?: string | undefined;
}

export function createRuntime(io: CliIo, json: boolean): Runtime {
  let keychain: Promise<KeychainStatus> | undefined;
  return {
    io,
    env: io.env,
    json,
    keychain() {
      keychain ??= (io.keychain ?? (() => probeKeychain()))();
      return keychain;
    },
    warn(text) {
      io.stderr.write(`warning: ${text}\n`);
    },
  };
}

/** `--insecure-storage`, or `DS_AUTH_INSECURE_STORAGE=1`: secrets go to the file store on purpose. */
export function insecureStorageChosen(flag: boolean | undefined, env: Env): boolean {
  return flag === true || env.DS_AUTH_INSECURE_STORAGE === '1' || env.DS_AUTH_INSECURE_STORAGE === 'true';
}

/** The warning for a secret that goes to a file: chosen (`explicit`), or because there is no keychain (`reason`). */
export function fileStorageWarning(env: Env, why: { explicit: true } | { reason: string }): string {
  const where = `a file only you can read (${configDirectory(env)}/tokens, mode 0600)`;
  return 'explicit' in why
    ? `--insecure-storage: the secret is kept in ${where}, not in the OS keychain`
    : `no OS keychain is available (${why.reason}): the secret is kept in ${where} instead`;
}

/**
 * Where a new secret goes: the keychain when there is one, else the file store with a warning; the
 * file store with a warning when `--insecure-storage` (or `DS_AUTH_INSECURE_STORAGE`) chose it.
 */
export async function chooseStorage(
  runtime: Runtime,
  insecureStorage: boolean | undefined,
): Promise<{ storage: Storage; warning?: string }> {
  if (insecureStorageChosen(insecureStorage, runtime.env))
    return { storage: 'file', warning: fileStorageWarning(runtime.env, { explicit: true }) };
  const status = await runtime.keychain();
  if (status.available) return { storage: 'keychain' };
  return { storage: 'file', warning: fileStorageWarning(runtime.env, { reason: status.reason }) };
}

/** The store of a profile's secret. */
export function profileStore<T>(runtime: Runtime, profile: Pick<Profile, 'storage'>): TokenStore<T> {
  return storeFor<T>(profile.storage, runtime.env, () => runtime.keychain());
}

/** A store decided when first used (`decide` runs once). */
function lazyStore<T>(decide: () => Promise<TokenStore<T>>): TokenStore<T> {
  let store: Promise<TokenStore<T>> | undefined;
  const get = (): Promise<TokenStore<T>> => {
    store ??= decide();
    return store;
  };
  return {
    get: async (key) => (await get()).get(key),
    compareAndSet: async (key, version, value) => (await get()).compareAndSet(key, version, value),
    lock: async (key, options) => {
      const resolved = await get();
      if (!resolved.lock) return Object.assign(async () => undefined, {});
      return resolved.lock(key, options);
    },
  };
}

/**
 * The profiles, with a 0.1 `profile.json` migrated on first sight: it becomes the profile named after
 * its portal's host and the active one, and its secret moves from `tokens/` into the keychain when
 * there is one (then no copy stays in a file). If the migration cannot be saved, the old profile is
 * still used as it is.
 */
export async function loadProfiles(runtime: Runtime): Promise<Profiles> {
  const state = await readProfiles(runtime.env);
  if (!state.legacy) return state;
  const fallback: Profiles = { active: undefined, profiles: [profileFromLegacy(state.legacy)] };
  fallback.active = fallback.profiles[0]!.name;
  try {
    return await updateProfiles(runtime.env, async (current) => {
      if (!current.legacy) return current; // another process migrated it meanwhile
      const profile = profileFromLegacy(current.legacy);
      if (profile.storage === 'file' && !insecureStorageChosen(false, runtime.env)) {
        const status = await runtime.keychain();
        if (status.available) {
          const files = openFileStore<unknown>(runtime.env);
          const entry = await files.get(profile.secretKey);
          if (entry) {
            const keychain = createKeychainTokenStore<unknown>(async () => status.keychain, runtime.env);
            await putEntry(keychain, profile.secretKey, entry.value);
            await putEntry(files, profile.secretKey, undefined);
          }
          profile.storage = 'keychain';
        }
      }
      return { active: profile.name, profiles: [profile] };
    });
  } catch (error) {
    if (AuthError.isInstance(error) && error.code === 'ERR_AUTH_STORE_INSECURE') throw error;
    return fallback;
  }
}

/**
 * Checks a portal URL as the CLI does (`https:`; plain `http:` only on loopback or with
 * `--allow-insecure-http`) and returns its origin. A bare host name means `https://<host>`.
 * `source` names where the URL came from in the message (`--portal`, `DOCSPACE_URL`, a profile).
 */
export function checkPortal(value: string, source: string, allowInsecureHttp: boolean): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  try {
    return parseBaseUrl(withScheme, { option: source, allowInsecureHttp }).origin;
  } catch (error) {
    if (AuthError.isInstance(error) && error.code === 'ERR_AUTH_INSECURE_URL') {
      throw new CliError(
        'ERR_AUTH_INSECURE_URL',
        `${source} is plain http to ${new URL(withScheme).host}, which is not a loopback host`,
        {
          hint: 'use https, or pass --allow-insecure-http if you accept that passwords and tokens cross the network unencrypted',
          exitCode: 2,
        },
      );
    }
    if (AuthError.isInstance(error) && error.code === 'ERR_AUTH_INVALID_OPTION')
      throw new CliError('ERR_AUTH_INVALID_OPTION', `${source} is not a portal URL: ${error.message}`, {
        hint: 'give the portal as https://portal.example.com',
        exitCode: 2,
      });
    throw error;
  }
}

function originOf(value: string): string | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`).origin;
  } catch {
    return undefined;
  }
}

/** Which portal and profile a command works on. */
export interface Target {
  portal: string | undefined;
  profile: Profile | undefined;
  /** `--profile` named it: only its credentials are used. */
  explicit: boolean;
  allowInsecureHttp: boolean;
  profiles: Profiles;
}

export interface TargetFlags {
  portal?: string | undefined;
  profile?: string | undefined;
  allowInsecureHttp?: boolean | undefined;
}

/** The newest profile on `portal`, the active one first. */
function profileOn(profiles: Profiles, portal: string): Profile | undefined {
  const on = profiles.profiles.filter((profile) => profile.portal === portal);
  return (
    on.find((profile) => profile.name === profiles.active) ??
    [...on].sort((a, b) => b.signedInAt.localeCompare(a.signedInAt))[0]
  );
}

/**
 * The portal and profile of a command: `--profile NAME`; else the profile for `--portal` (or
 * `DOCSPACE_URL`), the active one if it is on that portal; else the active profile.
 */
export async function resolveTarget(runtime: Runtime, flags: TargetFlags): Promise<Target> {
  const target = await findTarget(runtime, flags);
  runtime.portal = target.portal;
  return target;
}

async function findTarget(runtime: Runtime, flags: TargetFlags): Promise<Target> {
  const profiles = await loadProfiles(runtime);
  const flagInsecure = flags.allowInsecureHttp === true;
  if (flags.profile !== undefined) {
    const profile = findProfile(profiles, flags.profile);
    if (flags.portal !== undefined && originOf(flags.portal) !== profile.portal)
      throw new CliError(
        'ERR_CLI_USAGE',
        `the profile "${profile.name}" is on ${profile.portal}, not on ${flags.portal}: pass one of --profile and --portal`,
      );
    const allowInsecureHttp = flagInsecure || profile.allowInsecureHttp === true;
    checkPortal(profile.portal, `the profile "${profile.name}"`, allowInsecureHttp);
    return { portal: profile.portal, profile, explicit: true, allowInsecureHttp, profiles };
  }
  const [value, source] =
    flags.portal !== undefined
      ? [flags.portal, '--portal']
      : runtime.env.DOCSPACE_URL
        ? [runtime.env.DOCSPACE_URL, 'DOCSPACE_URL']
        : [undefined, undefined];
  if (value !== undefined) {
    const origin = originOf(value);
    const profile = origin ? profileOn(profiles, origin) : undefined;
    const allowInsecureHttp = flagInsecure || profile?.allowInsecureHttp === true;
    const portal = checkPortal(value, source!, allowInsecureHttp);
    return { portal, profile, explicit: false, allowInsecureHttp, profiles };
  }
  const profile = profiles.profiles.find((candidate) => candidate.name === profiles.active);
  if (!profile)
    return {
      portal: undefined,
      profile: undefined,
      explicit: false,
      allowInsecureHttp: flagInsecure,
      profiles,
    };
  const allowInsecureHttp = flagInsecure || profile.allowInsecureHttp === true;
  checkPortal(profile.portal, `the profile "${profile.name}"`, allowInsecureHttp);
  return { portal: profile.portal, profile, explicit: false, allowInsecureHttp, profiles };
}

/** The profile named `name`, or `ERR_CLI_UNKNOWN_PROFILE` listing the names there are. */
export function findProfile(profiles: Profiles, name: string): Profile {
  const profile = profiles.profiles.find((candidate) => candidate.name === name);
  if (profile) return profile;
  const names = profiles.profiles.map((candidate) => candidate.name);
  throw new CliError(
    'ERR_CLI_UNKNOWN_PROFILE',
    `there is no profile "${name}"${names.length ? ` (there are: ${names.join(', ')})` : ' (there are none: run `ds-auth login`)'}`,
  );
}

/** The OAuth client of the CLI: public PKCE unless `DOCSPACE_CLIENT_SECRET` is set. */
export function cliOAuthClient(
  portal: string,
  clientId: string,
  env: Env,
  allowInsecureHttp = false,
): OAuthClient {
  return createOAuthClient({
    baseUrl: portal,
    clientId,
    clientSecret: env.DOCSPACE_CLIENT_SECRET || undefined,
    redirectUri: CLI_REDIRECT_URI,
    scopes: CLI_SCOPES,
    allowInsecureHttp,
  });
}

/** The OpenID Connect client of the CLI (DocSpace compat mode), public unless `DOCSPACE_CLIENT_SECRET` is set. */
export function cliOidcClient(
  portal: string,
  clientId: string,
  env: Env,
  allowInsecureHttp = false,
): OidcClient {
  return createOidcClient({
    baseUrl: portal,
    clientId,
    clientSecret: env.DOCSPACE_CLIENT_SECRET || undefined,
    redirectUri: CLI_REDIRECT_URI,
    scopes: CLI_SCOPES,
    allowInsecureHttp,
  });
}

/** An API-key strategy, with the CLI's own message for a value that is not an API key. */
export function apiKeyAuth(apiKey: string, source: string): AuthStrategy {
  try {
    return createApiKeyAuth({ apiKey });
  } catch (error) {
    if (AuthError.isInstance(error) && error.code === 'ERR_AUTH_INVALID_OPTION')
      throw new CliError(
        'ERR_AUTH_INVALID_OPTION',
        `${source} is not an API key: it must be "sk-" followed by 64 lowercase hex characters`,
        { hint: 'copy the key from the portal (Developer Tools > API keys) as it was shown', exitCode: 2 },
      );
    throw error;
  }
}

/** The strategy of a stored profile. */
export function storedStrategy(runtime: Runtime, profile: Profile, allowInsecureHttp: boolean): AuthStrategy {
  const { env } = runtime;
  const key = profile.secretKey;
  switch (profile.method) {
    case 'pat':
      return createPersonalTokenAuth({
        baseUrl: profile.portal,
        key,
        store: profileStore<PersonalToken>(runtime, profile),
        allowInsecureHttp,
        // A stored token is reused; when it has expired, a new login needs the password, which is never stored.
        credentials: async () => {
          const userName = env.DOCSPACE_USERNAME ?? profile.userName;
          if (env.DOCSPACE_PASSWORD && userName) return { userName, password: env.DOCSPACE_PASSWORD };
          throw new AuthUnavailableError(
            `the stored personal access token of "${profile.name}" is gone or expired: run \`ds-auth login\``,
          );
        },
      });
    case 'apikey': {
      const store = profileStore<StoredApiKey>(runtime, profile);
      return {
        kind: 'apikey',
        async authenticate(options) {
          const entry = await store.get(key);
          if (!entry)
            throw new AuthUnavailableError(
              `no API key is stored for "${profile.name}": run \`ds-auth login --method apikey\``,
            );
          return createApiKeyAuth({ apiKey: entry.value.apiKey }).authenticate(options);
        },
      };
    }
    case 'oauth':
      return createOAuthAuth({
        client: cliOAuthClient(profile.portal, profile.clientId ?? '', env, allowInsecureHttp),
        store: profileStore<OAuthTokens>(runtime, profile),
        key,
      });
    case 'oidc':
      // Refreshes re-verify the ID token DocSpace re-issues.
      return createOidcAuth({
        client: cliOidcClient(profile.portal, profile.clientId ?? '', env, allowInsecureHttp),
        store: profileStore<OAuthTokens>(runtime, profile),
        key,
      });
    case 'basic': {
      const email = env.DOCSPACE_USERNAME ?? profile.userName;
      if (email && env.DOCSPACE_PASSWORD)
        return createBasicAuth({ email, password: env.DOCSPACE_PASSWORD, acknowledgeInsecure: true });
      return unavailable(
        'basic',
        `Basic keeps no credentials: set DOCSPACE_PASSWORD${profile.userName ? '' : ' and DOCSPACE_USERNAME'}`,
      );
    }
  }
}

function unavailable(kind: string, message: string): AuthStrategy {
  return {
    kind,
    authenticate: async () => {
      throw new AuthUnavailableError(message);
    },
  };
}

/** Where a PAT from `DOCSPACE_USERNAME`/`DOCSPACE_PASSWORD` is kept for the next command: the keychain when there is one. */
function environmentPatStore(runtime: Runtime): TokenStore<PersonalToken> {
  return lazyStore(async () => {
    const { storage, warning } = await chooseStorage(runtime, false);
    const store = storeFor<PersonalToken>(storage, runtime.env, () => runtime.keychain());
    return warning ? warnOnWrite(store, () => runtime.warn(warning)) : store;
  });
}

/**
 * How commands authenticate, first match wins (`chainStrategies`): `DOCSPACE_API_KEY`, then the
 * stored profile, then a PAT login from `DOCSPACE_USERNAME`/`DOCSPACE_PASSWORD` (kept, so the next
 * command reuses it). With `--profile`, that profile alone. Throws `ERR_CLI_NOT_SIGNED_IN` when there
 * is nothing to try.
 */
export function resolveAuth(runtime: Runtime, target: Target & { portal: string }): AuthStrategy {
  const { env } = runtime;
  const chain: AuthStrategy[] = [];
  if (!target.explicit && env.DOCSPACE_API_KEY)
    chain.push(apiKeyAuth(env.DOCSPACE_API_KEY, 'DOCSPACE_API_KEY'));
  if (target.profile) chain.push(storedStrategy(runtime, target.profile, target.allowInsecureHttp));
  if (!target.explicit && env.DOCSPACE_USERNAME && env.DOCSPACE_PASSWORD) {
    chain.push(
      createPersonalTokenAuth({
        baseUrl: target.portal,
        userName: env.DOCSPACE_USERNAME,
        password: env.DOCSPACE_PASSWORD,
        store: environmentPatStore(runtime),
        allowInsecureHttp: target.allowInsecureHttp,
      }),
    );
  }
  if (chain.length === 0) throw notSignedIn(`not signed in to ${target.portal}`);
  return chain.length === 1 ? chain[0]! : chainStrategies(...chain);
}

/** The target with a portal, or `ERR_CLI_NOT_SIGNED_IN` / `ERR_CLI_NO_PORTAL`. */
export function requirePortal(target: Target, env: Env): Target & { portal: string } {
  if (target.portal !== undefined) return target as Target & { portal: string };
  if (env.DOCSPACE_API_KEY || (env.DOCSPACE_USERNAME && env.DOCSPACE_PASSWORD))
    throw new CliError('ERR_CLI_NO_PORTAL', 'no portal URL for the credentials in the environment');
  throw notSignedIn();
}

/** The kind of the strategy that answered (`pat`, `apikey`, ...), through a chain. */
export function methodOf(auth: AuthStrategy): string {
  return auth.kind === 'chain'
    ? ((auth as { selected?: { kind: string } }).selected?.kind ?? 'chain')
    : auth.kind;
}

/** A DocSpace client for `portal` with `auth`. */
export function apiClient(portal: string, auth: AuthStrategy, allowInsecureHttp = false): DocSpaceClient {
  return createDocSpaceClient({ baseUrl: portal, auth, allowInsecureHttp });
}

/** The profile fields of `GET /api/2.0/people/@self` the CLI shows. */
export interface Me {
  id?: string;
  displayName?: string;
  email?: string;
}
