/// <reference lib="dom" />
// The single-page app of browser.test.ts: the main entry of @ds/auth-oauth as a public PKCE client
// (no secret), bundled by esbuild for platform "browser" from the TypeScript sources.
import { createDocSpaceClient } from '@ds/auth-core';
import { createOAuthAuth, createOAuthClient } from '@ds/auth-oauth';

interface SpaConfig {
  baseUrl: string;
  clientId: string;
}

const STORAGE_KEY = 'ds-oauth-request';
const config = JSON.parse(document.getElementById('config')?.textContent ?? '{}') as SpaConfig;
const output = document.getElementById('result') as HTMLOutputElement;

function show(state: 'ok' | 'error', text: string): void {
  output.textContent = text;
  output.dataset.state = state;
}

async function main(): Promise<void> {
  const client = createOAuthClient({
    baseUrl: config.baseUrl,
    clientId: config.clientId,
    redirectUri: `${location.origin}/callback`,
    scopes: ['files:read', 'accounts.self:read'],
  });
  if (location.pathname !== '/callback') {
    // Sign-in: keep state and the PKCE verifier in this tab only, then go to DocSpace.
    const request = await client.createAuthorizationRequest();
    sessionStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({ state: request.state, codeVerifier: request.codeVerifier }),
    );
    location.assign(request.url);
    return;
  }
  // Callback: check state, exchange the code (fetch to /oauth2/token), then call the API as the user.
  const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as {
    state: string;
    codeVerifier: string;
  };
  sessionStorage.removeItem(STORAGE_KEY);
  const tokens = await client.handleCallback(location.href, stored);
  history.replaceState(null, '', '/callback'); // the code is spent: keep it out of the address bar
  const docspace = createDocSpaceClient({
    baseUrl: config.baseUrl,
    auth: createOAuthAuth({ client, tokens }),
  });
  const me = await docspace.get<{ email: string }>('/api/2.0/people/@self');
  show(
    'ok',
    JSON.stringify({ email: me.email, refreshToken: tokens.refreshToken !== undefined, scope: tokens.scope }),
  );
}

main().catch((error: unknown) => {
  // "<code>: <message>"; the library's messages never contain tokens or secrets.
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  show('error', `${typeof code === 'string' ? code : 'UNKNOWN'}: ${String(message)}`);
});
