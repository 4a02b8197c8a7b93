// Any input to a public parser or factory gives a result or an AuthError, never another exception
// (issue 16). Each property runs FUZZ_RUNS (300) times per CI run (tools/fuzz.ts).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  chainStrategies,
  createCredentials,
  createDocSpaceClient,
  createMemoryTokenStore,
  createTokenManager,
  interpretResponse,
  parseBaseUrl,
  resolveUrl,
} from '../src/index.js';
import { resolveRefreshPolicy } from '../src/refresh-policy.js';
import { parseRetryAfter } from '../src/retry-after.js';
import {
  assertHeaderValue,
  assertStoreKey,
  createStaticStrategy,
  createTokenStrategy,
  optionalNumber,
  optionalSignal,
  parseDocSpaceDate,
  requireOptions,
  requireString,
} from '../src/strategy/index.js';
import { assertHeaderName } from '../src/validate.js';
import { anyValue, fuzz, optionsWith } from '../../../tools/fuzz.js';
import { createFileTokenStore } from '../src/node/index.js';

const property = fuzz;

/** An http response as `interpretResponse` takes it. */
const rawResponse = fc.record({
  status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer()),
  headers: fc.dictionary(fc.constantFrom('retry-after', 'x-ratelimit-reset', 'content-type'), fc.string()),
  text: fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((value) => JSON.stringify({ response: value, status: 1 })),
  ),
});

describe('fuzz: auth-core parsers and factories', () => {
  it('parseBaseUrl, resolveUrl and the validators', async () => {
    await property(anyValue, (value) => parseBaseUrl(value));
    await property(fc.tuple(anyValue, anyValue), ([path, query]) =>
      resolveUrl(new URL('https://portal.example.com/prefix'), path as string, query as never),
    );
    await property(anyValue, (value) => assertHeaderValue(value, 'field'));
    await property(anyValue, (value) => assertHeaderName(value as string, 'field'));
    await property(anyValue, (value) => assertStoreKey(value));
    await property(anyValue, (value) => requireOptions(value, 'options'));
    await property(anyValue, (value) => requireString(value, 'option'));
    await property(anyValue, (value) => optionalNumber(value, 'option', 0, 10));
    await property(anyValue, (value) => optionalSignal(value));
  });

  it('interpretResponse and parseRetryAfter', async () => {
    await property(rawResponse, ({ status, headers, text }) =>
      interpretResponse({
        status,
        headers: new Headers(headers),
        text,
        method: 'GET',
        url: 'https://p/x',
        now: 0,
      }),
    );
    await property(fc.tuple(fc.string(), fc.string(), fc.integer()), ([retryAfter, reset, now]) =>
      parseRetryAfter(
        new Headers({
          'retry-after': retryAfter.replace(/[\r\n\0]/g, ''),
          'x-ratelimit-reset': reset.replace(/[\r\n\0]/g, ''),
        }),
        now,
      ),
    );
  });

  it('createDocSpaceClient and its calls', async () => {
    await property(
      optionsWith('baseUrl', 'auth', 'fetch', 'timeoutMs', 'maxResponseBytes', 'retries', 'headers', 'clock'),
      (options) => createDocSpaceClient(options as never),
    );
    const client = createDocSpaceClient({
      baseUrl: 'https://portal.example.com',
      retries: 0,
      fetch: async () => new Response('{"response":1}', { headers: { 'content-type': 'application/json' } }),
    });
    await property(fc.tuple(anyValue, anyValue), ([path, options]) =>
      client.get(path as string, options as never),
    );
    await property(fc.tuple(anyValue, anyValue, anyValue), ([method, path, options]) =>
      client.request(method as string, path as string, options as never),
    );
  });

  it('createTokenManager, chainStrategies, createCredentials, resolveRefreshPolicy', async () => {
    await property(
      optionsWith(
        'obtain',
        'store',
        'key',
        'clock',
        'refreshWindow',
        'retry',
        'timeoutMs',
        'lockTimeoutMs',
        'storeTimeoutMs',
        'onTokens',
      ),
      (options) => createTokenManager(options as never),
    );
    await property(fc.array(anyValue, { maxLength: 3 }), (items) => chainStrategies(...(items as never[])));
    await property(optionsWith('scheme', 'headers', 'expiresAt', 'generation'), (init) =>
      createCredentials(init as never),
    );
    await property(fc.tuple(anyValue, anyValue), ([window, retry]) =>
      resolveRefreshPolicy(window as never, retry as never),
    );
  });

  it('the strategy kit: createStaticStrategy, createTokenStrategy, parseDocSpaceDate', async () => {
    await property(optionsWith('kind', 'scheme', 'headers', 'label'), (options) =>
      createStaticStrategy(options as never),
    );
    await property(
      optionsWith('kind', 'obtain', 'toHeaders', 'scheme', 'label', 'accepts', 'revokeToken'),
      (options) => createTokenStrategy(options as never),
    );
    await property(anyValue, (value) => parseDocSpaceDate(value, 'field'));
  });

  it('the stores: createMemoryTokenStore operations and createFileTokenStore options', async () => {
    const store = createMemoryTokenStore();
    await property(fc.tuple(anyValue, anyValue, anyValue), async ([key, version, value]) => {
      await store.get(key as string);
      await store.compareAndSet(key as string, version as number, value);
    });
    await property(optionsWith('directory', 'lockStaleMs'), (options) =>
      createFileTokenStore(options as never),
    );
  });
});
