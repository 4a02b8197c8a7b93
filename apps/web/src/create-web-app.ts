import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AuthError,
  type Clock,
  createDocSpaceClient,
  createMemoryTokenStore,
  type FetchLike,
  type TokenStore,
} from '@ds/auth-core';
import { constantTimeEqual, createOAuthSessions, type OAuthTokens } from '@ds/auth-oauth';
import { createOidcClient } from '@ds/auth-oidc';
import { parseCookies, serializeCookie, sessionCookieName } from './cookies.js';
import { parseProfile, parseRooms } from './docspace-data.js';
import { createMemorySessionStore } from './memory-session-store.js';
import {
  deniedPage,
  errorPage,
  expiredPage,
  homePage,
  profilePage,
  roomsPage,
  signedOutPage,
  signInRequiredPage,
} from './pages.js';
import { readForm } from './read-form.js';
import { sendPage, sendRedirect, sendStylesheet } from './respond.js';
import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to.js';
import type { SessionStore, WebSession } from './session-store.js';
import { createSignInLimiter } from './sign-in-limiter.js';

/** Options for {@link createWebApp}. Apps read these from the environment; the library reads none. */
export interface WebAppOptions {
  /** The DocSpace portal, e.g. `https://portal.example.com` (http only on loopback). */
  portalUrl: string;
  /** The OAuth app registered on the portal (Developer Tools > OAuth). */
  clientId: string;
  clientSecret: string;
  /** Where browsers reach this app; `{publicUrl}/callback` must be a registered redirect URI. */
  publicUrl: string;
  /**
   * Where every user's tokens live, keyed by DocSpace user id. Default: in memory. Several instances (or
   * restarts) need a shared one: `createRedisTokenStore` of `@ds/auth-store-redis`.
   */
  store?: TokenStore<OAuthTokens> | undefined;
  /**
   * Where browser sessions live. Default: `createMemorySessionStore()` (one process); use
   * `createRedisSessionStore()` beside a Redis token store so restarts and other instances keep users
   * signed in.
   */
  sessions?: SessionStore | undefined;
  /** The time source of token expiry, ID-token checks and session timeouts (tests move it). */
  clock?: Clock | undefined;
  /** Default `openid accounts.self:read rooms:read`. */
  scopes?: string[] | undefined;
  fetch?: FetchLike | undefined;
  /** A session unused this long is gone. Default 8 hours. Applies to the default (memory) session store. */
  sessionIdleTimeoutMs?: number | undefined;
  /**
   * New sign-ins (a `/signin` without a session) one client address may start per minute; more get a
   * 429 page. Default 20. Behind a reverse proxy every client has the proxy's address: raise it there.
   */
  signInsPerMinute?: number | undefined;
  /** Where unexpected errors are reported (never with a secret). Default: nowhere. */
  log?: ((line: string) => void) | undefined;
}

/** The web app: a `node:http` request handler and what tests like to look at. */
export interface WebApp {
  /** Pass to `http.createServer(app.handler)`. */
  readonly handler: (request: IncomingMessage, response: ServerResponse) => void;
  /** `{publicUrl}/callback`. */
  readonly redirectUri: string;
  /** The browser sessions (`options.sessions`, or the memory store made for them). */
  readonly sessions: SessionStore;
}

/** Errors after which the user must sign in again: the tokens are gone or DocSpace refuses them. */
const EXPIRED = new Set([
  'ERR_OAUTH_REAUTH_REQUIRED',
  'ERR_AUTH_UNAVAILABLE',
  'ERR_AUTH_CLEARED',
  'ERR_AUTH_UNAUTHORIZED',
]);
const SIGN_IN_TTL_MS = 10 * 60_000;
/** The session or token store failed (Redis down or too slow): the app cannot tell who is signed in. */
const STORE_DOWN = new Set(['ERR_AUTH_STORE_UNAVAILABLE']);

/**
 * Creates the "Sign in with DocSpace" web app: OpenID Connect sign-in (code + PKCE + nonce, with
 * state, verifier and nonce kept in a server-side session), `/profile` from `people/@self`,
 * `/rooms` with invisible token refresh, CSRF-protected sign-out that revokes the tokens, and
 * pages for denied consent and expired sessions. A signed-out visit to `/profile` or `/rooms` offers
 * sign-in and comes back there (`/signin?return_to=`, same-origin paths only). Sign-ins in progress are
 * kept apart from signed-in sessions (capped, 10-minute timeout) and limited per client address
 * (`signInsPerMinute`), so a flood of anonymous `/signin` requests cannot sign anyone out; that holds for
 * the memory and the Redis session store alike. Throws `AuthConfigError` for a bad portal URL, client id
 * or redirect URI, and a TypeError when `publicUrl` is not an http(s) URL.
 *
 * @example
 * ```ts
 * const app = createWebApp({ portalUrl, clientId, clientSecret, publicUrl: 'http://127.0.0.1:3000' });
 * http.createServer(app.handler).listen(3000, '127.0.0.1');
 * ```
 */
export function createWebApp(options: WebAppOptions): WebApp {
  const publicUrl = new URL(options.publicUrl);
  if (publicUrl.protocol !== 'https:' && publicUrl.protocol !== 'http:')
    throw new TypeError('"publicUrl" must be an http(s) URL');
  const origin = publicUrl.origin;
  const secure = publicUrl.protocol === 'https:';
  const cookieName = sessionCookieName(secure);
  const redirectUri = `${origin}/callback`;
  const clock = options.clock ?? { now: () => Date.now() };
  const log = options.log ?? (() => {});
  const oidc = createOidcClient({
    baseUrl: options.portalUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri,
    scopes: options.scopes ?? ['openid', 'accounts.self:read', 'rooms:read'],
    compat: 'docspace',
    clock,
    fetch: options.fetch,
  });
  const tokens = createOAuthSessions({
    client: oidc.asOAuthClient(), // refreshes verify the re-issued ID token
    store: options.store ?? createMemoryTokenStore<OAuthTokens>(),
    clock,
  });
  // Sign-ins in progress live apart from signed-in sessions (they can never evict one), and one client
  // cannot start them faster than `signInsPerMinute`.
  const sessions =
    options.sessions ?? createMemorySessionStore({ clock, idleTimeoutMs: options.sessionIdleTimeoutMs });
  const limiter = createSignInLimiter({ clock, perMinute: options.signInsPerMinute ?? 20 });

  const send = sendPage;
  const redirect = sendRedirect;
  const setCookie = (session: WebSession): string => serializeCookie(cookieName, session.id, { secure });
  const signInFailed = (response: ServerResponse, message: string, code?: string) =>
    send(response, errorPage(400, 'Sign-in failed', message, code), clearCookie());
  const clearCookie = (): string => serializeCookie(cookieName, '', { secure, maxAgeSeconds: 0 });

  const signIn = async (
    incoming: IncomingMessage,
    response: ServerResponse,
    found: WebSession | undefined,
  ): Promise<void> => {
    const query = new URL(incoming.url ?? '/', origin).searchParams;
    const returnTo = safeReturnTo(query.get('return_to'), origin) ?? DEFAULT_RETURN_TO;
    if (found?.user) return redirect(response, returnTo);
    if (!found && !limiter.allow(incoming.socket.remoteAddress ?? '')) {
      return send(
        response,
        errorPage(
          429,
          'Too many sign-ins',
          'Too many sign-ins were started from here. Please wait a minute and try again.',
        ),
      );
    }
    const request = await oidc.createAuthorizationRequest();
    const session = await sessions.startSignIn(
      {
        state: request.state,
        codeVerifier: request.codeVerifier,
        nonce: request.nonce,
        redirectUri: request.redirectUri,
        startedAt: clock.now(),
        returnTo,
      },
      found,
    );
    redirect(response, request.url, setCookie(session));
  };

  const callback = async (
    request: IncomingMessage,
    response: ServerResponse,
    session: WebSession | undefined,
  ) => {
    // Single use, whatever happens next: taken out of the store in one step, so a replayed callback
    // (here or on another instance) finds nothing.
    const pending = session?.pending ? await sessions.takeSignIn(session.id) : undefined;
    if (!pending || clock.now() - pending.startedAt > SIGN_IN_TTL_MS) {
      return signInFailed(
        response,
        'This sign-in response does not belong to a sign-in started in this browser, or it took too long. Please start again.',
      );
    }
    try {
      const result = await oidc.handleCallback(new URL(request.url ?? '/', origin), pending);
      await tokens.signIn(result.claims.sub, result.tokens);
      // A new id once signed in (no session fixation), kept with the signed-in sessions.
      const signedIn = await sessions.signIn({
        key: result.claims.sub,
        apiBaseUrl: oidc.apiBaseUrl(result.tokens).href,
        claims: result.claims,
      });
      redirect(response, safeReturnTo(pending.returnTo, origin) ?? DEFAULT_RETURN_TO, setCookie(signedIn));
    } catch (error) {
      const code = AuthError.isInstance(error) ? error.code : undefined;
      if (code === 'ERR_OAUTH_ACCESS_DENIED') return send(response, deniedPage(), clearCookie());
      if (code === 'ERR_OAUTH_STATE_MISMATCH' || code === 'ERR_OAUTH_BAD_CALLBACK')
        return signInFailed(
          response,
          'The sign-in response did not match the sign-in this browser started. Please start again.',
          code,
        );
      if (code !== undefined && STORE_DOWN.has(code)) throw error;
      log(`sign-in failed: ${code ?? 'unexpected error'}: ${(error as Error).message}`);
      send(
        response,
        errorPage(502, 'Sign-in failed', 'DocSpace did not complete the sign-in. Please try again.', code),
        clearCookie(),
      );
    }
  };

  const showApi = async (
    response: ServerResponse,
    session: WebSession | undefined,
    hadCookie: boolean,
    which: 'profile' | 'rooms',
    returnTo: string,
  ) => {
    const user = session?.user;
    if (!session || !user) {
      // A cookie whose session is gone (idle timeout, signed out elsewhere) gets the explanation, a
      // newcomer the offer to sign in; either way the sign-in comes back to this page.
      return hadCookie && !session
        ? send(response, expiredPage(returnTo), clearCookie())
        : send(response, signInRequiredPage(returnTo));
    }
    try {
      const docspace = createDocSpaceClient({
        baseUrl: user.apiBaseUrl,
        auth: tokens.forUser(user.key),
        fetch: options.fetch,
      });
      if (which === 'profile') {
        const profile = parseProfile(await docspace.get('/api/2.0/people/@self'));
        return send(response, profilePage({ profile, claims: user.claims, csrfToken: session.csrfToken }));
      }
      const rooms = parseRooms(await docspace.get('/api/2.0/files/rooms'));
      send(response, roomsPage({ rooms, csrfToken: session.csrfToken }));
    } catch (error) {
      const code = AuthError.isInstance(error) ? error.code : undefined;
      if (code !== undefined && EXPIRED.has(code)) {
        await sessions.delete(session.id);
        return send(response, expiredPage(returnTo), clearCookie());
      }
      if (code !== undefined && STORE_DOWN.has(code)) throw error;
      log(`GET /${which} failed: ${code ?? 'unexpected error'}: ${(error as Error).message}`);
      send(
        response,
        errorPage(
          502,
          'DocSpace did not answer',
          'DocSpace could not be reached or answered unexpectedly. Please try again.',
          code,
        ),
      );
    }
  };

  const signOut = async (
    request: IncomingMessage,
    response: ServerResponse,
    session: WebSession | undefined,
  ) => {
    const form = await readForm(request);
    if (!session) return redirect(response, '/', clearCookie());
    if (!constantTimeEqual(form.get('csrf') ?? '', session.csrfToken))
      return send(
        response,
        errorPage(
          403,
          'Sign-out refused',
          'The sign-out form was not sent by this app. Use the Sign out button.',
        ),
      );
    await sessions.delete(session.id);
    if (session.user) {
      try {
        await oidc.discover(); // the revocation endpoint comes from discovery (after a restart too)
        await tokens.signOut(session.user.key); // revokes the refresh and access tokens, forgets them
      } catch (error) {
        log(`revocation failed: ${AuthError.isInstance(error) ? error.code : 'unexpected error'}`);
      }
    }
    redirect(response, '/signed-out', clearCookie());
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', origin);
    const path = url.pathname;
    const cookie = parseCookies(request.headers.cookie).get(cookieName);
    const session = path === '/app.css' ? undefined : await sessions.get(cookie);
    const method = request.method ?? 'GET';
    const get = method === 'GET' || method === 'HEAD';
    if (path === '/signout' && method === 'POST') return signOut(request, response, session);
    if (!get) return send(response, errorPage(405, 'Not allowed', `${method} is not allowed here.`));
    switch (path) {
      case '/':
        return send(
          response,
          homePage({ portal: options.portalUrl, csrfToken: session?.user ? session.csrfToken : undefined }),
        );
      case '/app.css':
        return sendStylesheet(response);
      case '/signin':
        return signIn(request, response, session);
      case '/callback':
        return callback(request, response, session);
      case '/profile':
      case '/rooms':
        return showApi(
          response,
          session,
          cookie !== undefined,
          path === '/profile' ? 'profile' : 'rooms',
          safeReturnTo(path + url.search, origin) ?? path,
        );
      case '/signed-out':
        return send(response, signedOutPage());
      default:
        return send(response, errorPage(404, 'Not found', 'There is no page here.'));
    }
  };

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    route(request, response).catch((error: unknown) => {
      const code = AuthError.isInstance(error) ? error.code : undefined;
      log(
        `${code !== undefined && STORE_DOWN.has(code) ? 'session store' : 'unhandled'}: ${code ?? 'unexpected error'}: ${(error as Error)?.message}`,
      );
      if (response.headersSent) return response.destroy();
      if (code !== undefined && STORE_DOWN.has(code))
        return send(
          response,
          errorPage(
            503,
            'Sessions are unavailable',
            'This app cannot reach its session storage right now. Please try again in a moment.',
            code,
          ),
        );
      send(response, errorPage(500, 'Something went wrong', 'Please try again.'));
    });
  };
  return { handler, redirectUri, sessions };
}
