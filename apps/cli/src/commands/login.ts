import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createBasicAuth } from '@ds/auth-basic';
import { AuthError, type AuthStrategy } from '@ds/auth-core';
import { createOAuthAuth, type OAuthTokens } from '@ds/auth-oauth';
import { authorizeWithLoopback } from '@ds/auth-oauth/node';
import { createOidcAuth } from '@ds/auth-oidc';
import { createPersonalTokenAuth, type PersonalToken } from '@ds/auth-pat';
import {
  chooseProfileName,
  isProfileName,
  METHODS,
  type Method,
  type Profile,
  putEntry,
  type Storage,
  updateProfiles,
} from '../config.js';
import { CliError, usageError } from '../failure.js';
import { EXIT } from '../io.js';
import type { Progress } from '../progress.js';
import type { Prompter } from '../prompt.js';
import {
  apiClient,
  apiKeyAuth,
  checkPortal,
  chooseStorage,
  cliOAuthClient,
  cliOidcClient,
  type Env,
  loadProfiles,
  type Me,
  type Runtime,
  type StoredApiKey,
  insecureStorageChosen,
  storedStrategy,
} from '../session.js';
import { storeFor } from '../stores.js';

export interface LoginFlags {
  method?: string | undefined;
  portal?: string | undefined;
  profile?: string | undefined;
  user?: string | undefined;
  clientId?: string | undefined;
  noBrowser: boolean;
  insecureStorage: boolean;
  allowInsecureHttp: boolean;
  json: boolean;
}

interface LoginContext {
  runtime: Runtime;
  prompter: Prompter;
  progress: Progress;
  portal: string;
  flags: LoginFlags;
  storage: Storage;
  secretKey: string;
}

/** Where the secret of a new sign-in went, in words. */
export function describeStorage(
  storage: Storage,
  keychainName: string | undefined,
  explicit: boolean,
): string {
  if (storage === 'keychain') return `the OS keychain${keychainName ? ` (${keychainName})` : ''}`;
  if (storage === 'file') return `a 0600 file${explicit ? ' (--insecure-storage)' : ' (no OS keychain)'}`;
  return 'nowhere (Basic keeps no secret)';
}

/**
 * `ds-auth login`: signs in with one method and keeps the session as a profile (its secret in the OS
 * keychain, or a 0600 file as the fallback). A profile of the same account on the same portal, or
 * the one `--profile` names, is replaced (and its old session revoked); the new profile is active.
 */
export async function login(
  flags: LoginFlags,
  runtime: Runtime,
  prompter: Prompter,
  progress: Progress,
): Promise<number> {
  const { env, io } = runtime;
  const method = (flags.method ?? 'pat') as Method;
  if (!(METHODS as readonly string[]).includes(method))
    throw usageError(`"--method" must be one of ${METHODS.join(', ')} (got "${flags.method}")`);
  const browserMethod = method === 'oauth' || method === 'oidc';
  if (!browserMethod && flags.clientId !== undefined)
    throw usageError(`--client-id is for --method oauth and oidc, not ${method}`);
  if (!browserMethod && flags.noBrowser)
    throw usageError(`--no-browser is for --method oauth and oidc, not ${method}`);
  if (flags.profile !== undefined && !isProfileName(flags.profile))
    throw usageError(
      `"--profile" must be 1 to 100 letters, digits or ._@:/+- starting with a letter or digit (got "${flags.profile}")`,
    );
  if (flags.user !== undefined && flags.user.trim() === '') throw usageError('"--user" must not be empty');

  const profiles = await loadProfiles(runtime);
  const named = profiles.profiles.find((profile) => profile.name === flags.profile);
  const [value, source] =
    flags.portal !== undefined
      ? [flags.portal, '--portal']
      : named
        ? [named.portal, `the profile "${named.name}"`]
        : env.DOCSPACE_URL
          ? [env.DOCSPACE_URL, 'DOCSPACE_URL']
          : [undefined, undefined];
  if (value === undefined)
    throw new CliError('ERR_CLI_NO_PORTAL', 'no portal to sign in to', {
      hint: 'pass --portal https://portal.example.com, or set DOCSPACE_URL',
    });
  const portal = checkPortal(value, source!, flags.allowInsecureHttp);
  runtime.portal = portal;

  const { storage, warning } =
    method === 'basic'
      ? { storage: 'none' as const, warning: undefined }
      : await chooseStorage(runtime, flags.insecureStorage);
  const secretKey = `${method}:${portal}:${randomBytes(6).toString('hex')}`;
  const context: LoginContext = { runtime, prompter, progress, portal, flags, storage, secretKey };
  const { auth, extra } = await SIGN_IN[method](context);
  const forgetNew = async (): Promise<void> => {
    await auth.revoke?.().catch(() => undefined);
    if (storage !== 'none')
      await putEntry(
        storeFor<unknown>(storage, env, () => runtime.keychain()),
        secretKey,
        undefined,
      ).catch(() => undefined);
  };

  let profile: Profile;
  let replaced: Profile | undefined;
  try {
    progress.step('checking who you are');
    const me = await apiClient(portal, auth, flags.allowInsecureHttp)
      .get<Me>('/api/2.0/people/@self')
      .catch((error: unknown) => {
        // A narrow API key may not read the profile (403); the sign-in itself worked.
        if (AuthError.isInstance(error) && error.code === 'ERR_AUTH_FORBIDDEN') return {} as Me;
        throw error;
      });
    const account = { id: me.id, email: me.email, displayName: me.displayName };
    if (flags.user !== undefined && method !== 'pat' && method !== 'basic') checkAccount(flags.user, account);
    await updateProfiles(env, (current) => {
      const name = chooseProfileName(current.profiles, { portal, method, account }, flags.profile);
      replaced = current.profiles.find((candidate) => candidate.name === name);
      profile = {
        name,
        method,
        portal,
        account,
        signedInAt: new Date().toISOString(),
        storage,
        secretKey,
        ...(flags.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
        ...extra,
      };
      return {
        active: name,
        profiles: [...current.profiles.filter((candidate) => candidate.name !== name), profile],
      };
    });
  } catch (error) {
    progress.done();
    await forgetNew();
    throw error;
  }
  // The replaced session is logged out for real, after the new one works.
  if (replaced && replaced.secretKey !== secretKey) {
    const old = replaced;
    await storedStrategy(runtime, old, old.allowInsecureHttp === true)
      .revoke?.()
      .catch(() => undefined);
    if (old.storage !== 'none')
      await putEntry(
        storeFor<unknown>(old.storage, env, () => runtime.keychain()),
        old.secretKey,
        undefined,
      ).catch(() => undefined);
  }
  progress.done();
  if (warning) runtime.warn(warning);
  const saved = profile!;
  const keychain = storage === 'keychain' ? await runtime.keychain() : undefined;
  const keychainName = keychain?.available ? keychain.keychain.name : undefined;
  if (flags.json)
    io.stdout.write(
      `${JSON.stringify({ profile: saved.name, method, portal, account: saved.account, storage, ...(keychainName ? { keychain: keychainName } : {}), active: true })}\n`,
    );
  else
    io.stdout.write(
      `signed in to ${portal} as ${describeAccount(saved)} (${method})\nprofile "${saved.name}" (active), secret in ${describeStorage(storage, keychainName, insecureStorageChosen(flags.insecureStorage, env))}\n`,
    );
  return EXIT.ok;
}

function checkAccount(user: string, account: Profile['account']): void {
  if (!account.email)
    throw new CliError(
      'ERR_CLI_WRONG_ACCOUNT',
      `cannot check --user ${user}: these credentials may not read their profile (GET /api/2.0/people/@self)`,
      { hint: 'leave --user out for a key that may not read the profile' },
    );
  if (account.email.toLowerCase() !== user.toLowerCase())
    throw new CliError(
      'ERR_CLI_WRONG_ACCOUNT',
      `signed in as ${account.email}, not ${user} (--user): nothing was kept`,
    );
}

export function describeAccount(profile: Pick<Profile, 'account'>): string {
  const { displayName, email } = profile.account;
  if (displayName && email) return `${displayName} <${email}>`;
  return email ?? displayName ?? 'an account whose profile this key may not read';
}

type SignIn = (context: LoginContext) => Promise<{ auth: AuthStrategy; extra: Partial<Profile> }>;

const SIGN_IN: Record<Method, SignIn> = {
  async pat({ runtime, prompter, progress, portal, flags, storage, secretKey }) {
    const { env } = runtime;
    const userName = flags.user ?? env.DOCSPACE_USERNAME ?? (await prompter.ask('E-mail: '));
    const password = env.DOCSPACE_PASSWORD ?? (await prompter.ask('Password: ', { secret: true }));
    progress.step('logging in');
    const auth = createPersonalTokenAuth({
      baseUrl: portal,
      userName,
      password,
      key: secretKey,
      store: storeFor<PersonalToken>(storage, env, () => runtime.keychain()),
      allowInsecureHttp: flags.allowInsecureHttp,
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
  async apikey({ runtime, prompter, progress, portal, flags, storage, secretKey }) {
    const { env } = runtime;
    const fromEnv = env.DOCSPACE_API_KEY;
    const apiKey = fromEnv ?? (await prompter.ask('API key (sk-...): ', { secret: true }));
    const auth = apiKeyAuth(apiKey, fromEnv ? 'DOCSPACE_API_KEY' : 'the key you typed');
    progress.step('checking the key');
    // GET /keys/@self works for a key of any permission (docs/docspace-behaviour.md §4.1).
    await apiClient(portal, auth, flags.allowInsecureHttp).get('/api/2.0/keys/@self');
    await putEntry(
      storeFor<StoredApiKey>(storage, env, () => runtime.keychain()),
      secretKey,
      {
        apiKey,
        issuedAt: Date.now(),
      },
    );
    return { auth, extra: {} };
  },
  async basic({ runtime, prompter, flags }) {
    const { env, io } = runtime;
    const email = flags.user ?? env.DOCSPACE_USERNAME ?? (await prompter.ask('E-mail: '));
    const password = env.DOCSPACE_PASSWORD ?? (await prompter.ask('Password: ', { secret: true }));
    io.stderr.write(
      'note: Basic keeps no credentials; later commands need DOCSPACE_PASSWORD (and DOCSPACE_USERNAME for another account) (testing only)\n',
    );
    return {
      auth: createBasicAuth({ email, password, acknowledgeInsecure: true }),
      extra: { userName: email },
    };
  },
  oauth: (context) => signInWithBrowser(context, 'oauth'),
  oidc: (context) => signInWithBrowser(context, 'oidc'),
};

async function signInWithBrowser(context: LoginContext, method: 'oauth' | 'oidc') {
  const { runtime, progress, portal, flags, storage, secretKey } = context;
  const { env, io } = runtime;
  const clientId = flags.clientId ?? env.DOCSPACE_CLIENT_ID;
  if (!clientId)
    throw usageError(
      '"--client-id" (or DOCSPACE_CLIENT_ID) is required: the id of an OAuth app registered on the portal (`ds-auth apps register`)',
    );
  // OIDC: the same browser flow with a nonce, and the ID token verified before the tokens are kept.
  const oidc = method === 'oidc' ? cliOidcClient(portal, clientId, env, flags.allowInsecureHttp) : undefined;
  if (oidc) {
    progress.step("reading the portal's OpenID configuration");
    await oidc.discover();
  }
  const client = oidc ? oidc.asOAuthClient() : cliOAuthClient(portal, clientId, env, flags.allowInsecureHttp);
  progress.step('waiting for the browser');
  const { tokens } = await authorizeWithLoopback({
    client,
    ...(flags.user ? { request: { extraParams: { login_hint: flags.user } } } : {}),
    onRequest: (request) => {
      progress.done();
      io.stderr.write(`Open this address to sign in:\n  ${request.url}\n`);
    },
    openBrowser: flags.noBrowser ? undefined : (url) => (io.openBrowser ?? openSystemBrowser)(url),
  });
  const store = storeFor<OAuthTokens>(storage, env, () => runtime.keychain());
  const auth = oidc
    ? createOidcAuth({ client: oidc, store, key: secretKey })
    : createOAuthAuth({ client, store, key: secretKey });
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
