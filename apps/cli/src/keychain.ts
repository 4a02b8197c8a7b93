import { CliError } from './failure.js';

/** The OS keychain as the CLI uses it: one secret (a string) per account name, under the service `ds-auth`. */
export interface Keychain {
  /** What to call it in messages: `Secret Service`, `macOS Keychain`, `Windows Credential Manager`. */
  readonly name: string;
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Removes the secret; resolves also when there was none. */
  delete(account: string): Promise<void>;
}

/** Whether there is a keychain to keep secrets in, and if not, why not (for the warning). */
export type KeychainStatus =
  | { readonly available: true; readonly keychain: Keychain }
  | { readonly available: false; readonly reason: string };

/** The service name of every item the CLI writes. */
export const KEYCHAIN_SERVICE = 'ds-auth';
/** A keychain call that takes longer is given up (a locked keychain whose unlock prompt nobody answers). */
const CALL_TIMEOUT_MS = 30_000;
const PROBE_ACCOUNT = '.probe';

interface AsyncEntryLike {
  getPassword(signal?: AbortSignal | null): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>;
  deletePassword(signal?: AbortSignal | null): Promise<boolean>;
}
interface KeyringModule {
  AsyncEntry: new (service: string, account: string, options?: unknown) => AsyncEntryLike;
}

/** What the OS keychain of this platform is called. */
export function platformName(): string {
  if (process.platform === 'darwin') return 'macOS Keychain';
  if (process.platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

/**
 * Looks for the OS keychain through `@napi-rs/keyring` (macOS Keychain, Windows Credential Manager, and
 * on Linux and the BSDs the Secret Service on the D-Bus session bus, e.g. gnome-keyring or KWallet).
 * On Linux the Secret Service is required: the binding's fallback, the kernel keyring, forgets
 * everything at logout or reboot and is no place for a year-long token. One read of a probe item
 * proves the keychain answers and is unlocked; any failure means "no keychain", with the reason.
 */
export async function probeKeychain(
  env: Record<string, string | undefined> = process.env,
): Promise<KeychainStatus> {
  let binding: KeyringModule;
  try {
    binding = (await import('@napi-rs/keyring')) as unknown as KeyringModule;
  } catch (error) {
    return {
      available: false,
      reason: `the keychain binding does not load on ${process.platform}-${process.arch} (${firstLine(error)})`,
    };
  }
  const name = platformName();
  const options = process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  const entry = (account: string): AsyncEntryLike =>
    new binding.AsyncEntry(KEYCHAIN_SERVICE, account, options);
  try {
    await entry(PROBE_ACCOUNT).getPassword(AbortSignal.timeout(10_000));
  } catch (error) {
    return { available: false, reason: unavailableReason(name, error, env) };
  }
  const call = async <T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    try {
      return await run(AbortSignal.timeout(CALL_TIMEOUT_MS));
    } catch (error) {
      throw new CliError('ERR_CLI_KEYCHAIN', `the ${name} could not ${what}: ${firstLine(error)}`, {
        hint: 'unlock the keychain and try again, or sign in again with --insecure-storage to keep the secret in a file',
      });
    }
  };
  const keychain: Keychain = {
    name,
    get: (account) =>
      call('read a secret', async (signal) => (await entry(account).getPassword(signal)) ?? undefined),
    set: (account, secret) => call('store a secret', (signal) => entry(account).setPassword(secret, signal)),
    delete: (account) =>
      call('delete a secret', async (signal) => {
        await entry(account).deletePassword(signal);
      }),
  };
  return { available: true, keychain };
}

function unavailableReason(name: string, error: unknown, env: Record<string, string | undefined>): string {
  if (process.platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS)
    return `no ${name}: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)`;
  return `no ${name}: ${firstLine(error)}`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 300);
}
