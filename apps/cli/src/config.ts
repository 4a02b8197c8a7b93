import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthError, type TokenStore } from '@ds/auth-core';
import {
  createFileTokenStore,
  ensurePrivateDirectory,
  readPrivateFile,
  writePrivateFile,
} from '@ds/auth-core/node';

/** The methods `ds-auth login` knows. */
export const METHODS = ['pat', 'apikey', 'basic', 'oauth', 'oidc'] as const;
export type Method = (typeof METHODS)[number];

/** What `ds-auth login` remembers between runs. No secret is ever in here; those live in the token store. */
export interface Profile {
  version: 1;
  method: Method;
  portal: string;
  account: { id?: string | undefined; email?: string | undefined; displayName?: string | undefined };
  /** The user name a PAT was created for (so a new login can ask only for the password). */
  userName?: string | undefined;
  /** The OAuth client used, for refresh and revocation. */
  clientId?: string | undefined;
  signedInAt: string;
}

/** The directory for the profile and token files: `DS_AUTH_HOME`, else `$XDG_CONFIG_HOME/ds-auth`, else `~/.config/ds-auth`. */
export function configDirectory(env: Record<string, string | undefined>): string {
  if (env.DS_AUTH_HOME) return env.DS_AUTH_HOME;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ds-auth');
}

/** The file token store in the config directory (mode 0600 files in a 0700 directory). */
export function openStore<T>(env: Record<string, string | undefined>): TokenStore<T> {
  return createFileTokenStore<T>({ directory: join(configDirectory(env), 'tokens') });
}

/** The store key of the current session's secret (a PAT, an API key or OAuth tokens). */
export function sessionKey(profile: Pick<Profile, 'method' | 'portal'>): string {
  return `${profile.method}:${profile.portal}`;
}

/**
 * The saved profile, or `undefined` when there is none or it is unreadable. Rejects with
 * `ERR_AUTH_STORE_INSECURE` when the file is a symlink, another user's, or writable by others.
 */
export async function readProfile(env: Record<string, string | undefined>): Promise<Profile | undefined> {
  const text = await readPrivateFile(join(configDirectory(env), 'profile.json')).catch((error: unknown) => {
    if (AuthError.isInstance(error)) throw error; // somebody else could have written it: say so
    return undefined;
  });
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Profile;
    return parsed.version === 1 && (METHODS as readonly string[]).includes(parsed.method)
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Saves the profile: the directory must be private (created 0700; `ERR_AUTH_STORE_INSECURE` when it
 * is writable by others or another user's), and the file is written under a random temporary name
 * opened exclusively, set to 0600 on its handle and renamed, so a planted symlink is never followed.
 */
export async function writeProfile(env: Record<string, string | undefined>, profile: Profile): Promise<void> {
  const directory = configDirectory(env);
  await ensurePrivateDirectory(directory);
  await writePrivateFile(join(directory, 'profile.json'), `${JSON.stringify(profile, null, 2)}\n`);
}

export async function removeProfile(env: Record<string, string | undefined>): Promise<void> {
  await rm(join(configDirectory(env), 'profile.json'), { force: true });
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
