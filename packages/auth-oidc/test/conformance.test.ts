import type { OAuthTokens } from '@ds/auth-oauth';
import { runStrategyConformance } from '@ds/auth-testing';
import { type Emulator, startEmulator } from '@ds/emulator';
import { createOidcAuth, createOidcClient } from '../src/index.js';
import { oidcClient, signIn, webApp } from './fixtures/helpers.js';

let portal: Emulator | undefined;
let tokens: OAuthTokens | undefined;

runStrategyConformance({
  name: 'createOidcAuth',
  scheme: 'Bearer',
  setup: async () => {
    portal = await startEmulator();
    tokens = (await signIn(portal, oidcClient(portal, { clock: undefined }))).tokens;
  },
  teardown: async () => {
    await portal?.close();
    portal = undefined;
  },
  create: () => createOidcAuth({ client: oidcClient(portal!, { clock: undefined }), tokens }),
  createPending: () => {
    // A provider that never answers: discovery before the refresh hangs until the caller gives up.
    const client = oidcClient(portal!, {
      clock: undefined,
      fetch: () => new Promise<Response>(() => undefined),
    });
    return createOidcAuth({ client, tokens: { ...tokens!, expiresAt: Date.now() - 1 } });
  },
  secrets: () => [tokens!.accessToken, tokens!.refreshToken!, tokens!.idToken!, webApp(portal!).clientSecret],
  expectedErrors: {
    'no tokens yet': () =>
      createOidcAuth({ client: oidcClient(portal!, { clock: undefined }) }).authenticate(),
    'both baseUrl and issuer': () =>
      createOidcClient({
        baseUrl: portal!.url,
        issuer: portal!.url,
        clientId: 'c',
        redirectUri: 'http://127.0.0.1/cb',
        scopes: [],
      }),
    'HS256 in the allow-list': () =>
      createOidcClient({
        baseUrl: portal!.url,
        clientId: 'c',
        redirectUri: 'http://127.0.0.1/cb',
        scopes: [],
        algorithms: ['HS256'],
      }),
  },
});
