export { parseCookies, serializeCookie, sessionCookieName } from './cookies.js';
export type { CookieOptions } from './cookies.js';
export { createWebApp } from './create-web-app.js';
export type { WebApp, WebAppOptions } from './create-web-app.js';
export { startDemoPortal } from './demo-portal.js';
export type { DemoPortal } from './demo-portal.js';
export { parseProfile, parseRooms } from './docspace-data.js';
export type { Profile, Room } from './docspace-data.js';
export { escapeHtml, html } from './html.js';
export type { SafeHtml } from './html.js';
export { main } from './main.js';
export type { WebIo } from './main.js';
export { createMemorySessionStore } from './memory-session-store.js';
export type { MemorySessionStore, MemorySessionStoreOptions } from './memory-session-store.js';
export { createRedisSessionStore } from './redis-session-store.js';
export type { RedisSessionStoreOptions } from './redis-session-store.js';
export { safeReturnTo } from './return-to.js';
export { newSessionId, resolveSessionLimits } from './session-store.js';
export type {
  PendingSignIn,
  ResolvedSessionLimits,
  SessionLimits,
  SessionStore,
  SignedInUser,
  WebSession,
} from './session-store.js';
export { createSignInLimiter } from './sign-in-limiter.js';
export type { SignInLimiter, SignInLimiterOptions } from './sign-in-limiter.js';
export { startWebServer } from './start-web-server.js';
export type { RunningWebServer, WebServerOptions } from './start-web-server.js';
