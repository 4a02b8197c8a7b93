// The README section "Using openid-client or oauth4webapi with DocSpace": both examples run as written
// and print what the README shows, and each fails, with the library error the section's table names,
// once one of its settings is taken out. The code run is the README's own text, not a copy.
import { matchOutput } from '@ds/auth-testing';
import { describe, expect, it, vi } from 'vitest';
import {
  errorChain,
  exampleFor,
  type GenericLibrary,
  runExample,
  SECTION,
  sectionExamples,
  withChanges,
} from './fixtures/generic-readme.js';

/** One setting taken out: the edit of the README code, and the error chain it must then end in. */
interface Without {
  setting: string;
  changes: ReadonlyArray<readonly [string, string]>;
  chain: Array<{ code: string; message: string }>;
  /** Properties of the thrown error itself (the OAuth `error` and HTTP `status` of a refusal). */
  thrown?: Record<string, unknown>;
  /** How many lines the example printed before it failed (where in the program it failed). */
  printedLines?: number;
}

// The README code writes the tokens' issuer as this template literal.
// biome-ignore lint/suspicious/noTemplateCurlyInString: the README's source text, not a template
const PORTAL_OAUTH2 = '`${portal}/oauth2`';
const INSECURE = { code: 'OAUTH_HTTP_REQUEST_FORBIDDEN', message: 'only requests to HTTPS are allowed' };
const claimComparison = (message: string) => ({ code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', message });
const invalidResponse = (message: string) => ({ code: 'OAUTH_INVALID_RESPONSE', message });
const ISS = claimComparison('unexpected JWT "iss" (issuer) claim value');
const AUD = claimComparison('unexpected JWT "aud" (audience) claim value');
const ALG = invalidResponse('unexpected JWT "alg" header parameter');
const NO_ID_TOKEN = invalidResponse('"response" body "id_token" property must be a string');
const INVALID_CLIENT = {
  chain: [
    { code: 'OAUTH_RESPONSE_BODY_ERROR', message: 'server responded with an error in the response body' },
  ],
  thrown: { error: 'invalid_client', status: 401 },
};

// openid-client re-throws oauth4webapi's error as the `cause` of its own ClientError.
const openidClient = (cause: { code: string; message: string }, message: string) => [
  { code: cause.code, message },
  cause,
];

const WITHOUT: Record<GenericLibrary, Without[]> = {
  'openid-client': [
    {
      setting: 'allowInsecureRequests for the loopback emulator (tests only)',
      changes: [['[client.allowInsecureRequests]', '[]']],
      chain: [INSECURE, INSECURE],
    },
    {
      setting: 'discovery at {portal}',
      changes: [['client.discovery(new URL(portal),', `client.discovery(new URL(${PORTAL_OAUTH2}),`]],
      chain: [
        {
          code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
          message: 'discovered metadata issuer does not match the expected issuer',
        },
      ],
    },
    {
      setting: 'the issuer {portal}/oauth2',
      changes: [
        [
          `Object.assign(discovered.serverMetadata(), { issuer: ${PORTAL_OAUTH2} })`,
          'discovered.serverMetadata()',
        ],
      ],
      chain: openidClient(ISS, 'unexpected JWT claim value encountered'),
    },
    {
      setting: 'ES256',
      changes: [["{ id_token_signed_response_alg: 'ES256' }", '{}']],
      chain: openidClient(ALG, 'invalid response encountered'),
    },
    {
      setting: 'the portal as the audience',
      changes: [['    portal,\n', '    clientId,\n']],
      chain: openidClient(AUD, 'unexpected JWT claim value encountered'),
    },
    {
      setting: 'client_secret_post',
      changes: [['client.ClientSecretPost(clientSecret)', 'client.ClientSecretBasic(clientSecret)']],
      ...INVALID_CLIENT,
    },
    {
      setting: 'no nonce without openid',
      changes: [['...(openid ? { expectedNonce: nonce } : {}),', 'expectedNonce: nonce,']],
      chain: openidClient(NO_ID_TOKEN, 'invalid response encountered'),
      printedLines: 4,
    },
  ],
  oauth4webapi: [
    {
      setting: 'allowInsecureRequests for the loopback emulator (tests only)',
      changes: [
        [
          '[oauth.allowInsecureRequests]: /^http:\\/\\/127\\.0\\.0\\.1:\\d+$/.test(portal)',
          '[oauth.allowInsecureRequests]: false',
        ],
      ],
      chain: [INSECURE],
    },
    {
      setting: 'discovery at {portal}',
      changes: [['const issuer = new URL(portal);', `const issuer = new URL(${PORTAL_OAUTH2});`]],
      chain: [
        {
          code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
          message: '"response" body "issuer" property does not match the expected value',
        },
      ],
    },
    {
      setting: 'the issuer {portal}/oauth2',
      changes: [[`{ ...discovered, issuer: ${PORTAL_OAUTH2} }`, 'discovered']],
      chain: [ISS],
    },
    {
      setting: 'ES256',
      changes: [[", id_token_signed_response_alg: 'ES256' }", ' }']],
      chain: [ALG],
    },
    {
      setting: 'the portal as the audience',
      changes: [['idTokenClient: { ...client, client_id: portal },', 'idTokenClient: client,']],
      chain: [AUD],
    },
    {
      setting: 'client_secret_post',
      changes: [['oauth.ClientSecretPost(clientSecret)', 'oauth.ClientSecretBasic(clientSecret)']],
      ...INVALID_CLIENT,
    },
    {
      setting: 'no nonce without openid',
      changes: [['openid ? { expectedNonce: nonce, requireIdToken: true } : {}', '{ expectedNonce: nonce }']],
      chain: [NO_ID_TOKEN],
      printedLines: 4,
    },
  ],
};

describe(`README: ${SECTION}`, () => {
  it('has one runnable example per library, each showing what it prints', () => {
    const examples = sectionExamples();
    expect(examples.map((example) => example.output !== undefined)).toEqual([true, true]);
    expect(exampleFor('openid-client').line).toBeLessThan(exampleFor('oauth4webapi').line);
  });

  describe.each(['openid-client', 'oauth4webapi'] as const)('%s', (library) => {
    it('runs as written against the emulator and prints what the README shows', async () => {
      const example = exampleFor(library);
      const run = await runExample(example.code);
      expect(run.error).toBeUndefined();
      expect(matchOutput(example.output!, run.printed)).toBeUndefined();
      expect(run.exports?.configureDocSpace).toEqual(expect.any(Function));
    });

    it('allows plain http to 127.0.0.1:<port> alone: any other http portal is refused before a request', async () => {
      const run = await runExample(exampleFor(library).code);
      const configureDocSpace = run.exports?.configureDocSpace as (...args: string[]) => Promise<unknown>;
      const requests: string[] = [];
      vi.stubGlobal('fetch', async (url: string) => {
        requests.push(String(url));
        throw new Error('no request may leave for this portal');
      });
      try {
        for (const portal of [
          'http://docspace.example.com',
          'http://localhost:8092',
          'http://127.0.0.1.example.com',
        ]) {
          const error = await configureDocSpace(portal, 'client-id', 'client-secret').catch(
            (caught) => caught,
          );
          expect(errorChain(error)[0]).toEqual(INSECURE);
        }
      } finally {
        vi.unstubAllGlobals();
      }
      expect(requests).toEqual([]);
    });

    it.each(WITHOUT[library])('fails without $setting', async (without) => {
      const run = await runExample(withChanges(exampleFor(library).code, without.changes));
      expect(errorChain(run.error)).toEqual(without.chain);
      if (without.thrown) expect(run.error).toMatchObject(without.thrown);
      expect(run.printed.split('\n').filter(Boolean)).toHaveLength(without.printedLines ?? 0);
    });
  });
});
