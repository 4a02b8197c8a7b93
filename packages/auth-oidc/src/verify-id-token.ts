import { AuthError, redactError } from '@ds/auth-core';
import { constantTimeEqual } from '@ds/auth-oauth';
import type { CryptoKey, JWTPayload, JWTVerifyGetKey } from 'jose';
import { computeAtHash } from './at-hash.js';
import { idTokenError } from './errors.js';
import { loadedVerifyModules, loadVerifyModules } from './load-jose.js';
import type { IdTokenClaims } from './types.js';

/** The longest ID token looked at, in characters (real ones are 1-2 KB; 64 KiB leaves room for big claims). */
const MAX_ID_TOKEN_LENGTH = 64 * 1024;

/** A strict UTF-8 decoder (one decode per call, never streaming, so one instance serves every token). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** What a verified ID token must match. */
export interface IdTokenExpectations {
  /** Accepted `iss` values. */
  issuer: string | readonly string[];
  /** Our client id: in `aud` (standard), or in `azp` with `portalAudience` in `aud` (DocSpace). */
  clientId: string;
  /** DocSpace compat: the configured portal URL, accepted as `aud` when `azp` is the client id. */
  portalAudience?: string | undefined;
  /** Allowed `alg` values. `none` and HS* are refused whatever this says. */
  algorithms: readonly string[];
  /** The nonce of the authorization request; checked (constant time) when given. Leave out on refresh. */
  nonce?: string | undefined;
  /** The access token from the same response, to check `at_hash` when the token has one. */
  accessToken?: string | undefined;
  /** The `sub` the token must have (a refreshed ID token must keep the original user, OIDC Core §12.2). */
  subject?: string | undefined;
  /** Accepted clock skew in seconds. Default 30. */
  clockToleranceSec?: number | undefined;
  /** The current time in epoch ms. Default `Date.now()`. */
  now?: number | undefined;
}

/** Options for {@link verifyIdToken}. */
export interface VerifyIdTokenOptions {
  /** The provider's public key, or a resolver (e.g. jose `createRemoteJWKSet`). */
  keys: CryptoKey | JWTVerifyGetKey;
  expected: IdTokenExpectations;
}

/**
 * Verifies an ID token without any I/O of its own (OpenID Connect Core §3.1.3.7): the algorithm
 * allow-list (never `none`, never HS*), the signature with jose, `exp`/`nbf`/`iat` with clock
 * tolerance, `iss`, `aud`/`azp` (the DocSpace rule only when `portalAudience` is given), `nonce`,
 * `at_hash` when present, and `sub` when expected. Throws {@link IdTokenError} with one code per check
 * (`ERR_OIDC_ALG_NOT_ALLOWED`, `ERR_OIDC_BAD_SIGNATURE`, `ERR_OIDC_UNKNOWN_KID`, `ERR_OIDC_EXPIRED`,
 * `ERR_OIDC_NOT_YET_VALID`, `ERR_OIDC_ISSUED_IN_FUTURE`, `ERR_OIDC_ISSUER_MISMATCH`,
 * `ERR_OIDC_AUDIENCE_MISMATCH`, `ERR_OIDC_AZP_MISMATCH`, `ERR_OIDC_NONCE_MISMATCH`,
 * `ERR_OIDC_AT_HASH_MISMATCH`, `ERR_OIDC_SUBJECT_MISMATCH`, `ERR_OIDC_INVALID_ID_TOKEN` also for a
 * token over 64 KiB or with a `crit` header), and `AuthError` `ERR_OIDC_JWKS_FAILED` when the key
 * cannot be used (a malformed JWK, a key of the wrong type).
 *
 * @example
 * ```ts
 * const claims = await verifyIdToken(idToken, {
 *   keys: createRemoteJWKSet(new URL(discovery.jwks_uri)),
 *   expected: { issuer: discovery.issuer, clientId, algorithms: ['RS256'], nonce: request.nonce },
 * });
 * ```
 */
export async function verifyIdToken(idToken: string, options: VerifyIdTokenOptions): Promise<IdTokenClaims> {
  const { expected } = options;
  // Token responses are size-capped, direct input is not: a 20 MiB "token" is not parsed and hashed.
  if (typeof idToken === 'string' && idToken.length > MAX_ID_TOKEN_LENGTH) {
    throw idTokenError(
      'ERR_OIDC_INVALID_ID_TOKEN',
      undefined,
      `the ID token is longer than ${MAX_ID_TOKEN_LENGTH} characters`,
    );
  }
  if (typeof idToken !== 'string' || idToken.split('.').length !== 3) {
    throw idTokenError('ERR_OIDC_INVALID_ID_TOKEN', undefined, 'the ID token is not a compact JWS');
  }
  const { decodeProtectedHeader, compactVerify } = loadedVerifyModules() ?? (await loadVerifyModules());
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(idToken) as Record<string, unknown>;
  } catch {
    throw idTokenError('ERR_OIDC_INVALID_ID_TOKEN', 'alg', 'the ID token header is not valid JSON');
  }
  // RFC 7515 §4.1.11: a "crit" extension we do not implement makes the token invalid. Said as such,
  // before jose reports it as an unsupported algorithm.
  if (header.crit !== undefined) {
    throw idTokenError(
      'ERR_OIDC_INVALID_ID_TOKEN',
      'crit',
      'the ID token header has a "crit" parameter naming extensions this client does not understand (RFC 7515 §4.1.11)',
    );
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
    throw idTokenError(
      'ERR_OIDC_ALG_NOT_ALLOWED',
      'alg',
      'an unsigned ID token ("alg": "none") is never accepted',
    );
  }
  if (/^HS/i.test(alg) || !expected.algorithms.includes(alg)) {
    throw idTokenError(
      'ERR_OIDC_ALG_NOT_ALLOWED',
      'alg',
      `the ID token "alg" "${alg.slice(0, 20)}" is not allowed (allowed: ${expected.algorithms.join(', ')})`,
    );
  }
  const tolerance = expected.clockToleranceSec ?? 30;
  const now = expected.now ?? Date.now();
  const getKey: JWTVerifyGetKey =
    typeof options.keys === 'function' ? options.keys : async () => options.keys as CryptoKey;
  let signed: Uint8Array;
  try {
    ({ payload: signed } = await compactVerify(idToken, getKey, {
      algorithms: expected.algorithms as string[],
    }));
  } catch (error) {
    throw mapJoseError(error);
  }
  const nowSec = Math.floor(now / 1000);
  const claims = checkClaims(readClaimsSet(signed, nowSec, tolerance), expected, nowSec, tolerance);
  if (typeof claims.at_hash === 'string' && expected.accessToken !== undefined) {
    if ((await computeAtHash(expected.accessToken, alg)) !== claims.at_hash)
      throw idTokenError(
        'ERR_OIDC_AT_HASH_MISMATCH',
        'at_hash',
        'the ID token "at_hash" does not match the access token',
      );
  }
  if (expected.subject !== undefined && claims.sub !== expected.subject) {
    throw idTokenError('ERR_OIDC_SUBJECT_MISMATCH', 'sub', 'the ID token "sub" is not the signed-in user');
  }
  return claims;
}

/**
 * The signed payload as a JWT claims set, checked as jose `jwtVerify` checks it with only a clock
 * tolerance and a current time (RFC 7519 §4.1.4-4.1.6), in its order: a UTF-8 JSON object; `iat` a
 * number when present; `nbf` a number when present and not after now + tolerance; `exp` a number when
 * present and after now - tolerance. (jose's other claim options are not used: the OpenID Connect
 * checks follow in {@link checkClaims}. An unencoded payload, `b64: false`, needs a `crit` header,
 * which is refused before the signature is checked.)
 */
function readClaimsSet(signed: Uint8Array, nowSec: number, tolerance: number): JWTPayload {
  let parsed: unknown;
  try {
    // Invalid UTF-8 is refused, not replaced (as jose does).
    parsed = JSON.parse(UTF8.decode(signed));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw idTokenError('ERR_OIDC_INVALID_ID_TOKEN', undefined, 'the ID token is not a valid signed JWT');
  const payload = parsed as JWTPayload;
  numericDate(payload, 'iat');
  const nbf = numericDate(payload, 'nbf');
  if (nbf !== undefined && nbf > nowSec + tolerance)
    throw idTokenError(
      'ERR_OIDC_NOT_YET_VALID',
      'nbf',
      'the ID token is not valid yet ("nbf" is in the future, beyond the clock tolerance)',
    );
  const exp = numericDate(payload, 'exp');
  if (exp !== undefined && exp <= nowSec - tolerance)
    throw idTokenError(
      'ERR_OIDC_EXPIRED',
      'exp',
      'the ID token has expired ("exp" is past, beyond the clock tolerance)',
    );
  return payload;
}

/** A time claim: absent, or a number (RFC 7519 NumericDate); anything else makes the token invalid. */
function numericDate(payload: JWTPayload, claim: 'iat' | 'nbf' | 'exp'): number | undefined {
  const value = payload[claim];
  if (value !== undefined && typeof value !== 'number')
    throw idTokenError('ERR_OIDC_INVALID_ID_TOKEN', claim, `the ID token "${claim}" claim is invalid`);
  return value;
}

/** The claims of OpenID Connect Core §3.1.3.7 up to the nonce; `at_hash` and `sub` follow in {@link verifyIdToken}. */
function checkClaims(
  payload: JWTPayload,
  expected: IdTokenExpectations,
  nowSec: number,
  tolerance: number,
): IdTokenClaims {
  for (const claim of ['iss', 'sub', 'aud', 'exp', 'iat'] as const) {
    if (payload[claim] === undefined)
      throw idTokenError('ERR_OIDC_INVALID_ID_TOKEN', claim, `the ID token has no "${claim}" claim`);
  }
  if (typeof payload.iat !== 'number' || typeof payload.sub !== 'string') {
    throw idTokenError(
      'ERR_OIDC_INVALID_ID_TOKEN',
      'iat',
      'the ID token "iat" or "sub" claim has the wrong type',
    );
  }
  // jose checks "iat" only with maxTokenAge; a token from the future is a clock or forgery problem (what-users-ask §4).
  if (payload.iat > nowSec + tolerance) {
    throw idTokenError(
      'ERR_OIDC_ISSUED_IN_FUTURE',
      'iat',
      `the ID token "iat" is ${payload.iat - nowSec} s in the future (tolerance ${tolerance} s)`,
    );
  }
  const issuers = typeof expected.issuer === 'string' ? [expected.issuer] : expected.issuer;
  if (typeof payload.iss !== 'string' || !issuers.includes(payload.iss)) {
    throw idTokenError(
      'ERR_OIDC_ISSUER_MISMATCH',
      'iss',
      `the ID token "iss" is not ${issuers.map((issuer) => `"${issuer}"`).join(' or ')}`,
    );
  }
  checkAudience(payload, expected);
  if (expected.nonce !== undefined) {
    if (typeof payload.nonce !== 'string')
      throw idTokenError(
        'ERR_OIDC_NONCE_MISMATCH',
        'nonce',
        'the ID token has no "nonce" but the request sent one',
      );
    if (!constantTimeEqual(payload.nonce, expected.nonce))
      throw idTokenError(
        'ERR_OIDC_NONCE_MISMATCH',
        'nonce',
        'the ID token "nonce" is not the one of this request (a replayed or injected token)',
      );
  }
  return payload as IdTokenClaims;
}

function checkAudience(payload: JWTPayload, expected: IdTokenExpectations): void {
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const azp = payload.azp;
  if (audiences.includes(expected.clientId)) {
    // OIDC Core §3.1.3.7 items 3-5: several audiences need an azp, and an azp must be us.
    if (audiences.length > 1 && azp === undefined)
      throw idTokenError('ERR_OIDC_AZP_MISMATCH', 'azp', 'the ID token has several audiences but no "azp"');
    if (azp !== undefined && azp !== expected.clientId)
      throw idTokenError('ERR_OIDC_AZP_MISMATCH', 'azp', 'the ID token "azp" is not this client id');
    return;
  }
  if (expected.portalAudience !== undefined && audiences.includes(expected.portalAudience)) {
    // DocSpace overwrites "aud" with the portal URL and keeps the client id in "azp" (docs/docspace-behaviour.md §6.1).
    if (azp !== expected.clientId)
      throw idTokenError(
        'ERR_OIDC_AZP_MISMATCH',
        'azp',
        azp === undefined
          ? 'the ID token has no "azp" (DocSpace puts the client id there)'
          : 'the ID token "azp" is not this client id (a token for another application)',
      );
    return;
  }
  throw idTokenError(
    'ERR_OIDC_AUDIENCE_MISMATCH',
    'aud',
    expected.portalAudience === undefined
      ? 'the ID token "aud" does not contain this client id'
      : 'the ID token "aud" is neither this client id nor the configured portal',
  );
}

function mapJoseError(error: unknown): Error {
  if (AuthError.isInstance(error)) return error; // from the key resolver (unknown kid, JWKS fetch)
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return idTokenError(
        'ERR_OIDC_BAD_SIGNATURE',
        undefined,
        'the ID token signature is not valid for the provider key',
      );
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return idTokenError(
        'ERR_OIDC_ALG_NOT_ALLOWED',
        'alg',
        'the ID token "alg" does not fit the provider key or the allow-list',
      );
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return idTokenError(
        'ERR_OIDC_UNKNOWN_KID',
        'kid',
        'no provider key matches the ID token "kid" and "alg"',
      );
    default:
      if (typeof code === 'string' && code.startsWith('ERR_J'))
        return idTokenError('ERR_OIDC_INVALID_ID_TOKEN', undefined, 'the ID token is not a valid signed JWT');
      if ((error as { name?: unknown })?.name === 'AbortError') return error as Error; // a caller's abort
      // Anything else came from the key: a malformed JWK (DataError), a key of the wrong type or a
      // private key (TypeError), a resolver that failed. The token cannot be checked with it.
      return new AuthError(
        'ERR_OIDC_JWKS_FAILED',
        'the provider key cannot verify the ID token (malformed or of the wrong type)',
        {
          cause: redactError(error),
        },
      );
  }
}
