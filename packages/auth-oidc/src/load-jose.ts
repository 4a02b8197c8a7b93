// jose is loaded when the first ID token is verified or the first key set fetched, not when this
// package is imported: an application that imports @ds/auth-oidc to build a sign-in URL starts as
// fast as one that does not use it, and the jose modules are read once, on first use. Only jose's own
// subpaths are loaded (its root imports every algorithm and key format it has).
// Bundlers follow these import() calls like static imports (esbuild inlines them without splitting).

type CompactVerifyModule = typeof import('jose/jws/compact/verify');
type ProtectedHeaderModule = typeof import('jose/decode/protected_header');
type LocalJwksModule = typeof import('jose/jwks/local');

let localJwksModule: Promise<LocalJwksModule> | undefined;

/** `jose/jwks/local`, loaded on first use (the key set is fetched by this package). */
export function loadLocalJwks(): Promise<LocalJwksModule> {
  localJwksModule ??= import('jose/jwks/local');
  return localJwksModule;
}

/** What `verifyIdToken` uses of jose (the claims are checked by this package). */
export interface VerifyModules {
  decodeProtectedHeader: ProtectedHeaderModule['decodeProtectedHeader'];
  compactVerify: CompactVerifyModule['compactVerify'];
}

let verifyModules: VerifyModules | undefined;
let verifyModulesLoading: Promise<VerifyModules> | undefined;

/** The verification modules once loaded: every token after the first takes them without an await. */
export function loadedVerifyModules(): VerifyModules | undefined {
  return verifyModules;
}

/** Loads `jose/decode/protected_header` and `jose/jws/compact/verify` together, once. */
export function loadVerifyModules(): Promise<VerifyModules> {
  verifyModulesLoading ??= Promise.all([
    import('jose/decode/protected_header'),
    import('jose/jws/compact/verify'),
  ]).then(([header, verify]) => {
    verifyModules = {
      decodeProtectedHeader: header.decodeProtectedHeader,
      compactVerify: verify.compactVerify,
    };
    return verifyModules;
  });
  return verifyModulesLoading;
}
