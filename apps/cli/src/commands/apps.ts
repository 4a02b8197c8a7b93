import { AuthError, type AuthStrategy } from '@ds/auth-core';
import { createOAuthApps, type OAuthApp, type OAuthApps } from '@ds/auth-oauth';
import { CliError, usageError } from '../failure.js';
import { EXIT } from '../io.js';
import type { Progress } from '../progress.js';
import type { Prompter } from '../prompt.js';
import { renderTable } from '../render.js';
import {
  apiClient,
  methodOf,
  requirePortal,
  resolveAuth,
  resolveTarget,
  type Runtime,
  type TargetFlags,
} from '../session.js';

export interface AppsFlags extends TargetFlags {
  json: boolean;
  name?: string | undefined;
  redirectUri?: string[] | undefined;
  scope?: string[] | undefined;
  website?: string | undefined;
  description?: string | undefined;
  allowPkce?: boolean | undefined;
  yes?: boolean | undefined;
}

/** What an app looks like in `--json` output (dates as ISO strings, no secret). */
function appJson(app: OAuthApp): Record<string, unknown> {
  return {
    clientId: app.clientId,
    name: app.name,
    description: app.description ?? null,
    enabled: app.enabled,
    scopes: app.scopes,
    redirectUris: app.redirectUris,
    allowedOrigins: app.allowedOrigins,
    websiteUrl: app.websiteUrl,
    allowPkce: app.allowPkce,
    authenticationMethods: app.authenticationMethods,
    createdOn: app.createdOn.toISOString(),
    createdBy: app.createdBy,
    modifiedOn: app.modifiedOn.toISOString(),
  };
}

/**
 * App management needs a credential with a global scope (a PAT, a full-access API key, Basic):
 * with an OAuth token the portal answers 403, and the hint says so.
 */
async function withApps<T>(
  runtime: Runtime,
  flags: AppsFlags,
  run: (apps: OAuthApps, context: { portal: string; auth: AuthStrategy }) => Promise<T>,
): Promise<T> {
  const target = requirePortal(await resolveTarget(runtime, flags), runtime.env);
  const auth = resolveAuth(runtime, target);
  const apps = createOAuthApps(apiClient(target.portal, auth, target.allowInsecureHttp));
  try {
    return await run(apps, { portal: target.portal, auth });
  } catch (error) {
    throw explainForbidden(error, auth, 'manage OAuth apps');
  }
}

/** A 403 from a call that needs a global scope, explained for the method that was used. */
export function explainForbidden(error: unknown, auth: AuthStrategy, what: string): unknown {
  if (!AuthError.isInstance(error) || error.code !== 'ERR_AUTH_FORBIDDEN') return error;
  const method = methodOf(auth);
  const hint =
    method === 'oauth' || method === 'oidc'
      ? `an OAuth token cannot ${what}: sign in with --method pat (or an API key with full access) for this, e.g. \`ds-auth login --method pat --profile admin\``
      : method === 'apikey'
        ? `this API key may not ${what}: use a key with full access ("*"), or sign in with --method pat`
        : `this account may not ${what} (a guest, or a missing permission)`;
  return new CliError('ERR_AUTH_FORBIDDEN', error.message, { hint, exitCode: EXIT.forbidden, cause: error });
}

/** `ds-auth apps list`: every app the account may manage, newest first. */
export async function appsList(flags: AppsFlags, runtime: Runtime, progress: Progress): Promise<number> {
  progress.step('listing the apps');
  const apps = await withApps(runtime, flags, async (client) => {
    const all: OAuthApp[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const answer = await client.list({ limit: 50, cursor });
      all.push(...answer.apps);
      cursor = answer.next;
      if (!cursor) break;
    }
    return all;
  });
  progress.done();
  if (flags.json) runtime.io.stdout.write(`${JSON.stringify({ apps: apps.map(appJson) })}\n`);
  else if (apps.length === 0)
    runtime.io.stdout.write('no OAuth apps (register one with `ds-auth apps register`)\n');
  else
    runtime.io.stdout.write(
      `${renderTable(
        ['client id', 'name', 'enabled', 'scopes', 'created'],
        apps.map((app) => [
          app.clientId,
          app.name,
          app.enabled ? 'yes' : 'no',
          app.scopes.join(','),
          app.createdOn.toISOString().slice(0, 10),
        ]),
      )}\n`,
    );
  return EXIT.ok;
}

function listOf(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(/[\s,]+/)).filter((value) => value !== '');
}

const SHOWN_ONCE =
  'the client secret is shown only now: ds-auth does not keep it. Store it where the app reads its configuration (a secret store, an environment variable).';

/** `ds-auth apps register`: registers an app and prints its client id and secret, once. */
export async function appsRegister(flags: AppsFlags, runtime: Runtime, progress: Progress): Promise<number> {
  const redirectUris = listOf(flags.redirectUri);
  const scopes = listOf(flags.scope);
  const missing = [
    flags.name === undefined ? '--name' : undefined,
    redirectUris.length === 0 ? '--redirect-uri' : undefined,
    scopes.length === 0 ? '--scope' : undefined,
    flags.website === undefined ? '--website' : undefined,
  ].filter((flag) => flag !== undefined);
  if (missing.length > 0) throw usageError(`ds-auth apps register needs ${missing.join(', ')}`);
  progress.step('registering the app');
  const app = await withApps(runtime, flags, (apps) =>
    apps.create({
      name: flags.name!,
      redirectUris,
      scopes,
      websiteUrl: flags.website!,
      description: flags.description,
      allowPkce: flags.allowPkce === true,
    }),
  );
  progress.done();
  const secret = app.clientSecret.reveal();
  if (flags.json) runtime.io.stdout.write(`${JSON.stringify({ app: appJson(app), clientSecret: secret })}\n`);
  else {
    runtime.io.stdout.write(
      `registered "${app.name}"\nclient id:      ${app.clientId}\nclient secret:  ${secret}\n`,
    );
    runtime.io.stderr.write(`note: ${SHOWN_ONCE}\n`);
  }
  return EXIT.ok;
}

function requireId(id: string | undefined, command: string): string {
  if (!id)
    throw usageError(
      `ds-auth apps ${command} needs the client id of the app (\`ds-auth apps list\` shows them)`,
    );
  return id;
}

/** `ds-auth apps rotate-secret ID`: a new client secret, printed once; the old one stops working at once. */
export async function appsRotateSecret(
  id: string | undefined,
  flags: AppsFlags,
  runtime: Runtime,
  progress: Progress,
): Promise<number> {
  const clientId = requireId(id, 'rotate-secret');
  progress.step('rotating the secret');
  const secret = await withApps(runtime, flags, (apps) => apps.rotateSecret(clientId));
  progress.done();
  if (flags.json) runtime.io.stdout.write(`${JSON.stringify({ clientId, clientSecret: secret.reveal() })}\n`);
  else {
    runtime.io.stdout.write(`new client secret for ${clientId}:  ${secret.reveal()}\n`);
    runtime.io.stderr.write(`note: the old secret no longer works; ${SHOWN_ONCE}\n`);
  }
  return EXIT.ok;
}

/** `ds-auth apps delete ID`: deletes an app with its tokens and consents (asks first, unless `--yes`). */
export async function appsDelete(
  id: string | undefined,
  flags: AppsFlags,
  runtime: Runtime,
  prompter: Prompter,
  progress: Progress,
): Promise<number> {
  const clientId = requireId(id, 'delete');
  const { io } = runtime;
  if (flags.yes !== true) {
    // On a terminal the question goes to stderr, with --json too (its answer does not change the output's shape).
    if (io.stdin?.isTTY !== true)
      throw usageError(`deleting an app cannot be undone: pass --yes to delete ${clientId} without asking`);
    const answer = await prompter.ask(
      `Delete the app ${clientId} with all its tokens and consents? Type "yes": `,
    );
    if (answer.toLowerCase() !== 'yes') throw new CliError('ERR_CLI_CANCELLED', 'nothing was deleted');
  }
  progress.step('deleting the app');
  await withApps(runtime, flags, (apps) => apps.delete(clientId));
  progress.done();
  if (flags.json) io.stdout.write(`${JSON.stringify({ deleted: true, clientId })}\n`);
  else io.stdout.write(`deleted the app ${clientId}\n`);
  return EXIT.ok;
}
