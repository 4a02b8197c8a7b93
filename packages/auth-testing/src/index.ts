export { CONFORMANCE_CHECKS, checkStrategy, credentialProblems } from './check-strategy.js';
export { docSpaceEnvelope, docSpaceErrorEnvelope } from './docspace-envelope.js';
export { extractCodeBlocks, extractExamples, matchOutput } from './readme-examples.js';
export { findLeaks } from './render.js';
export { runStrategyConformance } from './run-strategy-conformance.js';
export type { DocSpaceEnvelope } from './docspace-envelope.js';
export type { ReadmeExample } from './readme-examples.js';
export type { ConformanceCheck, ConformanceFinding, StrategyConformanceOptions } from './types.js';
