// Every runnable example of the README runs and prints exactly what the README shows (or nothing).
import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '@ds/auth-testing/node';

describeReadmeExamples({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
