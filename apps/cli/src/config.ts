import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthError, type TokenStore } from '@ds/auth-core';
import {
  acquireFileLock,
  ensurePrivateDirectory,
  readPrivateFile,
  writePrivateFile,
} from '@ds/auth-core/node';

/** The methods `ds-auth login` knows. */
export const METHODS = ['pat', 'apikey', 'basic', 'oauth', 'oidc'] as const;
export type Method = (typeof METHODS)[number];

/**
 * Where a profile's secret lives: the OS keychain, a 0600 file in `tokens/` (the fallback), or
 * nowhere (Basic keeps none).
 */
export type Storage = 'keychain' | 'file' | 'none';

/** One signed-in account on one portal. No secret is ever in here; those live in the keychain or the token files. */
export interface Profile {
  /** What `--profile` and `ds-auth switch` take: the portal's host, or `host/user` for a second account there. */
  name: string;
  method: Method;
  portal: string;
  account: { id?: string | undefined; email?: string | undefined; displayName?: string | undefined };
  /** The user name a PAT (or Basic) signed in with, so a new login can ask only for the password. */
  userName?: string | undefined;
  /** The OAuth client used, for refresh and revocation. */
  clientId?: string | undefined;
  signedInAt: string;
  storage: Storage;
  /** The key of its secret in the keychain or the file store. */
  secretKey: string;
  /** Signed in with `--allow-insecure-http` (plain http to a host that is not loopback). */
  allowInsecureHttp?: boolean | undefined;
}

/** Every profile and which one commands use when no `--portal`, `--profile` or `DOCSPACE_URL` says otherwise. */
export interface Profiles {
  active: string | undefined;
  profiles: Profile[];
}

/** The single profile of ds-auth 0.1 (`profile.json`), read once and migrated to `profiles.json`. */
export interface LegacyProfile {
  version: 1;
  method: Method;
  portal: string;
  account: Profile['account'];
  userName?: string | undefined;
  clientId?: string | undefined;
  signedInAt: string;
}

const PROFILES_FILE = 'profiles.json';
const LEGACY_FILE = 'profile.json';
const NAME = /^[A-Za-z0-9[][A-Za-z0-9._@:/+[\]-]{0,99}$/;

/** The directory for the profiles and token files: `DS_AUTH_HOME`, else `$XDG_CONFIG_HOME/ds-auth`, else `~/.config/ds-auth`. */
export function configDirectory(env: Record<string, string | undefined>): string {
  if (env.DS_AUTH_HOME) return env.DS_AUTH_HOME;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ds-auth');
}

/** Whether `name` can name a profile (letters, digits and `._@:/+-`, at most 100). */
export function isProfileName(name: string): boolean {
  return NAME.test(name);
}

/** The store key of a 0.1 session's secret (a PAT, an API key or OAuth tokens): `<method>:<portal>`. */
export function legacySecretKey(profile: Pick<LegacyProfile, 'method' | 'portal'>): string {
  return `${profile.method}:${profile.portal}`;
}

async function readJson(path: string): Promise<unknown> {
  const text = await readPrivateFile(path).catch((error: unknown) => {
    if (AuthError.isInstance(error)) throw error; // somebody else could have written it: say so
    return undefined;
  });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && (METHODS as readonly string[]).includes(value);
}

function validProfile(value: unknown): value is Profile {
  const profile = value as Profile;
  return (
    typeof profile === 'object' &&
    profile !== null &&
    typeof profile.name === 'string' &&
    isProfileName(profile.name) &&
    isMethod(profile.method) &&
    typeof profile.portal === 'string' &&
    typeof profile.secretKey === 'string' &&
    (profile.storage === 'keychain' || profile.storage === 'file' || profile.storage === 'none') &&
    typeof profile.account === 'object' &&
    profile.account !== null
  );
}

/**
 * The saved profiles. Rejects with `ERR_AUTH_STORE_INSECURE` when a file is a symlink, another
 * user's, or writable by others. `legacy` is the 0.1 `profile.json` when there is no `profiles.json`
 * yet: {@link migrateLegacy} turns it into a profile.
 */
export async function readProfiles(
  env: Record<string, string | undefined>,
): Promise<Profiles & { legacy?: LegacyProfile | undefined }> {
  const directory = configDirectory(env);
  const data = (await readJson(join(directory, PROFILES_FILE))) as
    | { version?: unknown; active?: unknown; profiles?: unknown }
    | undefined;
  if (data && data.version === 2 && Array.isArray(data.profiles)) {
    const profiles = data.profiles.filter(validProfile);
    const active =
      typeof data.active === 'string' && profiles.some((profile) => profile.name === data.active)
        ? data.active
        : undefined;
    return { active, profiles };
  }
  const legacy = (await readJson(join(directory, LEGACY_FILE))) as LegacyProfile | undefined;
  if (legacy && legacy.version === 1 && isMethod(legacy.method) && typeof legacy.portal === 'string')
    return { active: undefined, profiles: [], legacy };
  return { active: undefined, profiles: [] };
}

/**
 * Changes the profiles under a lock (so two `ds-auth` processes never lose each other's change) and
 * saves them: the directory must be private (created 0700; `ERR_AUTH_STORE_INSECURE` when others
 * can write it or another user owns it), and `profiles.json` is written under a random temporary
 * name opened exclusively, set to 0600 on its handle and renamed, so a planted symlink is never
 * followed. The 0.1 `profile.json` is removed once its profile is in `profiles.json`.
 */
export async function updateProfiles(
  env: Record<string, string | undefined>,
  change: (profiles: Profiles & { legacy?: LegacyProfile | undefined }) => Profiles | Promise<Profiles>,
): Promise<Profiles> {
  const directory = configDirectory(env);
  await ensurePrivateDirectory(directory);
  const release = await acquireFileLock(join(directory, `${PROFILES_FILE}.lock`), { staleMs: 10_000 });
  try {
    const current = await readProfiles(env);
    const next = await change(current);
    await writeProfiles(env, next);
    if (current.legacy) await rm(join(directory, LEGACY_FILE), { force: true });
    return next;
  } finally {
    await release();
  }
}

/** Writes `profiles.json` as {@link updateProfiles} does, without the lock (for callers that hold it, and tests). */
export async function writeProfiles(
  env: Record<string, string | undefined>,
  profiles: Profiles,
): Promise<void> {
  const directory = configDirectory(env);
  await ensurePrivateDirectory(directory);
  const data = { version: 2, active: profiles.active ?? null, profiles: profiles.profiles };
  await writePrivateFile(join(directory, PROFILES_FILE), `${JSON.stringify(data, null, 2)}\n`);
}

/** The profile a 0.1 `profile.json` becomes: named after its portal's host, its secret where 0.1 kept it. */
export function profileFromLegacy(legacy: LegacyProfile): Profile {
  return {
    name: defaultProfileName(legacy.portal),
    method: legacy.method,
    portal: legacy.portal,
    account: legacy.account ?? {},
    userName: legacy.userName,
    clientId: legacy.clientId,
    signedInAt: legacy.signedInAt,
    storage: legacy.method === 'basic' ? 'none' : 'file',
    secretKey: legacySecretKey(legacy),
  };
}

/** The first profile on a portal is named after its host (with the port, if any). */
export function defaultProfileName(portal: string): string {
  return new URL(portal).host;
}

/**
 * The name for a new sign-in: `--profile` when given; else the profile already holding this account on
 * this portal (it is replaced); else the portal's host; else `host/user` (`-2`, `-3` if taken).
 */
export function chooseProfileName(
  profiles: readonly Profile[],
  signIn: { portal: string; method: Method; account: Profile['account'] },
  requested: string | undefined,
): string {
  if (requested) return requested;
  const sameAccount = profiles.find(
    (profile) =>
      profile.portal === signIn.portal &&
      sameUser(profile.account, signIn.account) &&
      (signIn.account.id || signIn.account.email || profile.method === signIn.method),
  );
  if (sameAccount) return sameAccount.name;
  const host = defaultProfileName(signIn.portal);
  const taken = new Set(profiles.map((profile) => profile.name));
  if (!taken.has(host)) return host;
  const user =
    (signIn.account.email?.split('@')[0] ?? signIn.method).replace(/[^A-Za-z0-9._+-]/g, '') || 'user';
  let candidate = `${host}/${user}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${host}/${user}-${n}`;
  return candidate;
}

function sameUser(a: Profile['account'], b: Profile['account']): boolean {
  if (a.id && b.id) return a.id === b.id;
  if (a.email && b.email) return a.email.toLowerCase() === b.email.toLowerCase();
  return !a.id && !b.id && !a.email && !b.email;
}

/** Writes `value` under `key` whatever is there (read the version, compare-and-set, retry on a race). */
export async function putEntry<T>(store: TokenStore<T>, key: string, value: T | undefined): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.get(key);
    if (value === undefined && !current) return;
    if ((await store.compareAndSet(key, current?.version ?? 0, value)).ok) return;
  }
  throw new Error(`the token store kept changing under "${key}"`);
}
