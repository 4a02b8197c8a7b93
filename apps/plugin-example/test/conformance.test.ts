import { runStrategyConformance } from '@ds/auth-testing';
import { createCommandKeyStrategy } from '../src/index.js';
import { createVault, type KeyVault } from './helpers.js';

const KEY = `sk-${'ab12'.repeat(16)}`;
let vault: KeyVault;
let hanging: KeyVault;

// The strategy imports nothing from @ds: passing this suite shows the contract is structural.
runStrategyConformance({
  name: 'createCommandKeyStrategy',
  setup: () => {
    vault = createVault(KEY);
    hanging = createVault('HANG');
  },
  teardown: () => {
    vault.remove();
    hanging.remove();
  },
  create: () => vault.create(),
  createPending: () => hanging.create(),
  secrets: [KEY],
  scheme: 'Bearer',
  expectedErrors: {
    'an empty command': () => createCommandKeyStrategy({ command: [] as never }),
    'a command that fails': () => {
      vault.write('FAIL');
      return vault.create().authenticate();
    },
    'a program that does not exist': () =>
      createCommandKeyStrategy({ command: ['/nonexistent/vault'] }).authenticate(),
  },
});
