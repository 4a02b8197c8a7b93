import type { Profile, Room } from './docspace-data.js';
import { actions, APP_NAME, html, layout } from './html.js';
import { signInLink } from './return-to.js';

/** A rendered page: status code and HTML. */
export interface Page {
  readonly status: number;
  readonly body: string;
}

/**
 * The home page: what the app does and a "Sign in with DocSpace" button.
 *
 * @example
 * ```ts
 * homePage({ portal: 'https://portal.example.com' }).status; // 200
 * ```
 */
export function homePage(input: { portal: string; csrfToken?: string | undefined }): Page {
  const action =
    input.csrfToken === undefined
      ? actions([{ href: '/signin', label: 'Sign in with DocSpace', id: 'signin' }])
      : html`<p class="notice">You are signed in. See your <a href="/profile">profile</a> or your <a href="/rooms">rooms</a>.</p>`;
  return page(
    200,
    { title: APP_NAME, page: 'home', csrfToken: input.csrfToken },
    html`
    <p>This sample signs you in with OpenID Connect (authorization code, PKCE and a nonce), then
    calls the DocSpace API as you. Your tokens never reach the browser: they stay on the server,
    which refreshes them when they expire.</p>
    ${action}
    <p class="muted">Portal: ${input.portal}</p>`,
  );
}

/**
 * The profile page: `GET /api/2.0/people/@self` plus the verified ID token's claims.
 *
 * @example
 * ```ts
 * profilePage({ profile, claims: { sub: profile.id }, csrfToken });
 * ```
 */
export function profilePage(input: {
  profile: Profile;
  claims: Readonly<Record<string, unknown>>;
  csrfToken: string;
}): Page {
  const { profile, claims } = input;
  const row = (label: string, value: unknown) =>
    value === undefined ? html`` : html`<dt>${label}</dt><dd>${value}</dd>`;
  const audience = Array.isArray(claims.aud) ? claims.aud.join(', ') : claims.aud;
  return page(
    200,
    { title: profile.displayName, page: 'profile', csrfToken: input.csrfToken },
    html`
    <p class="muted">From <code>GET /api/2.0/people/@self</code></p>
    <dl id="profile">${row('Name', profile.displayName)}${row('E-mail', profile.email)}${row('User name', profile.userName)}
      ${row('Role', profile.role)}${row('User id', profile.id)}${row('Registered', profile.registrationDate)}</dl>
    <h2>Verified ID token</h2>
    <dl id="claims">${row('Subject (sub)', claims.sub)}${row('Issuer (iss)', claims.iss)}
      ${row('Authorized party (azp)', claims.azp)}${row('Audience (aud)', audience)}</dl>`,
  );
}

/**
 * The rooms page: `GET /api/2.0/files/rooms`, called with a token that is refreshed as needed.
 *
 * @example
 * ```ts
 * roomsPage({ rooms: [{ id: 1, title: 'Contracts', type: 'Collaboration' }], csrfToken });
 * ```
 */
export function roomsPage(input: { rooms: Room[]; csrfToken: string }): Page {
  const body =
    input.rooms.length === 0
      ? html`<p id="rooms">You have no rooms yet.</p>`
      : html`<table id="rooms"><thead><tr><th>Room</th><th>Type</th><th>Id</th></tr></thead><tbody>
        ${input.rooms.map((room) => html`<tr><td>${room.title}</td><td>${room.type}</td><td>${room.id}</td></tr>`)}
        </tbody></table>`;
  return page(
    200,
    { title: 'Your rooms', page: 'rooms', csrfToken: input.csrfToken },
    html`
    <p class="muted">From <code>GET /api/2.0/files/rooms</code>. The access token lasts an hour; the
    server refreshes it before it expires, so this page keeps working.</p>${body}`,
  );
}

/**
 * The page after DocSpace reported `access_denied`: the user declined on the consent page.
 *
 * @example
 * ```ts
 * deniedPage().status; // 403
 * ```
 */
export function deniedPage(): Page {
  return page(
    403,
    { title: 'You declined access', page: 'denied' },
    html`
    <p class="warning">You chose not to let this app use your DocSpace account, so you are not signed in.
    Nothing was shared with the app.</p>
    <p>Changed your mind?</p>${actions([
      { href: '/signin', label: 'Try again' },
      { href: '/', label: 'Home' },
    ])}`,
  );
}

/**
 * The page for a session whose tokens are gone (signed out elsewhere, refresh token expired or revoked).
 * "Sign in again" comes back to `returnTo` (the page that was asked for).
 *
 * @example
 * ```ts
 * expiredPage('/rooms').status; // 401
 * ```
 */
export function expiredPage(returnTo?: string | undefined): Page {
  const signIn = signInLink(returnTo);
  return page(
    401,
    { title: 'Your session expired', page: 'expired', signInHref: signIn },
    html`
    <p class="warning">Your session expired, sign in again. DocSpace no longer accepts this app's
    sign-in for you (it ended, was revoked, or you signed out in another window).</p>${actions([
      { href: signIn, label: 'Sign in again', id: 'signin' },
      { href: '/', label: 'Home' },
    ])}`,
  );
}

/**
 * The page a signed-out visitor gets for a page that needs a signed-in user (`/profile`, `/rooms`):
 * a sign-in button that comes back to that page afterwards.
 *
 * @example
 * ```ts
 * signInRequiredPage('/rooms').status; // 401
 * ```
 */
export function signInRequiredPage(returnTo: string): Page {
  const signIn = signInLink(returnTo);
  const what = returnTo.startsWith('/rooms') ? 'your rooms' : 'your profile';
  return page(
    401,
    { title: 'Sign in to continue', page: 'signin-required', signInHref: signIn },
    html`
    <p>Sign in with your DocSpace account to see ${what}. You will come back to this page afterwards.</p>
    ${actions([
      { href: signIn, label: 'Sign in with DocSpace', id: 'signin' },
      { href: '/', label: 'Home' },
    ])}`,
  );
}

/**
 * The page after sign-out: the tokens were revoked at DocSpace and the session deleted.
 *
 * @example
 * ```ts
 * signedOutPage().status; // 200
 * ```
 */
export function signedOutPage(): Page {
  return page(
    200,
    { title: 'You are signed out', page: 'signed-out' },
    html`
    <p class="notice">Your DocSpace tokens were revoked and this app's session was deleted.</p>
    ${actions([
      { href: '/signin', label: 'Sign in again', id: 'signin' },
      { href: '/', label: 'Home' },
    ])}`,
  );
}

/**
 * Any other failure: a short explanation and, when useful, an error code for the logs.
 *
 * @example
 * ```ts
 * errorPage(400, 'Sign-in failed', 'The sign-in response did not match this browser.').status; // 400
 * ```
 */
export function errorPage(status: number, title: string, message: string, code?: string): Page {
  return page(
    status,
    { title, page: 'error' },
    html`<p class="warning">${message}</p>
    ${code === undefined ? '' : html`<p class="muted">Error code: <code>${code}</code></p>`}
    ${actions([{ href: '/', label: 'Home' }])}`,
  );
}

function page(status: number, options: Parameters<typeof layout>[0], body: ReturnType<typeof html>): Page {
  return { status, body: layout(options, body) };
}
