// Type tests of the public API: checked by `tsc` (typecheck), never run.
import { expectTypeOf } from 'vitest';
import {
  type AuthStrategy,
  type ChainedStrategy,
  type CurrentToken,
  chainStrategies,
  type Credentials,
  createDocSpaceClient,
  createMemoryTokenStore,
  createTokenManager,
  type DocSpaceResponse,
  type FetchLike,
  hasErrorCode,
  type TokenStore,
  withAuth,
} from './index.js';

declare const strategy: AuthStrategy;
interface Token {
  accessToken: string;
  expiresAt?: number;
}

const manager = createTokenManager<Token>({ obtain: async () => ({ accessToken: 'a' }) });
expectTypeOf(manager.get()).resolves.toEqualTypeOf<CurrentToken<Token>>();
expectTypeOf(manager.peekFresh()).toEqualTypeOf<CurrentToken<Token> | undefined>();
// @ts-expect-error obtain must return the token type
createTokenManager<Token>({ obtain: async () => ({ token: 'a' }) });
// @ts-expect-error expiresAt is epoch milliseconds, not a Date
createTokenManager<{ expiresAt?: number }>({ obtain: async () => ({ expiresAt: new Date() }) });

const client = createDocSpaceClient({ baseUrl: 'https://portal.example.com', auth: strategy });
expectTypeOf(client.get<{ id: string }>('/api/2.0/people/@self')).resolves.toEqualTypeOf<{ id: string }>();
expectTypeOf(client.request<number[]>('GET', '/x')).resolves.toEqualTypeOf<DocSpaceResponse<number[]>>();
// @ts-expect-error a query value must be a string, number or boolean
void client.get('/x', { query: { ids: [1, 2] } });
// @ts-expect-error baseUrl is required
createDocSpaceClient({ auth: strategy });

expectTypeOf(withAuth(fetch, strategy, { baseUrl: 'https://portal.example.com' })).toEqualTypeOf<FetchLike>();
expectTypeOf(chainStrategies(strategy, strategy)).toEqualTypeOf<ChainedStrategy>();
expectTypeOf(createMemoryTokenStore<Token>()).toEqualTypeOf<TokenStore<Token>>();
expectTypeOf<Credentials['headers']>().toEqualTypeOf<Readonly<Record<string, string>>>();
declare const credentials: Credentials;
// @ts-expect-error credentials are read-only
credentials.scheme = 'Basic';

declare const caught: unknown;
if (hasErrorCode(caught, 'ERR_AUTH_RATE_LIMITED'))
  expectTypeOf(caught.code).toEqualTypeOf<'ERR_AUTH_RATE_LIMITED'>();
if (hasErrorCode(caught, ['ERR_PAT_LOCKED_OUT', 'ERR_AUTH_TIMEOUT'])) {
  expectTypeOf(caught.code).toEqualTypeOf<'ERR_PAT_LOCKED_OUT' | 'ERR_AUTH_TIMEOUT'>();
}
