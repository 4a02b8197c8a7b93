// Type tests of the public API: checked by `tsc` (typecheck), never run.
import type { AuthStrategy } from '@ds/auth-core';
import { expectTypeOf } from 'vitest';
import { type AuthorizationRequest, createOAuthAuth, createOAuthClient, type OAuthTokens } from './index.js';

const client = createOAuthClient({
  baseUrl: 'https://portal.example.com',
  clientId: 'id',
  redirectUri: 'https://app.example.com/callback',
  scopes: ['files:read'],
});
expectTypeOf(client.createAuthorizationRequest()).resolves.toEqualTypeOf<AuthorizationRequest>();
declare const request: AuthorizationRequest;
expectTypeOf(
  client.handleCallback('https://app.example.com/callback?code=c', request),
).resolves.toEqualTypeOf<OAuthTokens>();
expectTypeOf(createOAuthAuth({ client })).toExtend<AuthStrategy>();
// @ts-expect-error scopes are required
createOAuthClient({
  baseUrl: 'https://portal.example.com',
  clientId: 'id',
  redirectUri: 'https://app.example.com/cb',
});
const unknownMethod = 'private_key_jwt';
// @ts-expect-error DocSpace knows no other client authentication than these
createOAuthClient({ ...client, redirectUri: '', scopes: [], clientId: '', clientAuthMethod: unknownMethod });
// @ts-expect-error the callback checks need the code verifier
void client.handleCallback('https://app.example.com/callback', { state: 's' });
