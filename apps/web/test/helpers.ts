import { startWebServer, type RunningWebServer } from '../src/index.js';

export const ADMIN = { email: 'admin@docspace.test', password: 'Admin-pass-1' } as const;
export const HOUR = 3_600_000;

/** The web app with an in-process emulator on a manual clock (shared by both) and no rate limit. */
export function startTestServer(): Promise<
  RunningWebServer & { emulator: NonNullable<RunningWebServer['emulator']> }
> {
  return startWebServer({
    env: {},
    port: 0,
    emulator: { clock: 'manual', rateLimit: false },
  }) as Promise<RunningWebServer & { emulator: NonNullable<RunningWebServer['emulator']> }>;
}

/** One response, redirects not followed. */
export interface Visit {
  status: number;
  location: string | null;
  setCookie: string | null;
  body: string;
  headers: Headers;
}

/** A request as a browser would send it, with the given session cookie value. */
export async function visit(
  url: string,
  options: { cookie?: string | undefined; method?: string; form?: Record<string, string> } = {},
): Promise<Visit> {
  const headers: Record<string, string> = {};
  if (options.cookie !== undefined) headers.cookie = `sid=${options.cookie}`;
  if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(url, {
    method: options.method ?? (options.form ? 'POST' : 'GET'),
    headers,
    redirect: 'manual',
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    setCookie: response.headers.get('set-cookie'),
    body: await response.text(),
    headers: response.headers,
  };
}

/** The session id in a `Set-Cookie: sid=...` header. */
export function sessionId(setCookie: string | null): string {
  const match = /^sid=([^;]*)/.exec(setCookie ?? '');
  if (!match?.[1]) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  return match[1];
}

/** The CSRF token of the sign-out form on a page. */
export function csrfToken(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no sign-out form on the page');
  return match[1];
}

/** Signs in over HTTP (the emulator plays the browser on its pages) and returns the signed-in session id. */
export async function signIn(server: Awaited<ReturnType<typeof startTestServer>>): Promise<string> {
  const start = await visit(`${server.url}/signin`);
  const before = sessionId(start.setCookie);
  const callback = await server.emulator.authorize(String(start.location), { ...ADMIN, consent: 'allow' });
  const done = await visit(callback, { cookie: before });
  if (done.status !== 303 || done.location !== '/profile')
    throw new Error(`sign-in ended with ${done.status}`);
  return sessionId(done.setCookie);
}
