import { AuthError, AuthUnavailableError } from '@ds/auth-core';
import { openStore, type Profile, putEntry, readProfile, removeProfile, sessionKey } from '../config.js';
import { type CliIo, EXIT } from '../io.js';
import type { Progress } from '../progress.js';
import { apiClient, type Me, resolveAuth, resolvePortal, storedStrategy } from '../session.js';
import { describeAccount } from './login.js';

export interface AccountFlags {
  url?: string | undefined;
  json: boolean;
}

/** `ds-auth whoami`: `GET /api/2.0/people/@self` with whatever credentials are available. */
export async function whoami(flags: AccountFlags, io: CliIo, progress: Progress): Promise<number> {
  const portal = resolvePortal(flags.url, io.env, await readProfile(io.env));
  const { auth } = await resolveAuth(portal, io.env);
  progress.step('asking the portal');
  const me = await apiClient(portal, auth).get<Me>('/api/2.0/people/@self');
  progress.done();
  if (flags.json)
    io.stdout.write(
      `${JSON.stringify({ portal, id: me.id, displayName: me.displayName, email: me.email, method: auth.kind === 'chain' ? (auth as { selected?: { kind: string } }).selected?.kind : auth.kind })}\n`,
    );
  else io.stdout.write(`${describeAccount({ account: me })}\n`);
  return EXIT.ok;
}

/** `ds-auth token`: the current access token for scripts (`Authorization: Bearer $(ds-auth token)`). */
export async function token(flags: AccountFlags, io: CliIo): Promise<number> {
  const portal = resolvePortal(flags.url, io.env, await readProfile(io.env));
  const { auth } = await resolveAuth(portal, io.env);
  const credentials = await auth.authenticate();
  const authorization = credentials.headers.authorization ?? '';
  if (!authorization.startsWith('Bearer ')) {
    throw new AuthError('ERR_CLI_NO_TOKEN', `the ${credentials.scheme} method has no token to print`);
  }
  const value = authorization.slice('Bearer '.length);
  if (flags.json) {
    const expiresAt =
      credentials.expiresAt === undefined ? null : new Date(credentials.expiresAt).toISOString();
    io.stdout.write(`${JSON.stringify({ token: value, scheme: credentials.scheme, expiresAt })}\n`);
  } else io.stdout.write(`${value}\n`);
  return EXIT.ok;
}

/** `ds-auth status`: method, account and expiry of the stored session; no secret is printed. */
export async function status(flags: AccountFlags, io: CliIo): Promise<number> {
  const profile = await readProfile(io.env);
  if (!profile) throw new AuthUnavailableError('not signed in');
  const credentials = await storedStrategy(profile, io.env).authenticate();
  const expiresAt =
    credentials.expiresAt === undefined ? null : new Date(credentials.expiresAt).toISOString();
  if (flags.json) {
    io.stdout.write(
      `${JSON.stringify({ method: profile.method, portal: profile.portal, account: profile.account, expiresAt, signedInAt: profile.signedInAt })}\n`,
    );
  } else {
    io.stdout.write(
      [
        `portal:   ${profile.portal}`,
        `method:   ${profile.method}`,
        `account:  ${describeAccount(profile)}`,
        `expires:  ${expiresAt ?? 'no expiry date'}`,
        `since:    ${profile.signedInAt}`,
      ].join('\n') + '\n',
    );
  }
  return EXIT.ok;
}

/** `ds-auth logout`: revokes on the portal for real (PAT logout by cookie, OAuth revocation) and forgets it locally. */
export async function logout(flags: AccountFlags, io: CliIo, progress: Progress): Promise<number> {
  const profile = await readProfile(io.env);
  if (!profile) {
    io.stderr.write('not signed in: nothing to log out\n');
    return EXIT.ok;
  }
  progress.step('logging out');
  await storedStrategy(profile, io.env).revoke?.();
  await forgetSecrets(profile, io);
  await removeProfile(io.env);
  progress.done();
  const note =
    profile.method === 'apikey'
      ? ' (the key itself stays valid on the portal until it is deleted there)'
      : (profile.method === 'oauth' || profile.method === 'oidc') && !io.env.DOCSPACE_CLIENT_SECRET
        ? ' (a public client cannot revoke on DocSpace: its access token stays valid until it expires, within 60 minutes)'
        : '';
  if (flags.json)
    io.stdout.write(
      `${JSON.stringify({ loggedOut: true, method: profile.method, portal: profile.portal })}\n`,
    );
  else io.stdout.write(`logged out of ${profile.portal}${note}\n`);
  return EXIT.ok;
}

async function forgetSecrets(profile: Profile, io: CliIo): Promise<void> {
  await putEntry(openStore<unknown>(io.env), sessionKey(profile), undefined);
}
