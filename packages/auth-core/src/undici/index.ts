// Filled in by the undici interceptor work: `createAuthInterceptor` for `Agent.compose()`.
export {};
