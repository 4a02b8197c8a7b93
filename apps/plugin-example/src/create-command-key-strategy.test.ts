import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, type KeyVault } from '../test/helpers.js';
import { createCommandKeyStrategy } from './create-command-key-strategy.js';

const KEY_1 = `sk-${'1'.repeat(64)}`;
const KEY_2 = `sk-${'2'.repeat(64)}`;
let vault: KeyVault;

beforeEach(() => {
  vault = createVault(KEY_1);
});
afterEach(() => vault.remove());

function pick(error: unknown): unknown {
  const { code, message, option } = error as { code: string; message: string; option?: string };
  return option === undefined ? { code, message } : { code, message, option };
}

describe('createCommandKeyStrategy', () => {
  it('runs the command once and caches the key', async () => {
    const strategy = vault.create();
    const first = await strategy.authenticate();
    const second = await strategy.authenticate();
    expect(first.headers).toEqual({ authorization: `Bearer ${KEY_1}` });
    expect(second).toBe(first);
    expect(vault.runs()).toBe(1);
  });

  it('shares one run between concurrent callers', async () => {
    const strategy = vault.create();
    const results = await Promise.all([
      strategy.authenticate(),
      strategy.authenticate(),
      strategy.authenticate(),
    ]);
    expect(new Set(results).size).toBe(1);
    expect(vault.runs()).toBe(1);
  });

  it('runs the command again after invalidate() of the current generation only', async () => {
    const strategy = vault.create();
    const first = await strategy.authenticate();
    vault.write(KEY_2);
    strategy.invalidate(first);
    const second = await strategy.authenticate();
    expect(second).toMatchObject({
      generation: first.generation + 1,
      headers: { authorization: `Bearer ${KEY_2}` },
    });
    strategy.invalidate(first); // a late 401 for the old key
    expect(await strategy.authenticate()).toBe(second);
    expect(vault.runs()).toBe(2);
  });

  it('redacts itself and its credentials', async () => {
    const strategy = vault.create();
    const credentials = await strategy.authenticate();
    for (const value of [strategy, credentials, credentials.headers]) {
      for (const printed of [String(value), JSON.stringify(value), inspect(value, { depth: 5 })]) {
        expect(printed).not.toContain(KEY_1);
        expect(printed).toContain('[redacted]');
      }
    }
  });

  it('reports a failing command by program name and exit code, never its output', async () => {
    vault.write('FAIL');
    const error = await vault
      .create()
      .authenticate()
      .catch((caught: unknown) => caught);
    expect(pick(error)).toEqual({
      code: 'ERR_COMMANDKEY_FAILED',
      message: expect.stringMatching(/^the secrets command ".+" exited with code 3$/),
    });
  });

  it('reports empty and multi-line output', async () => {
    vault.write('');
    await expect(vault.create().authenticate()).rejects.toMatchObject({
      code: 'ERR_COMMANDKEY_INVALID_OUTPUT',
      message: expect.stringMatching(/printed nothing$/),
    });
    vault.write(`${KEY_1}\nsecond line`);
    await expect(vault.create().authenticate()).rejects.toMatchObject({
      code: 'ERR_COMMANDKEY_INVALID_OUTPUT',
    });
  });

  it('reports a program that does not exist', async () => {
    const strategy = createCommandKeyStrategy({ command: ['/nonexistent/secret-tool'] });
    await expect(strategy.authenticate()).rejects.toMatchObject({
      code: 'ERR_COMMANDKEY_SPAWN',
      message: 'the secrets command "secret-tool" could not start',
    });
  });

  it('kills a command that outlives timeoutMs', async () => {
    vault.write('HANG');
    await expect(vault.create(200).authenticate()).rejects.toMatchObject({
      code: 'ERR_COMMANDKEY_TIMEOUT',
      retryable: true,
    });
  });

  it('validates its options, naming each', () => {
    const attempt = (options: unknown): unknown => {
      try {
        createCommandKeyStrategy(options as never);
      } catch (error) {
        return pick(error);
      }
      return 'did not throw';
    };
    expect(attempt({ command: [] })).toEqual({
      code: 'ERR_COMMANDKEY_INVALID_OPTION',
      message: '"command" must be a non-empty array of strings (program, then arguments)',
      option: 'command',
    });
    expect(attempt({ command: ['x'], scheme: 'Bearer x' })).toMatchObject({ option: 'scheme' });
    expect(attempt({ command: ['x'], timeoutMs: 0 })).toMatchObject({ option: 'timeoutMs' });
    expect(attempt(null)).toMatchObject({ option: 'options' });
  });
});
