export { startEmulator } from './start-emulator.js';
export type { Emulator } from './start-emulator.js';
export { ALL_SCOPES, DEFAULT_TOTP_SECRET, defaultSeed, validateSeed } from './seed.js';
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
} from './seed.js';
export type { EmulatorOptions } from './options.js';
export type { ClockOption, EmulatorClock } from './clock.js';
export type { FaultHandle, FaultKind, FaultSpec, FaultSwitch } from './faults.js';
export type { EmulatorStats, RequestLogEntry } from './context.js';
export type { AuthorizeInput } from './authorize-helper.js';
export { totp } from './totp.js';
