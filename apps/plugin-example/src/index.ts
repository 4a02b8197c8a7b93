export { CommandKeyError } from './command-key-error.js';
export { createCommandKeyStrategy } from './create-command-key-strategy.js';
export type { CommandKeyStrategyOptions } from './create-command-key-strategy.js';
export type { CommandKeyCredentials, CommandKeyStrategy } from './strategy-shape.js';
