// Every runnable example of the README runs and prints exactly what the README shows (or nothing).
// The section on openid-client and oauth4webapi has its own test (generic-readme.test.ts), which also
// takes each setting out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '@ds/auth-testing/node';
import { SECTION } from './fixtures/generic-readme.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const sections = [...readFileSync(`${packageDir}/README.md`, 'utf8').matchAll(/^## (.+?)\s*$/gm)]
  .map((match) => match[1] as string)
  .filter((section) => section !== SECTION);

describeReadmeExamples({ packageDir, sections });
