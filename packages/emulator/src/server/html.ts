/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const SITE = 'DocSpace emulator';

// One inline stylesheet (no external assets: the pages work offline and in any test), in the colours of
// the sample web app so a demo looks like one product. Contrast of text on its background is >= 4.5:1.
const STYLE = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f5f7fa}
header{display:flex;align-items:center;gap:12px;padding:12px 32px;background:#1e3a5f;color:#fff}
.brand{font-weight:700;font-size:18px}.badge{font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;padding:2px 8px;border-radius:999px;background:#f7c948;color:#1e3a5f}
main{max-width:440px;margin:48px auto;padding:32px;background:#fff;border-radius:10px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{margin:0 0 16px;font-size:24px;line-height:1.3}
p{margin:0 0 16px}
label{display:block;margin:16px 0 6px;font-weight:600;font-size:14px}
input{display:block;width:100%;padding:10px 12px;border:1px solid #9aa5b1;border-radius:6px;font:inherit;color:inherit;background:#fff}
input:focus{outline:3px solid #b3d4fc;outline-offset:0;border-color:#2b7de9}
button{display:block;width:100%;margin-top:24px;padding:10px 20px;border:1px solid #2b7de9;border-radius:6px;background:#2b7de9;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#1b64c8;border-color:#1b64c8}
button.secondary{background:#fff;color:#1e3a5f;border-color:#9aa5b1}
button.secondary:hover{background:#f0f4f8}
button:focus-visible{outline:3px solid #f7c948;outline-offset:2px}
.row{display:flex;gap:12px}.row button{flex:1}
.lead{color:#52606d}
.error{padding:12px 16px;border-radius:6px;background:#fff0f0;color:#a61b1b}
code{font-size:14px;background:#f0f4f8;padding:1px 5px;border-radius:4px;word-break:break-all}
.scopes{list-style:none;margin:0 0 8px;padding:0;border:1px solid #e4e7eb;border-radius:8px}
.scopes li{padding:10px 14px;border-top:1px solid #e4e7eb}.scopes li:first-child{border-top:0}
.scopes small{display:block;color:#52606d;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
footer{text-align:center;color:#616e7c;font-size:13px;margin:0 16px 32px}
@media (max-width:520px){header{padding:12px 16px}main{margin:16px;padding:24px 20px}}`;

function page(title: string, body: string): string {
  const fullTitle = title === SITE ? SITE : `${title} · ${SITE}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(fullTitle)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body><header><span class="brand">ONLYOFFICE DocSpace</span><span class="badge">emulator</span></header>
<main><h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer>A local DocSpace emulator for development and tests: not a real portal.</footer>
</body></html>`;
}

function errorLine(error: string | undefined): string {
  return error ? `<p class="error" id="error" role="alert">${escapeHtml(error)}</p>` : '';
}

/** The DocSpace login form (`input[name=email]`, `input[name=password]`, `button[type=submit]`). */
export function loginPage(options: {
  returnTo: string;
  clientName?: string;
  error?: string;
  email?: string;
}): string {
  return page(
    'Sign in to DocSpace',
    `${options.clientName ? `<p class="lead" id="client-name">to continue to <strong>${escapeHtml(options.clientName)}</strong></p>` : ''}
${errorLine(options.error)}
<form id="login-form" method="post" action="/login">
<input type="hidden" name="return_to" value="${escapeHtml(options.returnTo)}">
<label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="login" name="action" value="login" type="submit">Sign in</button>
</form>`,
  );
}

/** The second step when the user has 2FA (`input[name=code]`). */
export function codePage(options: { pendingId: string; kind: 'app' | 'sms'; error?: string }): string {
  const hint =
    options.kind === 'sms' ? 'Enter the code sent by SMS' : 'Enter the code from your authenticator app';
  return page(
    'Two-factor authentication',
    `<p class="lead" id="hint">${hint}</p>
${errorLine(options.error)}
<form id="code-form" method="post" action="/login/code">
<input type="hidden" name="pending_id" value="${escapeHtml(options.pendingId)}">
<label for="code">Code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button id="verify" name="action" value="verify" type="submit">Verify</button>
</form>`,
  );
}

/** What each scope lets an app do, in the words of a consent screen. */
const SCOPE_TEXT: Readonly<Record<string, string>> = {
  openid: 'Know who you are (your DocSpace user id)',
  'accounts.self:read': 'Read your profile',
  'accounts.self:write': 'Change your profile',
  'accounts:read': 'See the people of this portal',
  'accounts:write': 'Manage the people of this portal',
  'files:read': 'Read your files and folders',
  'files:write': 'Create, change and delete your files and folders',
  'rooms:read': 'See your rooms',
  'rooms:write': 'Create and manage your rooms',
};

/** The consent page: app name, scopes, and Allow/Deny (`button[name=action][value=allow|deny]`). */
export function consentPage(options: {
  consentId: string;
  clientName: string;
  clientId: string;
  scopes: string[];
  email: string;
}): string {
  const items = options.scopes
    .map((scope) => {
      const text = SCOPE_TEXT[scope];
      return `<li data-scope="${escapeHtml(scope)}">${text ? `${escapeHtml(text)}<small>${escapeHtml(scope)}</small>` : escapeHtml(scope)}</li>`;
    })
    .join('');
  return page(
    'Authorize access',
    `<p><strong id="client-name">${escapeHtml(options.clientName)}</strong> wants to access your DocSpace account
<strong id="user-email">${escapeHtml(options.email)}</strong>. It will be able to:</p>
<ul class="scopes" id="scopes">${items}</ul>
<p class="lead">App id: <code id="client-id">${escapeHtml(options.clientId)}</code></p>
<form id="consent-form" method="post" action="/oauth2/authorize">
<input type="hidden" name="consent_id" value="${escapeHtml(options.consentId)}">
<div class="row">
<button id="allow" name="action" value="allow" type="submit">Allow</button>
<button id="deny" class="secondary" name="action" value="deny" type="submit">Deny</button>
</div>
</form>`,
  );
}

/** The page `/login?type=oauth2&client_id=…&error=…` shows for client errors. */
export function errorPage(code: string, clientId: string): string {
  return page(
    'Authorization error',
    `<p class="error" id="error" data-error="${escapeHtml(code)}">${escapeHtml(code)}</p>
<p>DocSpace refused the app's authorization request, so it cannot continue. The app's developer can fix
this in its OAuth settings.</p>
<p class="lead">App id: <code id="client-id">${escapeHtml(clientId)}</code></p>`,
  );
}

/** A plain page for `/` and `/connect/logout`. */
export function infoPage(title: string, text: string): string {
  return page(title, `<p>${escapeHtml(text)}</p>`);
}
