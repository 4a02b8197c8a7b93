import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '../../../tools/readme-examples.js';

describeReadmeExamples(fileURLToPath(new URL('../README.md', import.meta.url)));
