import { createApiKeyAuth } from '@ds/auth-apikey';
import { createBasicAuth } from '@ds/auth-basic';
import { createOidcAuth, createOidcClient } from '@ds/auth-oidc';
import { createPersonalTokenAuth } from '@ds/auth-pat';
import { AuthError, type AuthStrategy, createDocSpaceClient, type FetchLike } from '@ds/auth-core';
import { createOAuthAuth, createOAuthClient } from '@ds/auth-oauth';
import { type Emulator, startEmulator } from '@ds/emulator';
import { CliError } from '../failure.js';
import { type CliIo, EXIT } from '../io.js';
import { describeExpiry, renderTable } from '../render.js';

/** One line of the demo's report. */
export interface DemoRow {
  method: string;
  ok: boolean;
  account: string | null;
  scheme: string | null;
  expiresAt: string | null;
  requests: number;
  ms: number;
  error?: string;
}

interface MethodPlan {
  method: string;
  /** Builds the strategy; `fetch` counts requests, so strategies that make their own (logins) use it. */
  create: (fetch: FetchLike) => AuthStrategy | Promise<AuthStrategy>;
}

interface Profile {
  displayName?: string;
  email?: string;
}

/** `ds-auth demo [--json]`: runs every available method end to end and reports one row per method. */
export async function demo(options: { json: boolean }, io: CliIo): Promise<number> {
  const portalUrl = io.env.DOCSPACE_URL || undefined;
  const emulator = portalUrl ? undefined : await startEmulator();
  const baseUrl = portalUrl ?? emulator!.url;
  try {
    const plans = portalUrl ? plansFromEnvironment(io.env) : plansFromEmulator(emulator!);
    if (plans.length === 0)
      throw new CliError('ERR_CLI_NO_CREDENTIALS', 'no credentials in the environment for the demo', {
        hint: 'set DOCSPACE_API_KEY, or DOCSPACE_USERNAME and DOCSPACE_PASSWORD',
        exitCode: EXIT.usage,
      });
    if (!options.json && io.stderr.isTTY)
      io.stderr.write(`running ${plans.length} methods against ${baseUrl}\n`);
    const rows: DemoRow[] = [];
    for (const plan of plans) rows.push(await runMethod(plan, baseUrl));
    if (options.json) {
      io.stdout.write(`${JSON.stringify(rows)}\n`);
    } else {
      const now = Date.now();
      io.stdout.write(
        `${renderTable(
          ['method', 'account', 'scheme', 'expiry', 'requests', 'ms'],
          rows.map((row) => [
            row.ok ? row.method : `${row.method} (failed)`,
            row.ok ? (row.account ?? '') : (row.error ?? ''),
            row.scheme ?? '',
            row.ok ? describeExpiry(row.expiresAt ? Date.parse(row.expiresAt) : undefined, now) : '',
            String(row.requests),
            String(row.ms),
          ]),
        )}\n`,
      );
    }
    return rows.every((row) => row.ok) ? EXIT.ok : EXIT.failed;
  } finally {
    await emulator?.close();
  }
}

function plansFromEmulator(emulator: Emulator): MethodPlan[] {
  const user = emulator.seed.users.find((candidate) => candidate.tfa === 'none') ?? emulator.seed.users[0]!;
  const twoFactorUser = emulator.seed.users.find((candidate) => candidate.tfa === 'app') ?? user;
  const key =
    emulator.seed.apiKeys.find(
      (candidate) => candidate.permissions.length === 0 || candidate.permissions.includes('*'),
    ) ?? emulator.seed.apiKeys[0]!;
  return [
    {
      method: 'basic',
      create: () =>
        createBasicAuth({ email: user.email, password: user.password, acknowledgeInsecure: true }),
    },
    { method: 'apikey', create: () => createApiKeyAuth({ apiKey: key.key }) },
    {
      method: 'pat',
      // The emulator's user with app two-factor; a person would type the code from the authenticator app.
      create: (fetch) =>
        createPersonalTokenAuth({
          fetch,
          baseUrl: emulator.url,
          userName: twoFactorUser.email,
          password: twoFactorUser.password,
          onTwoFactor: async () => emulator.totp(twoFactorUser.email),
        }),
    },
    {
      method: 'oauth',
      // Authorization code + PKCE through the emulator's real login and consent pages, over HTTP.
      create: (fetch) => signInWithOAuth(emulator, user, fetch),
    },
    {
      method: 'oidc',
      // The same flow with a nonce; the tokens are used only after the ID token passed every check.
      create: (fetch) => signInWithOidc(emulator, user, fetch),
    },
  ];
}

async function signInWithOidc(
  emulator: Emulator,
  user: { email: string; password: string },
  fetch: FetchLike,
): Promise<AuthStrategy> {
  const app = emulator.seed.clients.find((client) => !client.public)!;
  const oidc = createOidcClient({
    baseUrl: emulator.url,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: ['openid', 'accounts.self:read'],
    fetch,
  });
  const request = await oidc.createAuthorizationRequest();
  const callbackUrl = await emulator.authorize(request.url, {
    email: user.email,
    password: user.password,
    consent: 'allow',
  });
  const { tokens } = await oidc.handleCallback(callbackUrl, request);
  return createOidcAuth({ client: oidc, tokens });
}

async function signInWithOAuth(
  emulator: Emulator,
  user: { email: string; password: string },
  fetch: FetchLike,
): Promise<AuthStrategy> {
  const app = emulator.seed.clients.find((client) => !client.public)!;
  const client = createOAuthClient({
    baseUrl: emulator.url,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: ['accounts.self:read', 'files:read'],
    fetch,
  });
  const request = await client.createAuthorizationRequest();
  const callbackUrl = await emulator.authorize(request.url, {
    email: user.email,
    password: user.password,
    consent: 'allow',
  });
  return createOAuthAuth({ client, tokens: await client.handleCallback(callbackUrl, request) });
}

function plansFromEnvironment(env: CliIo['env']): MethodPlan[] {
  const plans: MethodPlan[] = [];
  const {
    DOCSPACE_URL: baseUrl,
    DOCSPACE_USERNAME: email,
    DOCSPACE_PASSWORD: password,
    DOCSPACE_API_KEY: apiKey,
  } = env;
  if (email && password) {
    plans.push({
      method: 'basic',
      create: () => createBasicAuth({ email, password, acknowledgeInsecure: true }),
    });
    plans.push({
      method: 'pat',
      create: (fetch) => createPersonalTokenAuth({ fetch, baseUrl: baseUrl!, userName: email, password }),
    });
  }
  if (apiKey) plans.push({ method: 'apikey', create: () => createApiKeyAuth({ apiKey }) });
  return plans;
}

async function runMethod(plan: MethodPlan, baseUrl: string): Promise<DemoRow> {
  const started = performance.now();
  let requests = 0;
  const counting: FetchLike = (input, init) => {
    requests += 1;
    return fetch(input, init);
  };
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const strategy = await plan.create(counting);
    const credentials = await strategy.authenticate();
    const client = createDocSpaceClient({ baseUrl, auth: strategy, fetch: counting });
    const me = await client.get<Profile>('/api/2.0/people/@self');
    // Leave nothing behind on the portal: a PAT login is an active connection until it is logged out.
    await strategy.revoke?.();
    return {
      method: plan.method,
      ok: true,
      account: `${me.displayName ?? '?'} <${me.email ?? '?'}>`,
      scheme: credentials.scheme,
      expiresAt: credentials.expiresAt === undefined ? null : new Date(credentials.expiresAt).toISOString(),
      requests,
      ms: elapsed(),
    };
  } catch (error) {
    const message = AuthError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
    return {
      method: plan.method,
      ok: false,
      account: null,
      scheme: null,
      expiresAt: null,
      requests,
      ms: elapsed(),
      error: message,
    };
  }
}
