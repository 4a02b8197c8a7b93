import { runStrategyConformance } from '@ds/auth-testing';
import { type Emulator, startEmulator } from '@ds/emulator';
import { createOAuthAuth, createOAuthClient, type OAuthTokens } from '../src/index.js';
import { confidentialClient, signIn } from './fixtures/helpers.js';

let portal: Emulator | undefined;
let tokens: OAuthTokens | undefined;

runStrategyConformance({
  name: 'createOAuthAuth',
  scheme: 'Bearer',
  setup: async () => {
    portal = await startEmulator();
    tokens = (await signIn(portal, confidentialClient(portal, { clock: undefined }))).tokens;
  },
  teardown: async () => {
    await portal?.close();
    portal = undefined;
  },
  create: () => createOAuthAuth({ client: confidentialClient(portal!, { clock: undefined }), tokens }),
  createPending: () => {
    // A token endpoint that never answers: the refresh hangs until the caller gives up.
    const client = confidentialClient(portal!, {
      clock: undefined,
      fetch: () => new Promise<Response>(() => undefined),
    });
    return createOAuthAuth({ client, tokens: { ...tokens!, expiresAt: Date.now() - 1 } });
  },
  secrets: () => [
    tokens!.accessToken,
    tokens!.refreshToken!,
    portal!.seed.clients.find((client) => !client.public)!.clientSecret,
  ],
  expectedErrors: {
    'no tokens yet': () =>
      createOAuthAuth({ client: confidentialClient(portal!, { clock: undefined }) }).authenticate(),
    'a non-https endpoint': () =>
      createOAuthClient({
        baseUrl: 'http://portal.example.com',
        clientId: 'c',
        redirectUri: 'https://app.example.com/cb',
        scopes: [],
      }),
    'a redirect URI with a query': () =>
      createOAuthClient({
        baseUrl: portal!.url,
        clientId: 'c',
        redirectUri: 'https://app.example.com/cb?x=1',
        scopes: [],
      }),
  },
});
