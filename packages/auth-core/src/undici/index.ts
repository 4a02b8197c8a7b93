export { createAuthInterceptor } from './create-auth-interceptor.js';
export type { AuthInterceptorOptions } from './create-auth-interceptor.js';
