#!/usr/bin/env node
import { main } from '../dist/main.js';

// The first SIGINT/SIGTERM stops the server cleanly; a second one (once() is spent) kills the process.
const controller = new AbortController();
const stop = () => controller.abort();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
process.off('SIGINT', stop);
process.off('SIGTERM', stop);
