import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthorizeInput, authorizeOverHttp } from './oauth/authorize-helper.js';
import { createClock, type EmulatorClock } from './clock.js';
import type { EmulatorContext, RequestLogEntry } from './state/emulator-context.js';
import { Faults, type FaultSwitch } from './server/faults.js';
import { createListener } from './server/create-listener.js';
import { grantConsent } from './oauth/authorize.js';
import { signAccessToken } from './oauth/issue.js';
import { type EmulatorOptions, resolveOptions } from './options.js';
import {
  defaultSeed,
  type SeedApiKey,
  type SeedClient,
  type SeededApiKey,
  type SeededClient,
  type SeededUser,
  type SeedReport,
  type SeedUser,
  validateSeed,
} from './state/seed.js';
import { SigningKeys } from './oauth/signing-keys.js';
import { EmulatorState, type EmulatorStats, type UserRecord } from './state/emulator-state.js';
import { totp } from './pat/totp.js';

/** A running emulator. */
export interface Emulator {
  /** The portal URL, `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** What was seeded, secrets included (grows with `addUser`/`addApiKey`/`addClient`). */
  readonly seed: SeedReport;
  readonly clock: EmulatorClock;
  readonly faults: FaultSwitch;
  /** Every request: method, path, status, scheme. Mutable: `requests.length = 0` clears it. */
  readonly requests: RequestLogEntry[];
  readonly stats: EmulatorStats;
  /** Stops the server and drops open connections (safe to call twice). */
  close(): Promise<void>;
  /** The current TOTP code of a user with app 2FA (at `atMs`, default the emulator clock). */
  totp(email: string, atMs?: number): string;
  /** The last SMS code "sent" to a user, if any. */
  lastSmsCode(email: string): string | undefined;
  /** Records a consent so the authorize flow only needs the login. */
  approve(input: { email: string; clientId: string; scopes?: string[] }): void;
  /** Revokes a user's consent for a client; every token of that pair becomes inactive. */
  revokeConsent(input: { email: string; clientId: string }): void;
  /** Runs the HTML login + consent over HTTP and returns the final redirect URL (not followed). */
  authorize(authorizationUrl: string | URL, input: AuthorizeInput): Promise<string>;
  /** Changes a password; every PAT of the user dies. */
  changePassword(email: string, newPassword: string): void;
  /** "Log out all sessions": every PAT of the user dies. */
  logoutAll(email: string): void;
  setUserDisabled(email: string, disabled: boolean): void;
  setClientEnabled(clientId: string, enabled: boolean): void;
  /** New active signing key; the old one stays in the JWKS for `retiredKeyTtlSeconds` unless `keepRetired: false`. */
  rotateSigningKey(options?: { keepRetired?: boolean }): Promise<string>;
  addUser(user: SeedUser): SeededUser;
  addApiKey(key: SeedApiKey): SeededApiKey;
  addClient(client: SeedClient): SeededClient;
  /** Mints an access token without the browser dance (a consented grant for `email` and `clientId`). */
  issueAccessToken(input: {
    email: string;
    clientId: string;
    scopes?: string[];
    ttlSeconds?: number;
  }): Promise<string>;
  /** Forgets rate-limit windows, brute-force counters and 2FA failure counters. */
  resetLimits(): void;
}

function requireUser(state: EmulatorState, email: string): UserRecord {
  const user = state.userByEmail(email);
  if (!user) throw new Error(`no emulator user with e-mail "${email}"`);
  return user;
}

/**
 * Starts a DocSpace portal emulator on 127.0.0.1 (port 0 = any free port); throws a TypeError naming the
 * bad option or seed field.
 *
 * @example
 * const emulator = await startEmulator();
 * const res = await fetch(`${emulator.url}/api/2.0/people/@self`, {
 *   headers: { Authorization: `Bearer ${emulator.seed.apiKeys[0]!.key}` },
 * });
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const seed = options.seed ?? defaultSeed();
  validateSeed(seed);
  const clock = createClock(options.clock);
  const state = new EmulatorState();
  const report = state.applySeed(seed, clock.now());
  const keys = new SigningKeys(() => resolved.retiredKeyTtlSeconds * 1000);
  await keys.rotate(clock.now());
  const ctx: EmulatorContext = {
    state,
    clock,
    options: resolved,
    keys,
    url: '',
    hashParams: { size: 256, iterations: 100_000, salt: randomBytes(32).toString('hex') },
    signatureKey: new Uint8Array(randomBytes(32)),
  };
  const faults = new Faults();
  const requests: RequestLogEntry[] = [];
  const server = createServer(createListener(ctx, faults, requests));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const emulator: Emulator = {
    url: ctx.url,
    port,
    seed: report,
    clock,
    faults,
    requests,
    stats: state.stats,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
    totp(email, atMs) {
      const user = requireUser(state, email);
      if (!user.totpSecret) throw new Error(`user "${email}" has no authenticator app`);
      return totp(user.totpSecret, atMs ?? clock.now());
    },
    lastSmsCode: (email) => state.smsCodes.get(requireUser(state, email).id)?.code,
    approve({ email, clientId, scopes }) {
      const client = state.client(clientId);
      if (!client) throw new Error(`no emulator client "${clientId}"`);
      grantConsent(state, requireUser(state, email).id, clientId, scopes ?? client.scopes);
    },
    revokeConsent({ email, clientId }) {
      const user = requireUser(state, email);
      state.grantedConsents.delete(state.grantedConsentKey(user.id, clientId));
      for (const grant of state.grants.values())
        if (grant.userId === user.id && grant.clientId === clientId) state.revokeGrant(grant.id);
    },
    authorize(authorizationUrl, input) {
      return authorizeOverHttp(ctx.url, String(authorizationUrl), input, () => {
        const user = state.userByEmail(input.email);
        if (user?.totpSecret) return totp(user.totpSecret, clock.now());
        return user ? state.smsCodes.get(user.id)?.code : undefined;
      });
    },
    changePassword(email, newPassword) {
      const user = requireUser(state, email);
      user.password = newPassword;
      user.cookieIndex++;
      const seeded = report.users.find((candidate) => candidate.id === user.id);
      if (seeded) seeded.password = newPassword;
    },
    logoutAll(email) {
      requireUser(state, email).cookieIndex++;
    },
    setUserDisabled(email, disabled) {
      requireUser(state, email).disabled = disabled;
    },
    setClientEnabled(clientId, enabled) {
      const client = state.client(clientId);
      if (!client) throw new Error(`no emulator client "${clientId}"`);
      client.enabled = enabled;
    },
    async rotateSigningKey(rotation) {
      return (await keys.rotate(clock.now(), rotation?.keepRetired ?? true)).kid;
    },
    addUser(user) {
      validateSeed({ users: [user] });
      if (state.userByEmail(user.email)) throw new Error(`user "${user.email}" already exists`);
      const added = state.applySeed({ users: [user] }, clock.now()).users[0]!;
      report.users.push(added);
      return added;
    },
    addApiKey(key) {
      requireUser(state, key.user);
      validateSeed({ users: [{ email: key.user, password: 'x' }], apiKeys: [key] });
      const added = state.applySeed({ apiKeys: [key] }, clock.now()).apiKeys[0]!;
      report.apiKeys.push(added);
      return added;
    },
    addClient(client) {
      validateSeed({
        users: state.users.map((user) => ({ email: user.email, password: 'x' })),
        clients: [client],
      });
      const added = state.applySeed({ clients: [client] }, clock.now()).clients[0]!;
      report.clients.push(added);
      return added;
    },
    async issueAccessToken({ email, clientId, scopes, ttlSeconds }) {
      const client = state.client(clientId);
      if (!client) throw new Error(`no emulator client "${clientId}"`);
      const granted = scopes ?? client.scopes;
      const grant = state.newGrant(clientId, requireUser(state, email).id, granted, clock.now());
      return (await signAccessToken(ctx, grant, granted, ttlSeconds)).token;
    },
    resetLimits() {
      state.resetLimits();
    },
  };
  Object.defineProperty(emulator, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => `Emulator { url: '${ctx.url}' }`,
  });
  return emulator;
}
