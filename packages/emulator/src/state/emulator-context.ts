import type { EmulatorClock } from '../clock.js';
import type { ResolvedOptions } from '../options.js';
import type { PasswordHashParams } from '../pat/login-rules.js';
import type { SigningKeys } from '../oauth/signing-keys.js';
import type { EmulatorState } from './emulator-state.js';

/** One entry of `emulator.requests`. */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** The HTTP status sent; 0 when the connection was reset by a fault. */
  status: number;
  /** The auth scheme the API's selector picked (`none` when no credential or not an API path). */
  scheme: 'basic' | 'jwt' | 'api-key' | 'cookie' | 'header' | 'none';
  /** Whether a fault answered (or delayed) this request. */
  fault?: string;
  time: number;
}

/**
 * What every handler gets: the one mutable {@link EmulatorState} and the fixed parts of a running
 * emulator (its clock, options, signing keys, URL and secrets).
 */
export interface EmulatorContext {
  /** Everything that changes while the emulator runs. */
  state: EmulatorState;
  clock: EmulatorClock;
  options: ResolvedOptions;
  keys: SigningKeys;
  /** The portal URL, `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  hashParams: PasswordHashParams;
  /** HS256 key of `x-signature` JWTs (the machine key the API and the identity services share). */
  signatureKey: Uint8Array;
}
