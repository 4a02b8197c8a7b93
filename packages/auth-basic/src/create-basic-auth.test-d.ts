import type { AuthStrategy, Secret } from '@ds/auth-core';
import { expectTypeOf } from 'vitest';
import { type BasicAuthOptions, createBasicAuth } from './index.js';

expectTypeOf(createBasicAuth({ email: 'a@b.c', password: 'p' })).toEqualTypeOf<AuthStrategy>();
expectTypeOf<BasicAuthOptions['password']>().toEqualTypeOf<string | Secret>();

// @ts-expect-error the password is required
createBasicAuth({ email: 'a@b.c' });
// @ts-expect-error the option is "email", not "username"
createBasicAuth({ username: 'a', password: 'p' });
// @ts-expect-error warn takes a message
createBasicAuth({ email: 'a@b.c', password: 'p', warn: 42 });
