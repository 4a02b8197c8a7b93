// Stands in for '@ds/auth-testing' when a README example that calls runStrategyConformance runs
// inside a test (where registering new tests is not allowed): it runs the checks as plain functions.
import { checkStrategy } from '../check-strategy.js';
import type { ConformanceFinding, StrategyConformanceOptions } from '../types.js';

export const RESULTS: symbol = Symbol.for('@ds/auth-testing.readmeFindings');

export function runStrategyConformance(options: StrategyConformanceOptions): void {
  (globalThis as Record<symbol, Promise<ConformanceFinding[]>>)[RESULTS] = checkStrategy(options);
}
