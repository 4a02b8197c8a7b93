export { startEmulator } from './start-emulator.js';
export type { Emulator } from './start-emulator.js';
export { ALL_SCOPES, DEFAULT_TOTP_SECRET, defaultSeed, validateSeed } from './state/seed.js';
export type {
  Seed,
  SeedApiKey,
  SeedClient,
  SeededApiKey,
  SeededClient,
  SeededUser,
  SeedReport,
  SeedUser,
  TwoFactorKind,
  UserRole,
} from './state/seed.js';
export type { EmulatorOptions } from './options.js';
export type { ClockOption, EmulatorClock } from './clock.js';
export type { FaultHandle, FaultKind, FaultSpec, FaultSwitch } from './server/faults.js';
export type { RequestLogEntry } from './state/emulator-context.js';
export type { EmulatorStats } from './state/emulator-state.js';
export type { AuthorizeInput } from './oauth/authorize-helper.js';
export { totp } from './pat/totp.js';
