// Node side of the browser test: bundles app.ts with esbuild (platform "browser", the workspace
// packages' TypeScript sources) and serves it on 127.0.0.1 at "/" and "/callback".
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { workspaceSources } from '../../../../tools/workspace-sources.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the page needs to know: the portal and the public client id. */
export interface SpaConfig {
  baseUrl: string;
  clientId: string;
}

/** The bundled app, with esbuild's warnings and the input files (relative to the package root). */
export interface SpaBundle {
  code: string;
  warnings: string[];
  inputs: string[];
}

/** A running static server for the page. */
export interface SpaServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Bundles app.ts for browsers; rejects with esbuild's errors (e.g. a `node:` import). */
export async function bundleSpa(): Promise<SpaBundle> {
  const result = await build({
    entryPoints: [`${HERE}app.ts`],
    absWorkingDir: PACKAGE_ROOT,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    alias: workspaceSources(),
    conditions: ['module'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return {
    code: result.outputFiles[0]?.text ?? '',
    warnings: result.warnings.map((warning) => warning.text),
    inputs: Object.keys(result.metafile.inputs),
  };
}

/** Serves the page (with `config` inlined) at "/" and "/callback", and the bundle at "/app.js". */
export async function serveSpa(bundle: SpaBundle, config: SpaConfig): Promise<SpaServer> {
  const template = await readFile(`${HERE}index.html`, 'utf8');
  const html = template.replace('"__SPA_CONFIG__"', JSON.stringify(config).replace(/</g, '\\u003c'));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') send(405, 'text/plain', 'method not allowed');
    else if (path === '/' || path === '/callback') send(200, 'text/html; charset=utf-8', html);
    else if (path === '/app.js') send(200, 'text/javascript; charset=utf-8', bundle.code);
    else send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
