/** Input of `emulator.authorize()`. */
export interface AuthorizeInput {
  email: string;
  password: string;
  /** What to click on the consent page (default `allow`). */
  consent?: 'allow' | 'deny';
  /** Second-factor code; default: the current TOTP or the last SMS code of the user. */
  code?: string;
}

function decodeEntities(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`emulator page has no "${name}" field`);
  return decodeEntities(match[1]!);
}

/**
 * Performs the browser dance over real HTTP: GET authorize, follow to the login form, POST it (and the
 * 2FA code), POST the consent form, and return the final redirect URL without following it.
 */
export async function authorizeOverHttp(
  portalUrl: string,
  authorizationUrl: string,
  input: AuthorizeInput,
  secondFactor: () => string | undefined,
): Promise<string> {
  const jar = new Map<string, string>();
  let next: { url: string; method: 'GET' | 'POST'; form?: Record<string, string> } = {
    url: authorizationUrl,
    method: 'GET',
  };
  const steps = new Set<string>();
  for (let hop = 0; hop < 12; hop++) {
    const headers: Record<string, string> = {};
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    if (next.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(next.url, {
      method: next.method,
      headers,
      redirect: 'manual',
      ...(next.form ? { body: new URLSearchParams(next.form).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, next.url).href;
      // Return the Location exactly as sent (the real server does not encode `state`).
      if (!target.startsWith(portalUrl + '/') || /[?&]error=/.test(new URL(target).search))
        return /^[a-z][a-z0-9+.-]*:/i.test(location) ? location : target;
      next = { url: target, method: 'GET' };
      continue;
    }
    const html = await response.text();
    if (html.includes('id="consent-form"')) {
      next = {
        url: `${portalUrl}/oauth2/authorize`,
        method: 'POST',
        form: { consent_id: hidden(html, 'consent_id'), action: input.consent ?? 'allow' },
      };
    } else if (html.includes('id="code-form"')) {
      if (steps.has('code')) throw new Error('emulator.authorize: the second-factor code was rejected');
      steps.add('code');
      const code = input.code ?? secondFactor();
      if (!code) throw new Error('emulator.authorize: the user has 2FA and no code is available');
      next = {
        url: `${portalUrl}/login/code`,
        method: 'POST',
        form: { pending_id: hidden(html, 'pending_id'), code },
      };
    } else if (html.includes('id="login-form"')) {
      if (steps.has('login')) {
        const message = /id="error"[^>]*>([^<]*)</.exec(html)?.[1];
        throw new Error(
          `emulator.authorize: login failed (${decodeEntities(message ?? String(response.status))})`,
        );
      }
      steps.add('login');
      next = {
        url: `${portalUrl}/login`,
        method: 'POST',
        form: { email: input.email, password: input.password, return_to: hidden(html, 'return_to') },
      };
    } else {
      throw new Error(
        `emulator.authorize: unexpected response ${response.status} from ${new URL(next.url).pathname}`,
      );
    }
  }
  throw new Error('emulator.authorize: too many redirects');
}
