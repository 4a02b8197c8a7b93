import fc from 'fast-check';
import { CompactSign, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { IdTokenError } from './errors.js';
import { verifyIdToken } from './verify-id-token.js';

const NOW = Date.UTC(2026, 0, 1);
const iat = Math.floor(NOW / 1000);
const expected = {
  issuer: 'https://op.example.com',
  clientId: 'app',
  algorithms: ['RS256', 'PS256', 'EdDSA'],
  now: NOW,
};
const claims = { iss: 'https://op.example.com', sub: 'u1', aud: 'app', iat, exp: iat + 600 };

describe('verifyIdToken (pure, with a key)', () => {
  it.each(['RS256', 'PS256', 'EdDSA'] as const)('accepts %s from the allow-list', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const token = await new SignJWT(claims).setProtectedHeader({ alg }).sign(privateKey);
    await expect(verifyIdToken(token, { keys: publicKey, expected })).resolves.toMatchObject({ sub: 'u1' });
  });

  it('requires sub, iat and the other OIDC claims', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...claims, sub: undefined })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    await expect(verifyIdToken(token, { keys: publicKey, expected })).rejects.toMatchObject({
      code: 'ERR_OIDC_INVALID_ID_TOKEN',
      message: 'the ID token has no "sub" claim',
      claim: 'sub',
    });
  });

  it('honours a zero clock tolerance', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...claims, exp: iat - 1 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    await expect(verifyIdToken(token, { keys: publicKey, expected })).resolves.toBeDefined();
    await expect(
      verifyIdToken(token, { keys: publicKey, expected: { ...expected, clockToleranceSec: 0 } }),
    ).rejects.toMatchObject({
      code: 'ERR_OIDC_EXPIRED',
    });
  });

  it('turns any malformed input into an IdTokenError', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.string(), async (a, b, c) => {
        const error = await verifyIdToken(`${a}.${b}.${c}`, { keys: publicKey, expected }).catch(
          (caught: unknown) => caught,
        );
        expect(IdTokenError.isInstance(error)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

// verifyIdToken checks the JWT claims set itself (jose compactVerify checks the signature): each
// payload here is verified by it and by jose jwtVerify with the same time and tolerance. Where jose
// refuses, verifyIdToken refuses for the same claim; where jose accepts, verifyIdToken refuses only for
// an OpenID Connect rule jose does not apply (a missing `exp` or `iat`, an `iat` in the future).
describe('verifyIdToken claims-set checks, against jose jwtVerify', async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const oidcOnly = (outcome: Outcome): boolean =>
    outcome !== 'accepted' &&
    (outcome.code === 'ERR_OIDC_ISSUED_IN_FUTURE' ||
      (outcome.code === 'ERR_OIDC_INVALID_ID_TOKEN' &&
        /^the ID token has no "(exp|iat)" claim$/.test(outcome.message)));
  type Outcome = 'accepted' | { code: string; claim: unknown; message: string };
  const ours = (token: string): Promise<Outcome> =>
    verifyIdToken(token, { keys: publicKey, expected: { ...expected, algorithms: ['ES256'] } }).then(
      () => 'accepted',
      (error: IdTokenError) => ({ code: error.code, claim: error.claim, message: error.message }),
    );
  /** jose's verdict, in the codes verifyIdToken gives its errors. */
  const jose = (token: string): Promise<'accepted' | { code: string; claim: unknown }> =>
    jwtVerify(token, publicKey, {
      algorithms: ['ES256'],
      clockTolerance: 30,
      currentDate: new Date(NOW),
    }).then(
      () => 'accepted',
      (error: { code: string; claim?: string; reason?: string }) => {
        if (error.code === 'ERR_JWT_EXPIRED') return { code: 'ERR_OIDC_EXPIRED', claim: 'exp' };
        if (error.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
          return error.claim === 'nbf' && error.reason === 'check_failed'
            ? { code: 'ERR_OIDC_NOT_YET_VALID', claim: 'nbf' }
            : { code: 'ERR_OIDC_INVALID_ID_TOKEN', claim: error.claim };
        return { code: 'ERR_OIDC_INVALID_ID_TOKEN', claim: undefined };
      },
    );
  const agree = async (token: string): Promise<void> => {
    const [mine, theirs] = await Promise.all([ours(token), jose(token)]);
    if (theirs === 'accepted') {
      if (mine !== 'accepted') expect(oidcOnly(mine), JSON.stringify(mine)).toBe(true);
    } else {
      expect(mine).toMatchObject(theirs);
    }
  };
  /** The payload as JSON, signed as is (SignJWT would refuse some of these values). */
  const signed = (payload: Record<string, unknown>): Promise<string> =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);

  it('agrees on iat, nbf and exp around the tolerance, of every type', async () => {
    const values = [
      undefined,
      null,
      'soon',
      [iat],
      true,
      iat - 31,
      iat - 30.5,
      iat - 30,
      iat - 29,
      iat + 29,
      iat + 30,
      iat + 30.5,
      iat + 31,
    ];
    for (const iatValue of values)
      for (const nbf of values)
        for (const exp of values) await agree(await signed({ ...claims, iat: iatValue, nbf, exp }));
  });

  it('agrees on any time claims', async () => {
    const time = fc.option(
      fc.oneof(
        fc.integer({ min: iat - 120, max: iat + 120 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.constant(null),
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(time, time, time, async (iatValue, nbf, exp) => {
        await agree(await signed({ ...claims, iat: iatValue, nbf, exp }));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['an array', '[1]'],
    ['a string', '"claims"'],
    ['null', 'null'],
    ['not JSON', '{"iss":'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
  ])('agrees that a payload that is %s is not a JWT', async (_label, payload) => {
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    const token = await new CompactSign(bytes).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    expect(await jose(token)).toEqual({ code: 'ERR_OIDC_INVALID_ID_TOKEN', claim: undefined });
    await expect(ours(token)).resolves.toEqual({
      code: 'ERR_OIDC_INVALID_ID_TOKEN',
      claim: undefined,
      message: 'the ID token is not a valid signed JWT',
    });
  });
});
