import { runStrategyConformance } from '@ds/auth-testing';
import { createApiKeyAuth } from '../src/index.js';

const KEY = `sk-${'c0ffee42'.repeat(8)}`;

runStrategyConformance({
  name: 'createApiKeyAuth',
  create: () => createApiKeyAuth({ apiKey: KEY }),
  secrets: [KEY, KEY.slice(3)],
  scheme: 'Bearer',
  expectedErrors: {
    'a key one character short': () => createApiKeyAuth({ apiKey: KEY.slice(0, -1) }),
    'an upper-case key': () => createApiKeyAuth({ apiKey: `sk-${KEY.slice(3).toUpperCase()}` }),
    'a key with its Bearer prefix': () => createApiKeyAuth({ apiKey: `Bearer ${KEY}` }),
    'no options': () => createApiKeyAuth(undefined as never),
  },
});
