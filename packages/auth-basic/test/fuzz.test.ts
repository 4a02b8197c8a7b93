// Any input to a public parser or factory gives a result or an AuthError (issue 16; tools/fuzz.ts).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { anyValue, fuzz, optionsWith } from '../../../tools/fuzz.js';
import { assertBasicCredentialPart, createBasicAuth, encodeBasicCredentials } from '../src/index.js';

describe('fuzz: auth-basic', () => {
  it('createBasicAuth, encodeBasicCredentials, assertBasicCredentialPart', async () => {
    await fuzz(optionsWith('email', 'password', 'acknowledgeInsecure', 'warn'), async (options) => {
      await createBasicAuth(options as never).authenticate();
    });
    await fuzz(fc.tuple(anyValue, anyValue), ([user, password]) =>
      encodeBasicCredentials(user as string, password as string),
    );
    await fuzz(anyValue, (value) => assertBasicCredentialPart(value, 'email', { userId: true }));
  });
});
