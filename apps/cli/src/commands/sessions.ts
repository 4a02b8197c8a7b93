import { createActiveConnections, type ActiveConnection, type ActiveConnections } from '@ds/auth-pat';
import type { AuthStrategy } from '@ds/auth-core';
import { usageError } from '../failure.js';
import { EXIT } from '../io.js';
import type { Progress } from '../progress.js';
import { renderTable } from '../render.js';
import {
  apiClient,
  methodOf,
  requirePortal,
  resolveAuth,
  resolveTarget,
  type Runtime,
  type Target,
  type TargetFlags,
} from '../session.js';
import { forgetProfile } from './account.js';
import { explainForbidden } from './apps.js';

export interface SessionsFlags extends TargetFlags {
  json: boolean;
}

function sessionJson(session: ActiveConnection): Record<string, unknown> {
  return {
    id: session.id,
    current: session.current,
    browser: session.browser,
    platform: session.platform,
    mobile: session.mobile,
    ip: session.ip,
    city: session.city ?? null,
    country: session.country ?? null,
    signedInAt: session.signedInAt?.toISOString() ?? null,
  };
}

async function withSessions<T>(
  runtime: Runtime,
  flags: SessionsFlags,
  run: (
    sessions: ActiveConnections,
    context: { target: Target & { portal: string }; auth: AuthStrategy },
  ) => Promise<T>,
): Promise<T> {
  const target = requirePortal(await resolveTarget(runtime, flags), runtime.env);
  const auth = resolveAuth(runtime, target);
  const sessions = createActiveConnections(apiClient(target.portal, auth, target.allowInsecureHttp));
  try {
    return await run(sessions, { target, auth });
  } catch (error) {
    throw explainForbidden(error, auth, 'see or end sign-in sessions');
  }
}

/** `ds-auth sessions [list]`: the account's signed-in sessions, newest first, this CLI's own marked. */
export async function sessionsList(
  flags: SessionsFlags,
  runtime: Runtime,
  progress: Progress,
): Promise<number> {
  progress.step('listing the sessions');
  const list = await withSessions(runtime, flags, (sessions) => sessions.list());
  progress.done();
  if (flags.json)
    runtime.io.stdout.write(
      `${JSON.stringify({ currentId: list.currentId ?? null, sessions: list.connections.map(sessionJson) })}\n`,
    );
  else if (list.connections.length === 0) runtime.io.stdout.write('no active sessions\n');
  else
    runtime.io.stdout.write(
      `${renderTable(
        ['', 'id', 'browser', 'platform', 'ip', 'signed in'],
        list.connections.map((session) => [
          session.current ? '*' : '',
          String(session.id),
          session.browser,
          session.platform + (session.mobile ? ' (mobile)' : ''),
          session.ip,
          session.signedInAt?.toISOString() ?? '',
        ]),
      )}\n${list.currentId ? "* this CLI's own session\n" : ''}`,
    );
  return EXIT.ok;
}

/** `ds-auth sessions end ID`: ends one session; ending this CLI's own one signs the profile out here too. */
export async function sessionsEnd(
  id: string | undefined,
  flags: SessionsFlags,
  runtime: Runtime,
  progress: Progress,
): Promise<number> {
  if (id === undefined || !/^[1-9]\d{0,15}$/.test(id))
    throw usageError('ds-auth sessions end needs the id of a session (`ds-auth sessions` lists them)');
  const loginEventId = Number(id);
  progress.step('ending the session');
  const { ended, current, target } = await withSessions(
    runtime,
    flags,
    async (sessions, { target, auth }) => {
      const { currentId } = methodOf(auth) === 'pat' ? await sessions.list() : { currentId: undefined };
      return { ended: await sessions.end(loginEventId), current: currentId === loginEventId, target };
    },
  );
  if (current && target.profile?.method === 'pat') await forgetProfile(runtime, target.profile);
  progress.done();
  if (flags.json)
    runtime.io.stdout.write(
      `${JSON.stringify({ id: loginEventId, ended, ...(current ? { signedOut: target.profile?.name ?? null } : {}) })}\n`,
    );
  else
    runtime.io.stdout.write(
      ended
        ? `ended session ${loginEventId}${current ? ` (this CLI's own: "${target.profile?.name}" is signed out)` : ''}\n`
        : `session ${loginEventId} had already ended\n`,
    );
  return EXIT.ok;
}

/**
 * `ds-auth sessions end-others`: "sign out everywhere else". The portal knows which session is this
 * one only from a PAT's cookie; with an API key or Basic (no session of their own) every session ends.
 */
export async function sessionsEndOthers(
  flags: SessionsFlags,
  runtime: Runtime,
  progress: Progress,
): Promise<number> {
  progress.step('ending the other sessions');
  const kept = await withSessions(runtime, flags, async (sessions, { auth }) => {
    const isSession = methodOf(auth) === 'pat';
    const currentId = isSession ? (await sessions.list()).currentId : undefined;
    await sessions.endOthers();
    return currentId;
  });
  progress.done();
  if (flags.json) runtime.io.stdout.write(`${JSON.stringify({ endedOthers: true, kept: kept ?? null })}\n`);
  else
    runtime.io.stdout.write(
      kept !== undefined
        ? `signed out everywhere else; kept this CLI's session ${kept}\n`
        : 'signed out of every session (these credentials are not a session of their own)\n',
    );
  return EXIT.ok;
}
