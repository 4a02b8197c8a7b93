import { runStrategyConformance } from '@ds/auth-testing';
import { type Emulator, startEmulator } from '@ds/emulator';
import { createPersonalTokenAuth } from '../src/index.js';

let portal: Emulator | undefined;
const admin = () => portal!.seed.users.find((user) => user.tfa === 'none')!;

runStrategyConformance({
  name: 'createPersonalTokenAuth',
  scheme: 'Bearer',
  setup: async () => {
    portal = await startEmulator();
  },
  teardown: async () => {
    await portal?.close();
    portal = undefined;
  },
  create: () =>
    createPersonalTokenAuth({ baseUrl: portal!.url, userName: admin().email, password: admin().password }),
  createPending: () =>
    createPersonalTokenAuth({
      baseUrl: portal!.url,
      userName: portal!.seed.users.find((user) => user.tfa === 'app')!.email,
      password: portal!.seed.users.find((user) => user.tfa === 'app')!.password,
      // A person who never types the code: authenticate() stays pending until its caller aborts.
      onTwoFactor: (_challenge, { signal }) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    }),
  secrets: () => [admin().password],
  expectedErrors: {
    'a wrong password': () =>
      createPersonalTokenAuth({
        baseUrl: portal!.url,
        userName: admin().email,
        password: 'wrong-password',
      }).authenticate(),
    'an insecure portal URL': () =>
      createPersonalTokenAuth({
        baseUrl: 'http://portal.example.com',
        userName: 'a@b.c',
        password: 'secret-pw',
      }),
    'no password': () => createPersonalTokenAuth({ baseUrl: portal!.url, userName: admin().email }),
  },
});
