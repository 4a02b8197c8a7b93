/** A class's own cross-copy brand: see {@link errorMarker}. */
export interface ErrorMarker {
  /** Brands `error` (a non-enumerable, read-only property keyed by the marker's symbol). */
  mark(error: object): void;
  /** Whether `error` carries this brand, even if another installed copy of the package created it. */
  has(error: unknown): boolean;
}

/**
 * The brand behind an error class's `isInstance`: `Symbol.for(key)` set on every instance the class
 * (or a subclass) constructs. `instanceof` fails across two installed copies of a package; a
 * registered symbol does not, and unlike a duck-typed field check it is exact: an error is an
 * instance of exactly the classes whose constructors ran for it. Use one key per class,
 * `<package>.<ClassName>`.
 *
 * @example
 * ```ts
 * const MARK = errorMarker('@acme/auth-vault.VaultSealedError');
 * class VaultSealedError extends AuthError {
 *   constructor(message: string) { super('ERR_VAULT_SEALED', message); MARK.mark(this); }
 *   static override isInstance(error: unknown): error is VaultSealedError { return MARK.has(error); }
 * }
 * ```
 *
 * Free of side effects (annotated so): a bundler drops the marker of a class nobody uses.
 */
/* @__NO_SIDE_EFFECTS__ */
export function errorMarker(key: string): ErrorMarker {
  const symbol = Symbol.for(key);
  return {
    mark(error) {
      Object.defineProperty(error, symbol, { value: true });
    },
    has(error) {
      return (
        typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true
      );
    },
  };
}
