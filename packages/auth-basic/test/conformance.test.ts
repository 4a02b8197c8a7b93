import { runStrategyConformance } from '@ds/auth-testing';
import { createBasicAuth, encodeBasicCredentials } from '../src/index.js';

const EMAIL = 'jane@example.com';
const PASSWORD = 'conformance-Pässword-42';

runStrategyConformance({
  name: 'createBasicAuth',
  create: () => createBasicAuth({ email: EMAIL, password: PASSWORD }),
  secrets: [PASSWORD, encodeBasicCredentials(EMAIL, PASSWORD)],
  scheme: 'Basic',
  expectedErrors: {
    'a colon in the e-mail': () => createBasicAuth({ email: 'ja:ne@example.com', password: PASSWORD }),
    'a line break in the password': () => createBasicAuth({ email: EMAIL, password: `${PASSWORD}\r\n` }),
    'an empty password': () => createBasicAuth({ email: EMAIL, password: '' }),
    'no options': () => createBasicAuth(undefined as never),
  },
});
