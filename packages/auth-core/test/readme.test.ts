// Every runnable example of the README runs and prints exactly what the README shows (or nothing).
// The runner is @ds/auth-testing's, read from its source: that package depends on this one, so this
// one cannot list it as a dependency.
import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '../../auth-testing/src/node/describe-readme-examples.js';

describeReadmeExamples({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
