#!/usr/bin/env node
import { runCli } from './cli.js';

runCli(process.argv.slice(2), (text) => process.stdout.write(text)).then(
  (emulator) => {
    if (!emulator) return;
    const stop = () => {
      emulator.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    process.stderr.write(`ds-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
