import { type Profile, type Profiles, putEntry, updateProfiles } from '../config.js';
import { CliError, describeFailure, notSignedIn, usageError } from '../failure.js';
import { EXIT } from '../io.js';
import { platformName } from '../keychain.js';
import type { Progress } from '../progress.js';
import type { Prompter } from '../prompt.js';
import {
  apiClient,
  findProfile,
  loadProfiles,
  type Me,
  methodOf,
  requirePortal,
  resolveAuth,
  resolveTarget,
  type Runtime,
  storedStrategy,
  type TargetFlags,
} from '../session.js';
import { storeFor } from '../stores.js';
import { describeAccount } from './login.js';

export interface AccountFlags extends TargetFlags {
  json: boolean;
}

/** `ds-auth whoami`: `GET /api/2.0/people/@self` with whatever credentials are available. */
export async function whoami(flags: AccountFlags, runtime: Runtime, progress: Progress): Promise<number> {
  const target = requirePortal(await resolveTarget(runtime, flags), runtime.env);
  const auth = resolveAuth(runtime, target);
  progress.step('asking the portal');
  const me = await apiClient(target.portal, auth, target.allowInsecureHttp).get<Me>('/api/2.0/people/@self');
  progress.done();
  const method = methodOf(auth);
  const profile = method === target.profile?.method ? target.profile.name : null;
  if (flags.json)
    runtime.io.stdout.write(
      `${JSON.stringify({ portal: target.portal, profile, id: me.id, displayName: me.displayName, email: me.email, method })}\n`,
    );
  else runtime.io.stdout.write(`${describeAccount({ account: me })}\n`);
  return EXIT.ok;
}

/** `ds-auth token`: the current access token for scripts (`Authorization: Bearer $(ds-auth token)`). */
export async function token(flags: AccountFlags, runtime: Runtime): Promise<number> {
  const target = requirePortal(await resolveTarget(runtime, flags), runtime.env);
  const auth = resolveAuth(runtime, target);
  const credentials = await auth.authenticate();
  const authorization = credentials.headers.authorization ?? '';
  if (!authorization.startsWith('Bearer ')) {
    throw new CliError('ERR_CLI_NO_TOKEN', `the ${credentials.scheme} method has no token to print`);
  }
  const value = authorization.slice('Bearer '.length);
  if (flags.json) {
    const expiresAt =
      credentials.expiresAt === undefined ? null : new Date(credentials.expiresAt).toISOString();
    const method = methodOf(auth);
    runtime.io.stdout.write(
      `${JSON.stringify({ token: value, scheme: credentials.scheme, expiresAt, portal: target.portal, profile: method === target.profile?.method ? target.profile.name : null })}\n`,
    );
  } else runtime.io.stdout.write(`${value}\n`);
  return EXIT.ok;
}

interface ProfileStatus {
  name: string;
  active: boolean;
  method: string;
  portal: string;
  account: Profile['account'];
  storage: Profile['storage'];
  expiresAt: string | null;
  signedInAt: string;
  problem: { code: string; message: string; hint: string | null } | null;
  exitCode: number;
}

function storageWords(profile: Profile): string {
  if (profile.storage === 'keychain') return `OS keychain (${platformName()})`;
  if (profile.storage === 'file') return 'a 0600 file (insecure storage)';
  return 'none (Basic: DOCSPACE_PASSWORD on every command)';
}

/**
 * `ds-auth status`: every profile (or those `--portal`/`--profile` pick) with its method, account,
 * where its secret is and when it expires, the active one marked; prints no secret. Exits with the
 * code of the active (or picked) profile's problem, if it has one.
 */
export async function status(flags: AccountFlags, runtime: Runtime): Promise<number> {
  const profiles = await loadProfiles(runtime);
  if (profiles.profiles.length === 0) throw notSignedIn('not signed in: there are no profiles');
  let shown = profiles.profiles;
  if (flags.profile !== undefined) shown = [findProfile(profiles, flags.profile)];
  else if (flags.portal !== undefined) {
    const target = await resolveTarget(runtime, flags);
    shown = shown.filter((profile) => profile.portal === target.portal);
    if (shown.length === 0) throw notSignedIn(`not signed in to ${target.portal}: no profile is on it`);
  }
  const rows: ProfileStatus[] = [];
  for (const profile of shown) rows.push(await profileStatus(runtime, profile, profiles));
  const main = rows.find((row) => row.active) ?? rows[0]!;
  if (flags.json) {
    const { exitCode: _, ...top } = main;
    runtime.io.stdout.write(
      `${JSON.stringify({
        profile: main.name,
        method: top.method,
        portal: top.portal,
        account: top.account,
        storage: top.storage,
        expiresAt: top.expiresAt,
        signedInAt: top.signedInAt,
        problem: top.problem,
        profiles: rows.map(({ exitCode: __, ...row }) => row),
      })}\n`,
    );
  } else {
    const blocks = rows.map((row) => {
      const profile = shown.find((candidate) => candidate.name === row.name)!;
      const lines = [
        `${row.active ? '*' : ' '} ${row.name}${row.active ? ' (active)' : ''}`,
        `    portal:   ${row.portal}`,
        `    method:   ${row.method}`,
        `    account:  ${describeAccount(row)}`,
        `    secret:   ${storageWords(profile)}`,
        `    expires:  ${row.problem ? '-' : (row.expiresAt ?? 'no expiry date')}`,
        `    since:    ${row.signedInAt}`,
      ];
      if (row.problem) lines.push(`    problem:  ${row.problem.code}: ${row.problem.message}`);
      return lines.join('\n');
    });
    runtime.io.stdout.write(`${blocks.join('\n')}\n`);
  }
  return main.problem ? main.exitCode : EXIT.ok;
}

async function profileStatus(runtime: Runtime, profile: Profile, profiles: Profiles): Promise<ProfileStatus> {
  const base = {
    name: profile.name,
    active: profile.name === profiles.active,
    method: profile.method,
    portal: profile.portal,
    account: profile.account,
    storage: profile.storage,
    signedInAt: profile.signedInAt,
  };
  try {
    const credentials = await storedStrategy(
      runtime,
      profile,
      profile.allowInsecureHttp === true,
    ).authenticate();
    const expiresAt =
      credentials.expiresAt === undefined ? null : new Date(credentials.expiresAt).toISOString();
    return { ...base, expiresAt, problem: null, exitCode: EXIT.ok };
  } catch (error) {
    const failure = describeFailure(error);
    return {
      ...base,
      expiresAt: null,
      problem: { code: failure.code, message: failure.message, hint: failure.hint },
      exitCode: failure.exitCode,
    };
  }
}

/** The profile to make active after `removed` is gone: the newest other one. */
function nextActive(profiles: Profile[], removed: Profile, active: string | undefined): string | undefined {
  if (active !== removed.name) return active;
  return [...profiles]
    .filter((profile) => profile.name !== removed.name)
    .sort((a, b) => b.signedInAt.localeCompare(a.signedInAt))[0]?.name;
}

/** Forgets a profile locally: its secret and its entry; the newest other profile becomes active if it was. */
export async function forgetProfile(runtime: Runtime, profile: Profile): Promise<string | undefined> {
  if (profile.storage !== 'none')
    await putEntry(
      storeFor<unknown>(profile.storage, runtime.env, () => runtime.keychain()),
      profile.secretKey,
      undefined,
    );
  const saved = await updateProfiles(runtime.env, (current) => ({
    active: nextActive(current.profiles, profile, current.active),
    profiles: current.profiles.filter((candidate) => candidate.name !== profile.name),
  }));
  return saved.active;
}

/**
 * `ds-auth logout`: revokes the session on the portal for real (PAT logout by cookie, OAuth
 * revocation) and forgets the profile; when the portal cannot be reached it is forgotten anyway,
 * with a warning that the token stays valid until it expires.
 */
export async function logout(flags: AccountFlags, runtime: Runtime, progress: Progress): Promise<number> {
  const { io } = runtime;
  const target = await resolveTarget(runtime, flags);
  const profile = target.profile;
  if (!profile) {
    const message = target.portal
      ? `not signed in to ${target.portal}: nothing to log out`
      : 'not signed in: nothing to log out';
    if (flags.json) io.stdout.write(`${JSON.stringify({ loggedOut: false, message })}\n`);
    else io.stderr.write(`${message}\n`);
    return EXIT.ok;
  }
  progress.step('logging out');
  let revoked = true;
  try {
    await storedStrategy(runtime, profile, target.allowInsecureHttp).revoke?.();
  } catch (error) {
    revoked = false;
    progress.done();
    const failure = describeFailure(error);
    runtime.warn(
      `the session could not be revoked on the portal (${failure.code}: ${failure.message}): it is forgotten here, and its token stays valid on the portal until it expires`,
    );
  }
  const active = await forgetProfile(runtime, profile);
  progress.done();
  const note =
    profile.method === 'apikey'
      ? ' (the key itself stays valid on the portal until it is deleted there)'
      : (profile.method === 'oauth' || profile.method === 'oidc') && !runtime.env.DOCSPACE_CLIENT_SECRET
        ? ' (a public client cannot revoke on DocSpace: its access token stays valid until it expires, within 60 minutes)'
        : '';
  if (flags.json)
    io.stdout.write(
      `${JSON.stringify({ loggedOut: true, revoked, profile: profile.name, method: profile.method, portal: profile.portal, active: active ?? null })}\n`,
    );
  else
    io.stdout.write(
      `logged out of ${profile.portal}${note}${active ? `\nactive profile now: "${active}"` : ''}\n`,
    );
  return EXIT.ok;
}

export interface SwitchFlags extends AccountFlags {
  name?: string | undefined;
}

/**
 * `ds-auth switch [NAME]`: makes a profile the active one. Without a name: the other one when there
 * are two, else a choice on a terminal.
 */
export async function switchProfile(
  flags: SwitchFlags,
  runtime: Runtime,
  prompter: Prompter,
): Promise<number> {
  const { io, env } = runtime;
  const profiles = await loadProfiles(runtime);
  if (profiles.profiles.length === 0) throw notSignedIn('not signed in: there is no profile to switch to');
  if (flags.name !== undefined && flags.profile !== undefined && flags.name !== flags.profile)
    throw usageError('name the profile once: as an argument or with --profile');
  let chosen: Profile;
  const names = profiles.profiles.map((profile) => profile.name);
  if ((flags.name ?? flags.profile) !== undefined)
    chosen = findProfile(profiles, (flags.name ?? flags.profile)!);
  else if (flags.portal !== undefined) {
    const target = await resolveTarget(runtime, { portal: flags.portal, allowInsecureHttp: true });
    const on = profiles.profiles.filter((profile) => profile.portal === target.portal);
    const others = on.filter((profile) => profile.name !== profiles.active);
    if (on.length === 0) throw notSignedIn(`not signed in to ${target.portal}: no profile is on it`);
    if (on.length === 1) chosen = on[0]!;
    else if (others.length === 1) chosen = others[0]!;
    else
      throw usageError(
        `several profiles are on ${target.portal}: name one (${on.map((p) => p.name).join(', ')})`,
      );
  } else if (profiles.profiles.length <= 2) {
    chosen = profiles.profiles.find((profile) => profile.name !== profiles.active) ?? profiles.profiles[0]!;
  } else if (io.stdin?.isTTY === true) {
    io.stderr.write(
      `${profiles.profiles.map((profile, index) => `  ${index + 1}. ${profile.name}${profile.name === profiles.active ? ' (active)' : ''}  ${describeAccount(profile)} on ${profile.portal}`).join('\n')}\n`,
    );
    const answer = await prompter.ask(`Switch to (1-${profiles.profiles.length}): `);
    const picked = profiles.profiles[Number(answer) - 1];
    if (!picked || !/^\d+$/.test(answer))
      throw usageError(`"${answer}" is not one of 1 to ${profiles.profiles.length}`);
    chosen = picked;
  } else {
    throw usageError(`name the profile to switch to: ds-auth switch NAME (there are: ${names.join(', ')})`);
  }
  await updateProfiles(env, (current) => ({
    active: current.profiles.some((profile) => profile.name === chosen.name) ? chosen.name : current.active,
    profiles: current.profiles,
  }));
  const shadowed =
    env.DOCSPACE_URL && new URL(env.DOCSPACE_URL, 'https://invalid').origin !== chosen.portal
      ? env.DOCSPACE_URL
      : undefined;
  if (shadowed)
    runtime.warn(
      `DOCSPACE_URL is set to ${shadowed}: commands use that portal until you unset it or pass --profile`,
    );
  if (flags.json)
    io.stdout.write(
      `${JSON.stringify({ active: chosen.name, portal: chosen.portal, method: chosen.method, account: chosen.account })}\n`,
    );
  else
    io.stdout.write(
      `switched to "${chosen.name}": ${describeAccount(chosen)} on ${chosen.portal} (${chosen.method})\n`,
    );
  return EXIT.ok;
}
