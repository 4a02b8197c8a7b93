import { AuthConfigError, type AuthStrategy, type Credentials, createCredentials } from '@ds/auth-core';
import { redactable } from '@ds/auth-core/strategy';
import { describe, expect, it } from 'vitest';
import { checkStrategy, credentialProblems } from './check-strategy.js';
import type { StrategyConformanceOptions } from './types.js';

const KEY = 'sk-0123456789abcdef0123456789abcdef';

/** A correct token-style strategy: generations, invalidate, abort support. */
function goodStrategy(): AuthStrategy {
  let generation = 1;
  let current: Credentials | undefined;
  return redactable(
    {
      kind: 'test',
      async authenticate({ signal }: { signal?: AbortSignal } = {}) {
        signal?.throwIfAborted();
        current ??= createCredentials({
          scheme: 'Bearer',
          headers: { authorization: `Bearer ${KEY}-${generation}` },
          generation,
        });
        return current;
      },
      invalidate(rejected: Credentials) {
        if (rejected.generation !== current?.generation) return;
        current = undefined;
        generation += 1;
      },
    },
    'TestAuth',
  );
}

function pendingStrategy(): AuthStrategy {
  return {
    kind: 'test',
    authenticate: ({ signal } = {}) =>
      new Promise<Credentials>((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  };
}

function options(overrides: Partial<StrategyConformanceOptions> = {}): StrategyConformanceOptions {
  return {
    name: 'test',
    create: goodStrategy,
    secrets: [KEY],
    scheme: 'Bearer',
    createPending: pendingStrategy,
    expectedErrors: { 'bad option': () => Promise.reject(new AuthConfigError('apiKey', '"apiKey" is bad')) },
    stepTimeoutMs: 200,
    ...overrides,
  };
}

describe('checkStrategy', () => {
  it('finds nothing wrong with a conforming strategy', async () => {
    expect(await checkStrategy(options())).toEqual([]);
  });

  it('reports a secret in an error message, without quoting the secret', async () => {
    const findings = await checkStrategy(
      options({
        expectedErrors: { leaky: () => Promise.reject(new AuthConfigError('apiKey', `bad key ${KEY}`)) },
      }),
      ['no-leaks'],
    );
    expect(findings.map((finding) => finding.message)).toContain(
      'error of "leaky".message contains secret #1',
    );
    expect(JSON.stringify(findings)).not.toContain(KEY);
  });

  it('reports a secret hidden in the cause chain', async () => {
    const error = new AuthConfigError('apiKey', 'bad key', { cause: new Error(`fetch failed for ${KEY}`) });
    const findings = await checkStrategy(
      options({ expectedErrors: { cause: () => Promise.reject(error) } }),
      ['no-leaks'],
    );
    expect(findings).toContainEqual({
      check: 'no-leaks',
      message: 'error of "cause".cause.message contains secret #1',
    });
  });

  it('reports a strategy that shows its key in util.inspect and JSON', async () => {
    const create = (): AuthStrategy => ({ ...goodStrategy(), kind: 'test', apiKey: KEY }) as AuthStrategy;
    const messages = (await checkStrategy(options({ create }), ['no-leaks'])).map(
      (finding) => finding.message,
    );
    expect(messages).toContain('util.inspect(strategy) contains secret #1');
    expect(messages).toContain('JSON.stringify(strategy) contains secret #1');
  });

  it('refuses to pass the leak check without secrets', async () => {
    expect(await checkStrategy(options({ secrets: [] }), ['no-leaks'])).toEqual([
      { check: 'no-leaks', message: '"secrets" is empty, so a leak could not be seen' },
    ]);
  });

  it('rejects secrets too short to search for', async () => {
    await expect(checkStrategy(options({ secrets: ['abc'] }), ['shape'])).rejects.toThrow(
      '"secrets" must be strings of at least 4 characters each',
    );
  });

  it('reports a non-AuthError and a missing error', async () => {
    const findings = await checkStrategy(
      options({ expectedErrors: { plain: () => Promise.reject(new TypeError('x')), quiet: () => 1 } }),
      ['errors'],
    );
    expect(findings).toEqual([
      { check: 'errors', message: '"plain" threw TypeError, which is not an AuthError' },
      { check: 'errors', message: '"quiet" did not throw' },
    ]);
  });

  it('reports a strategy that ignores an already-aborted signal', async () => {
    const create = (): AuthStrategy => ({ kind: 'test', authenticate: goodStrategy().authenticate.bind({}) });
    const ignoring = (): AuthStrategy => {
      const inner = goodStrategy();
      return { kind: 'test', authenticate: () => inner.authenticate() };
    };
    expect(await checkStrategy(options({ create }), ['aborted-signal'])).toEqual([]);
    expect(await checkStrategy(options({ create: ignoring }), ['aborted-signal'])).toEqual([
      { check: 'aborted-signal', message: 'authenticate() with an aborted signal resolved' },
    ]);
  });

  it('reports a pending authenticate() that does not listen to its signal', async () => {
    const deaf = (): AuthStrategy => ({
      kind: 'test',
      authenticate: () => new Promise<Credentials>(() => {}),
    });
    expect(await checkStrategy(options({ createPending: deaf }), ['abort-while-pending'])).toEqual([
      { check: 'abort-while-pending', message: 'authenticate() kept pending after its signal aborted' },
    ]);
  });

  it('reports invalidate() that keeps handing out the same credentials', async () => {
    const stuck = (): AuthStrategy => ({ ...goodStrategy(), invalidate: () => {} });
    expect(await checkStrategy(options({ create: stuck }), ['invalidate'])).toEqual([
      {
        check: 'invalidate',
        message:
          'authenticate() after invalidate() returned the same credentials (same generation or headers)',
      },
    ]);
  });

  it('reports invalidate() of an older generation that discards the newer credentials', async () => {
    const eager = (): AuthStrategy => {
      let generation = 0;
      return {
        kind: 'test',
        authenticate: async () =>
          createCredentials({ scheme: 'Bearer', headers: { authorization: `Bearer ${KEY}` }, generation }),
        invalidate: () => {
          generation += 1;
        },
      };
    };
    expect(await checkStrategy(options({ create: eager }), ['invalidate'])).toEqual([
      {
        check: 'invalidate',
        message: 'invalidate() of an older generation discarded the current credentials',
      },
    ]);
  });

  it('reports a broken shape', async () => {
    const create = (): AuthStrategy =>
      ({ kind: '', authenticate: goodStrategy().authenticate, revoke: 1 }) as never;
    expect(await checkStrategy(options({ create }), ['shape'])).toEqual([
      { check: 'shape', message: '"kind" must be a non-empty string' },
      { check: 'shape', message: '"revoke" must be a function when present' },
    ]);
  });

  it('reports a concurrent call that rejects', async () => {
    let calls = 0;
    const flaky = (): AuthStrategy => ({
      kind: 'test',
      authenticate: async () => {
        calls += 1;
        if (calls === 2) throw new TypeError('second call');
        return goodStrategy().authenticate();
      },
    });
    expect(await checkStrategy(options({ create: flaky }), ['concurrency'])).toEqual([
      { check: 'concurrency', message: 'a concurrent authenticate() rejected: TypeError' },
    ]);
  });

  it('runs setup before and teardown after every check, also when it throws', async () => {
    const events: string[] = [];
    await checkStrategy(
      options({ setup: () => void events.push('setup'), teardown: () => void events.push('teardown') }),
      ['shape', 'credentials'],
    );
    expect(events).toEqual(['setup', 'teardown', 'setup', 'teardown']);
  });
});

describe('credentialProblems', () => {
  it('accepts credentials from createCredentials', () => {
    const credentials = createCredentials({
      scheme: 'Basic',
      headers: { authorization: 'Basic amFuZTpwdw==' },
    });
    expect(credentialProblems(credentials, 'Basic')).toEqual([]);
  });

  it('reports plain objects: wrong scheme, upper-case names, CR/LF, mutability and visible values', () => {
    const credentials = {
      scheme: 'bearer',
      headers: { Authorization: `Bearer ${KEY}`, 'x-extra': 'a\r\nb' },
      generation: 1.5,
    };
    expect(credentialProblems(credentials, 'Bearer')).toEqual([
      '"scheme" must be "Bearer" (got "bearer")',
      'header "Authorization" must be a lower-case RFC 9110 field name',
      'header "x-extra" is not a legal header value',
      '"generation" must be an integer',
      'credentials and their headers must be frozen, so one caller cannot change them for all',
      'JSON.stringify(credentials) contains header value #1: build credentials that redact themselves',
      'util.inspect(credentials) contains header value #1: build credentials that redact themselves',
    ]);
  });

  it('requires the authorization header to start with the scheme', () => {
    const credentials = createCredentials({ scheme: 'Bearer', headers: { authorization: `Token ${KEY}` } });
    expect(credentialProblems(credentials)).toEqual([
      '"authorization" must start with the scheme "Bearer" and one space',
    ]);
  });
});
