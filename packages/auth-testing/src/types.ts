import type { AuthStrategy } from '@ds/auth-core';

/** The name of one conformance check; see {@link CONFORMANCE_CHECKS} for what each one proves. */
export type ConformanceCheck =
  | 'shape'
  | 'credentials'
  | 'concurrency'
  | 'aborted-signal'
  | 'abort-while-pending'
  | 'invalidate'
  | 'errors'
  | 'no-leaks';

/** One problem a conformance check found. The message never contains a secret. */
export interface ConformanceFinding {
  /** The check that found it. */
  readonly check: ConformanceCheck;
  /** What is wrong, in one lower-case sentence. */
  readonly message: string;
}

/** What {@link runStrategyConformance} and {@link checkStrategy} take. */
export interface StrategyConformanceOptions {
  /** A label for the test suite, for example `createApiKeyAuth`. */
  name: string;
  /** Makes a fresh, working strategy. Called once per check. */
  create: () => AuthStrategy | Promise<AuthStrategy>;
  /**
   * Every secret the strategy holds or derives (passwords, keys, tokens, encoded headers), at least
   * 4 characters each. A function is called after `setup`, so secrets made by a server can be listed.
   */
  secrets: readonly string[] | (() => readonly string[] | Promise<readonly string[]>);
  /** The scheme the credentials must carry, for example `Bearer`. */
  scheme?: string;
  /**
   * Makes a strategy whose `authenticate()` stays pending until its signal aborts (a slow command, a
   * server that never answers). Without it the "abort while pending" check is skipped.
   */
  createPending?: () => AuthStrategy | Promise<AuthStrategy>;
  /**
   * Calls that must fail with an `AuthError` (bad factory options, a strategy whose server says no),
   * by label. Each may throw synchronously or return a promise that rejects.
   */
  expectedErrors?: Record<string, () => unknown>;
  /** Runs before each check (start a server, write a key file). */
  setup?: () => void | Promise<void>;
  /** Runs after each check, also when it failed (stop the server, kill processes). */
  teardown?: () => void | Promise<void>;
  /** How long one step may take before the check reports it as hanging. Defaults to 5000 ms. */
  stepTimeoutMs?: number;
}
