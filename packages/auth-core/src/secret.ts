const INSPECT: symbol = Symbol.for('nodejs.util.inspect.custom');

/** The text that replaces every secret in logs, JSON and error messages. */
export const REDACTED = '[redacted]';

/**
 * Makes `target` print `label` instead of its content in `util.inspect`, `console.log`,
 * `JSON.stringify` and `String()`. The properties stay readable in code.
 *
 * @example
 * ```ts
 * const tokens = redactable({ accessToken }, 'TokenSet');
 * console.log(tokens); // TokenSet [redacted]
 * ```
 */
export function redactable<T extends object>(target: T, label: string): T {
  const text = `${label} ${REDACTED}`;
  // Defined, so not enumerable and not writable; configurable so a caller may still replace them.
  for (const key of [INSPECT, 'toJSON', 'toString']) {
    Object.defineProperty(target, key, { value: () => text, configurable: true });
  }
  return target;
}

/**
 * A string that never shows itself by accident: `String(secret)`, `JSON.stringify(secret)` and
 * `util.inspect(secret)` all print `[redacted]`. Call {@link Secret.reveal} where the value is needed.
 *
 * @example
 * ```ts
 * const password = new Secret(process.env.DOCSPACE_PASSWORD ?? '');
 * console.log({ password }); // { password: Secret [redacted] }
 * ```
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    redactable(this, 'Secret');
  }

  /** The secret itself. Never log the result. */
  reveal(): string {
    return this.#value;
  }

  /** The number of characters, which is safe to show. */
  get length(): number {
    return this.#value.length;
  }
}

/**
 * A short, stable, non-reversible label for a secret (`sha256:` + 12 hex digits), so logs can tell
 * two tokens apart without showing either.
 *
 * @example
 * ```ts
 * logger.info(`using token ${await fingerprint(token)}`); // using token sha256:4f1c2a9be07d
 * ```
 */
export async function fingerprint(secret: string | Secret): Promise<string> {
  const value = typeof secret === 'string' ? secret : secret.reveal();
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  let hex = '';
  for (const byte of new Uint8Array(digest).subarray(0, 6)) hex += byte.toString(16).padStart(2, '0');
  return `sha256:${hex}`;
}
