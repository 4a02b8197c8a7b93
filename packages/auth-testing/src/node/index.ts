export { createMockPortal, useMockPortal } from './create-mock-portal.js';
export { describeReadmeExamples } from './describe-readme-examples.js';
export type { DescribeReadmeExamplesOptions } from './describe-readme-examples.js';
export { runReadmeExample } from './run-readme-example.js';
export { startLoopbackServer } from './start-loopback-server.js';
export type { MockPortal, MockPortalOptions } from './create-mock-portal.js';
export type { RunReadmeExampleOptions } from './run-readme-example.js';
export type {
  LoopbackHandler,
  LoopbackReply,
  LoopbackServer,
  RecordedRequest,
} from './start-loopback-server.js';
