import { spawn } from 'node:child_process';
import { createApiKeyAuth } from '@ds/auth-apikey';
import { createBasicAuth } from '@ds/auth-basic';
import { AuthError, type AuthStrategy } from '@ds/auth-core';
import { createOAuthAuth, type OAuthTokens } from '@ds/auth-oauth';
import { authorizeWithLoopback } from '@ds/auth-oauth/node';
import { createOidcAuth } from '@ds/auth-oidc';
import { createPersonalTokenAuth, type PersonalToken } from '@ds/auth-pat';
import {
  METHODS,
  type Method,
  openStore,
  type Profile,
  putEntry,
  readProfile,
  sessionKey,
  writeProfile,
} from '../config.js';
import { usageError } from '../failure.js';
import { type CliIo, EXIT } from '../io.js';
import type { Progress } from '../progress.js';
import type { Prompter } from '../prompt.js';
import {
  apiClient,
  cliOAuthClient,
  cliOidcClient,
  type Env,
  type Me,
  resolvePortal,
  type StoredApiKey,
  storedStrategy,
} from '../session.js';

export interface LoginFlags {
  method?: string | undefined;
  url?: string | undefined;
  user?: string | undefined;
  clientId?: string | undefined;
  browser: boolean;
  json: boolean;
}

interface LoginContext {
  io: CliIo;
  prompter: Prompter;
  progress: Progress;
  portal: string;
  flags: LoginFlags;
}

/** `ds-auth login`: signs in with one method and remembers the session (secrets in 0600 files). */
export async function login(
  flags: LoginFlags,
  io: CliIo,
  prompter: Prompter,
  progress: Progress,
): Promise<number> {
  const method = (flags.method ?? 'pat') as Method;
  if (!(METHODS as readonly string[]).includes(method))
    throw usageError(`"--method" must be one of ${METHODS.join(', ')}`);
  const previous = await readProfile(io.env);
  const portal = resolvePortal(flags.url, io.env, undefined);
  // A new sign-in replaces the old one: log the old one out for real first.
  if (previous)
    await storedStrategy(previous, io.env)
      .revoke?.()
      .catch(() => undefined);
  const context: LoginContext = { io, prompter, progress, portal, flags };
  const { auth, extra } = await SIGN_IN[method](context);
  progress.step('checking who you are');
  const me = await apiClient(portal, auth)
    .get<Me>('/api/2.0/people/@self')
    .catch((error: unknown) => {
      // A narrow API key may not read the profile (403); the sign-in itself worked.
      if (AuthError.isInstance(error) && error.code === 'ERR_AUTH_FORBIDDEN') return {} as Me;
      throw error;
    });
  const profile: Profile = {
    version: 1,
    method,
    portal,
    account: { id: me.id, email: me.email, displayName: me.displayName },
    signedInAt: new Date().toISOString(),
    ...extra,
  };
  await writeProfile(io.env, profile);
  progress.done();
  if (flags.json) io.stdout.write(`${JSON.stringify({ method, portal, account: profile.account })}\n`);
  else io.stdout.write(`signed in to ${portal} as ${describeAccount(profile)} (${method})\n`);
  return EXIT.ok;
}

export function describeAccount(profile: Pick<Profile, 'account'>): string {
  const { displayName, email } = profile.account;
  if (displayName && email) return `${displayName} <${email}>`;
  return email ?? displayName ?? 'an account whose profile this key may not read';
}

type SignIn = (context: LoginContext) => Promise<{ auth: AuthStrategy; extra: Partial<Profile> }>;

const SIGN_IN: Record<Method, SignIn> = {
  async pat({ io, prompter, progress, portal, flags }) {
    const userName = flags.user ?? io.env.DOCSPACE_USERNAME ?? (await prompter.ask('E-mail: '));
    const password = io.env.DOCSPACE_PASSWORD ?? (await prompter.ask('Password: ', { secret: true }));
    progress.step('logging in');
    const auth = createPersonalTokenAuth({
      baseUrl: portal,
      userName,
      password,
      key: sessionKey({ method: 'pat', portal }),
      store: openStore<PersonalToken>(io.env),
      onTwoFactor: async (challenge) => {
        progress.done();
        const where =
          challenge.kind === 'sms'
            ? `the code sent to ${challenge.phoneNoise ?? 'your phone'}`
            : 'the code from your authenticator app (or a backup code)';
        return prompter.ask(`Two-factor code, ${where}: `);
      },
    });
    await auth.authenticate();
    return { auth, extra: { userName } };
  },
  async apikey({ io, prompter, progress, portal }) {
    const apiKey = io.env.DOCSPACE_API_KEY ?? (await prompter.ask('API key (sk-...): ', { secret: true }));
    const auth = createApiKeyAuth({ apiKey });
    progress.step('checking the key');
    // GET /keys/@self works for a key of any permission (docs/docspace-behaviour.md §4.1).
    await apiClient(portal, auth).get('/api/2.0/keys/@self');
    await putEntry(openStore<StoredApiKey>(io.env), sessionKey({ method: 'apikey', portal }), {
      apiKey,
      issuedAt: Date.now(),
    });
    return { auth, extra: {} };
  },
  async basic({ io, prompter }) {
    const email = io.env.DOCSPACE_USERNAME ?? (await prompter.ask('E-mail: '));
    const password = io.env.DOCSPACE_PASSWORD ?? (await prompter.ask('Password: ', { secret: true }));
    io.stderr.write(
      'note: Basic keeps no credentials; later commands need DOCSPACE_USERNAME and DOCSPACE_PASSWORD (testing only)\n',
    );
    return { auth: createBasicAuth({ email, password, acknowledgeInsecure: true }), extra: {} };
  },
  oauth: (context) => signInWithBrowser(context, 'oauth'),
  oidc: (context) => signInWithBrowser(context, 'oidc'),
};

async function signInWithBrowser(context: LoginContext, method: 'oauth' | 'oidc') {
  const { io, progress, portal, flags } = context;
  const clientId = flags.clientId ?? io.env.DOCSPACE_CLIENT_ID;
  if (!clientId)
    throw usageError(
      '"--client-id" (or DOCSPACE_CLIENT_ID) is required: the id of an OAuth app registered on the portal',
    );
  // OIDC: the same browser flow with a nonce, and the ID token verified before the tokens are kept.
  const oidc = method === 'oidc' ? cliOidcClient(portal, clientId, io.env) : undefined;
  if (oidc) {
    progress.step("reading the portal's OpenID configuration");
    await oidc.discover();
  }
  const client = oidc ? oidc.asOAuthClient() : cliOAuthClient(portal, clientId, io.env);
  progress.step('waiting for the browser');
  const { tokens } = await authorizeWithLoopback({
    client,
    onRequest: (request) => {
      progress.done();
      io.stderr.write(`Open this address to sign in:\n  ${request.url}\n`);
    },
    openBrowser: flags.browser ? (url) => (io.openBrowser ?? openSystemBrowser)(url) : undefined,
  });
  const key = sessionKey({ method, portal });
  const store = openStore<OAuthTokens>(io.env);
  const auth = oidc ? createOidcAuth({ client: oidc, store, key }) : createOAuthAuth({ client, store, key });
  await auth.setTokens(tokens);
  return { auth, extra: { clientId } };
}

/** Best effort: the platform's URL opener; the URL is printed anyway. */
function openSystemBrowser(url: string): Promise<void> {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  return new Promise((resolve) => {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => resolve());
    child.unref();
    resolve();
  });
}

export type { Env };
