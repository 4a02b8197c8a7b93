import type { KeychainStatus } from './keychain.js';

/** A writable stream as the CLI uses it. */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

/** A readable stream as the CLI uses it (for prompts). */
export interface CliInput {
  isTTY?: boolean | undefined;
  setRawMode?: ((mode: boolean) => unknown) | undefined;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  pause?(): unknown;
  resume?(): unknown;
}

/** Where a command writes and reads, and the environment it sees. Injected so tests run commands in-process. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin?: CliInput | undefined;
  env: Record<string, string | undefined>;
  /** Opens a URL in a browser; default: the platform's opener. Tests replace it. */
  openBrowser?: ((url: string) => Promise<void>) | undefined;
  /** Looks for the OS keychain; default: `probeKeychain()` (the platform's keychain through @napi-rs/keyring). Tests replace it. */
  keychain?: (() => Promise<KeychainStatus>) | undefined;
}

/** Documented exit codes of `ds-auth`. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** A request or method failed. */
  failed: 1,
  /** Bad command line or configuration. */
  usage: 2,
  /** Not signed in, or the credentials were rejected (401): run `ds-auth login`. */
  unauthorized: 3,
  /** Signed in, but not allowed (403: a missing permission or scope, a disabled user, a lockout). */
  forbidden: 4,
} as const;
