// Every runnable example under the README's Usage runs and prints exactly the text block after it.
// The runner is @ds/auth-testing's, read from its source: the packages that the emulator serves in
// their tests depend on it, so the emulator cannot list @ds/auth-testing without a dependency cycle.
import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '../../auth-testing/src/node/describe-readme-examples.js';

describeReadmeExamples({ packageDir: fileURLToPath(new URL('..', import.meta.url)), sections: ['Usage'] });
