export { createBasicAuth } from './create-basic-auth.js';
export { assertBasicCredentialPart, encodeBasicCredentials } from './encode-basic-credentials.js';
export type { BasicAuthOptions } from './create-basic-auth.js';
