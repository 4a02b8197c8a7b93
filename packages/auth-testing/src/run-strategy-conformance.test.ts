import { AuthUnavailableError, type AuthStrategy, type Credentials, createCredentials } from '@ds/auth-core';
import { redactable } from '@ds/auth-core/strategy';
import { runStrategyConformance } from './run-strategy-conformance.js';

// The kit run on a minimal reference strategy: what a plugin author's test file looks like.
const TOKEN = 'reference-token-0123456789';

function createReferenceAuth(): AuthStrategy {
  let generation = 0;
  let current: Credentials | undefined;
  const strategy: AuthStrategy = {
    kind: 'reference',
    async authenticate({ signal } = {}) {
      signal?.throwIfAborted();
      current ??= createCredentials({
        scheme: 'Bearer',
        headers: { authorization: `Bearer ${TOKEN}.${++generation}` },
        generation,
      });
      return current;
    },
    invalidate(rejected) {
      if (rejected.generation === current?.generation) current = undefined;
    },
  };
  return redactable(strategy, 'ReferenceAuth');
}

runStrategyConformance({
  name: 'reference strategy',
  create: createReferenceAuth,
  secrets: () => [TOKEN],
  scheme: 'Bearer',
  expectedErrors: {
    'a reference strategy with nothing to offer': () =>
      Promise.reject(new AuthUnavailableError('no "token" configured')),
  },
  createPending: () => ({
    kind: 'reference',
    authenticate: ({ signal } = {}) =>
      new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
  }),
});
