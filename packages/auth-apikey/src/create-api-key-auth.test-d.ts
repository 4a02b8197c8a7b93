import type { AuthStrategy, DocSpaceClient } from '@ds/auth-core';
import { expectTypeOf } from 'vitest';
import {
  type ApiKey,
  type ApiKeyClient,
  type CreatedApiKey,
  createApiKey,
  createApiKeyAuth,
  updateApiKey,
} from './index.js';

expectTypeOf(createApiKeyAuth({ apiKey: 'sk-…' })).toEqualTypeOf<AuthStrategy>();
expectTypeOf<DocSpaceClient>().toExtend<ApiKeyClient>();
expectTypeOf(createApiKey).returns.resolves.toEqualTypeOf<CreatedApiKey>();
expectTypeOf<CreatedApiKey>().toExtend<ApiKey>();

declare const client: DocSpaceClient;
// @ts-expect-error the key is required
createApiKeyAuth({});
// @ts-expect-error not a permission DocSpace knows
void createApiKey(client, { name: 'k', permissions: ['files:delete'] });
// @ts-expect-error name is required
void createApiKey(client, { permissions: ['files:read'] });
// @ts-expect-error isActive is a boolean
void updateApiKey(client, 'id', { isActive: 'no' });
