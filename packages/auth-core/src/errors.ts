// The error family: one class per file under errors/, each with its own cross-copy marker.
export { AuthConfigError } from './errors/auth-config-error.js';
export { AuthError, type AuthErrorOptions } from './errors/auth-error.js';
export { AuthHttpError, type AuthHttpErrorOptions } from './errors/auth-http-error.js';
export { AuthResponseError } from './errors/auth-response-error.js';
export { AuthTimeoutError } from './errors/auth-timeout-error.js';
export { AuthUnavailableError } from './errors/auth-unavailable-error.js';
export { type ErrorMarker, errorMarker } from './errors/error-marker.js';
export { type AuthErrorCode, hasErrorCode } from './errors/error-codes.js';
export { redactError } from './errors/redact-error.js';
