export { authorizeWithLoopback } from './authorize-with-loopback.js';
export type { LoopbackOptions, LoopbackResult } from './authorize-with-loopback.js';
