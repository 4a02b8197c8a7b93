// The @ds/auth contract, restated here on purpose: a strategy only has to match this shape.
// Nothing in src imports an @ds package; the tests prove the shape is enough.

/** The credentials a strategy hands out (structurally `Credentials` from `@ds/auth-core`). */
export interface CommandKeyCredentials {
  readonly scheme: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly generation: number;
}

/** The strategy (structurally `AuthStrategy` from `@ds/auth-core`). */
export interface CommandKeyStrategy {
  readonly kind: 'command-key';
  authenticate(options?: { signal?: AbortSignal }): Promise<CommandKeyCredentials>;
  invalidate(rejected: { generation?: number | undefined }): void;
}
