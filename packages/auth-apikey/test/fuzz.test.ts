// Any input to a public parser or factory gives a result or an AuthError (issue 16; tools/fuzz.ts).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { anyValue, fuzz, optionsWith } from '../../../tools/fuzz.js';
import {
  apiKeyPath,
  assertApiKey,
  buildCreateApiKeyRequest,
  buildUpdateApiKeyRequest,
  createApiKey,
  createApiKeyAuth,
  isApiKey,
  listApiKeys,
  parseApiKey,
  parseApiKeyList,
  parseApiKeyPermissions,
  parseBooleanResponse,
  parseCreatedApiKey,
  updateApiKey,
} from '../src/index.js';

/** A DocSpace answer-shaped value: a key DTO with any field replaced by anything. */
const keyLike = fc.oneof(
  anyValue,
  fc.record(
    {
      id: anyValue,
      name: anyValue,
      key: anyValue,
      permissions: fc.oneof(anyValue, fc.array(anyValue)),
      isActive: anyValue,
      createOn: anyValue,
      expiresAt: anyValue,
      lastUsed: anyValue,
      createBy: anyValue,
    },
    { requiredKeys: [] },
  ),
);
/** A client whose every call answers with `answer`. */
const answering = (answer: unknown) => {
  const respond = async () => answer as never;
  return { get: respond, post: respond, put: respond, delete: respond };
};

describe('fuzz: auth-apikey', () => {
  it('createApiKeyAuth, assertApiKey, isApiKey', async () => {
    await fuzz(optionsWith('apiKey'), async (options) => {
      await createApiKeyAuth(options as never).authenticate();
    });
    await fuzz(anyValue, (value) => assertApiKey(value));
    await fuzz(anyValue, (value) => isApiKey(value));
  });

  it('the parsers of API-key answers', async () => {
    await fuzz(keyLike, (value) => parseApiKey(value));
    await fuzz(keyLike, (value) => parseCreatedApiKey(value));
    await fuzz(fc.oneof(anyValue, fc.array(keyLike)), (value) => parseApiKeyList(value));
    await fuzz(anyValue, (value) => parseApiKeyPermissions(value));
    await fuzz(anyValue, (value) => parseBooleanResponse(value));
  });

  it('the request builders and the management calls', async () => {
    await fuzz(anyValue, (id) => apiKeyPath(id));
    await fuzz(optionsWith('name', 'permissions', 'expiresInDays'), (options) =>
      buildCreateApiKeyRequest(options as never),
    );
    await fuzz(fc.tuple(anyValue, optionsWith('name', 'permissions', 'isActive')), ([id, changes]) =>
      buildUpdateApiKeyRequest(id as string, changes as never),
    );
    await fuzz(fc.tuple(keyLike, optionsWith('name', 'permissions', 'expiresInDays')), ([answer, options]) =>
      createApiKey(answering(answer), options as never),
    );
    await fuzz(fc.tuple(anyValue, anyValue), ([answer, options]) =>
      listApiKeys(answering(answer), options as never),
    );
    await fuzz(fc.tuple(anyValue, anyValue, anyValue), ([answer, id, changes]) =>
      updateApiKey(answering(answer), id as string, changes as never),
    );
  });
});
