export { createAuthInterceptor } from './create-auth-interceptor.js';
export type { AuthInterceptorOptions } from './create-auth-interceptor.js';
export { createAuthDispatcher } from './create-auth-dispatcher.js';
export type { AuthDispatcherOptions } from './create-auth-dispatcher.js';
