import { createHash, randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/index.js';

const running: Emulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** Starts an emulator that is closed after the test. */
export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}

/** A raw response with the body read as text and parsed as JSON when possible. */
export interface Raw {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  json: any;
}

/** fetch() without following redirects; returns status, headers, text and JSON. */
export async function call(url: string, init: RequestInit = {}): Promise<Raw> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: response.status, headers: response.headers, text, json };
}

/** POST JSON to the API. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Raw> {
  return call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** POST a form. */
export function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Raw> {
  return call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** Logs in the default admin and returns the PAT. */
export async function adminToken(emulator: Emulator): Promise<string> {
  const admin = emulator.seed.users[0]!;
  const res = await postJson(`${emulator.url}/api/2.0/authentication`, {
    userName: admin.email,
    password: admin.password,
  });
  return res.json.response.token;
}

/** A PKCE pair. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Builds an authorize URL for a seeded client. */
export function authorizeUrl(emulator: Emulator, params: Record<string, string | undefined>): string {
  const url = new URL(`${emulator.url}/oauth2/authorize`);
  for (const [name, value] of Object.entries({ response_type: 'code', ...params }))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

/** Runs the whole code flow for the confidential client and returns the token response. */
export async function codeFlow(
  emulator: Emulator,
  options: { scope?: string; nonce?: string; clientIndex?: number } = {},
  // biome-ignore lint/suspicious/noExplicitAny: token JSON
): Promise<any> {
  const client = emulator.seed.clients[options.clientIndex ?? 0]!;
  const admin = emulator.seed.users[0]!;
  const { verifier, challenge } = pkce();
  const redirectUri = 'http://127.0.0.1:4567/callback';
  const location = await emulator.authorize(
    authorizeUrl(emulator, {
      client_id: client.clientId,
      redirect_uri: redirectUri,
      scope: options.scope ?? 'openid files:read rooms:read accounts.self:read',
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      nonce: options.nonce,
    }),
    { email: admin.email, password: admin.password },
  );
  const code = new URL(location).searchParams.get('code')!;
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: client.clientId,
    code_verifier: verifier,
  };
  if (!client.public) form.client_secret = client.clientSecret;
  const res = await postForm(`${emulator.url}/oauth2/token`, form);
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${res.text}`);
  return res.json;
}

/** `Basic` credentials of a seeded user. */
export function basicAuth(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

/** An `x-signature` from `GET /api/2.0/security/oauth2/token` for the given Authorization header. */
export async function signatureFor(emulator: Emulator, authorization: string): Promise<string> {
  const res = await call(`${emulator.url}/api/2.0/security/oauth2/token`, { headers: { authorization } });
  if (res.status !== 200) throw new Error(`no x-signature: ${res.status} ${res.text}`);
  return res.json.response;
}

/** A valid `POST /api/2.0/clients` body. */
export function clientBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'CI Robot',
    description: 'registered by a script',
    logo: 'data:image/png;base64,iVBORw0KGgo=',
    website_url: 'https://ci.example.com',
    terms_url: 'https://ci.example.com/terms',
    policy_url: 'https://ci.example.com/policy',
    redirect_uris: ['http://127.0.0.1/callback'],
    allowed_origins: ['https://ci.example.com'],
    logout_redirect_uri: 'https://ci.example.com/bye',
    allow_pkce: false,
    scopes: ['openid', 'files:read', 'accounts.self:read'],
    ...overrides,
  };
}

/** A JSON request with an `x-signature` header. */
export function withSignature(
  url: string,
  signature: string,
  method = 'GET',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Raw> {
  return call(url, {
    method,
    headers: {
      'x-signature': signature,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
