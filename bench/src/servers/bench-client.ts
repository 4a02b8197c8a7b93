/** The client registered at oidc-server.ts; the secret is a fixed test value that never leaves loopback. */
export const BENCH_CLIENT: { clientId: string; clientSecret: string; redirectUri: string } = {
  clientId: 'bench-client',
  clientSecret: 'bench-secret-0123456789',
  redirectUri: 'http://127.0.0.1/callback',
};
