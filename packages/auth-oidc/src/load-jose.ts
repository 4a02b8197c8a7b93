// jose is loaded when the first ID token is verified or the first key set fetched, not when this
// package is imported: an application that imports @ds/auth-oidc to build a sign-in URL starts as
// fast as one that does not use it, and the jose modules are read once, on first use. Only jose's own
// subpaths are loaded (its root imports every algorithm and key format it has).
// Bundlers follow these import() calls like static imports (esbuild inlines them without splitting).

type CompactVerifyModule = typeof import('jose/jws/compact/verify');
type ProtectedHeaderModule = typeof import('jose/decode/protected_header');
type LocalJwksModule = typeof import('jose/jwks/local');

let compactVerifyModule: Promise<CompactVerifyModule> | undefined;
let protectedHeaderModule: Promise<ProtectedHeaderModule> | undefined;
let localJwksModule: Promise<LocalJwksModule> | undefined;

/** `jose/jws/compact/verify`, loaded on first use (the claims are checked by this package). */
export function loadCompactVerify(): Promise<CompactVerifyModule> {
  compactVerifyModule ??= import('jose/jws/compact/verify');
  return compactVerifyModule;
}

/** `jose/decode/protected_header`, loaded on first use. */
export function loadProtectedHeader(): Promise<ProtectedHeaderModule> {
  protectedHeaderModule ??= import('jose/decode/protected_header');
  return protectedHeaderModule;
}

/** `jose/jwks/local`, loaded on first use (the key set is fetched by this package). */
export function loadLocalJwks(): Promise<LocalJwksModule> {
  localJwksModule ??= import('jose/jwks/local');
  return localJwksModule;
}

/** What `verifyIdToken` uses of jose, once both modules are in. */
export interface VerifyModules {
  decodeProtectedHeader: ProtectedHeaderModule['decodeProtectedHeader'];
  compactVerify: CompactVerifyModule['compactVerify'];
}

let verifyModules: VerifyModules | undefined;

/** The verification modules when already loaded (every token after the first needs no await for them). */
export function loadedVerifyModules(): VerifyModules | undefined {
  return verifyModules;
}

/** Loads `jose/decode/protected_header` and `jose/jws/compact/verify` together. */
export async function loadVerifyModules(): Promise<VerifyModules> {
  const [header, verify] = await Promise.all([loadProtectedHeader(), loadCompactVerify()]);
  verifyModules ??= {
    decodeProtectedHeader: header.decodeProtectedHeader,
    compactVerify: verify.compactVerify,
  };
  return verifyModules;
}
