/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label,input,button{display:block;width:100%;margin:.4rem 0}input,button{padding:.5rem;font-size:1rem}
.error{color:#b00020}.scopes li{margin:.2rem 0}.row{display:flex;gap:.5rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
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
    `${options.clientName ? `<p id="client-name">to continue to <strong>${escapeHtml(options.clientName)}</strong></p>` : ''}
${options.error ? `<p class="error" id="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
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
    `<p id="hint">${hint}</p>
${options.error ? `<p class="error" id="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form id="code-form" method="post" action="/login/code">
<input type="hidden" name="pending_id" value="${escapeHtml(options.pendingId)}">
<label for="code">Code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button id="verify" name="action" value="verify" type="submit">Verify</button>
</form>`,
  );
}

/** The consent page: app name, scopes, and Allow/Deny (`button[name=action][value=allow|deny]`). */
export function consentPage(options: {
  consentId: string;
  clientName: string;
  clientId: string;
  scopes: string[];
  email: string;
}): string {
  const items = options.scopes
    .map((scope) => `<li data-scope="${escapeHtml(scope)}">${escapeHtml(scope)}</li>`)
    .join('');
  return page(
    'Authorize access',
    `<p><strong id="client-name">${escapeHtml(options.clientName)}</strong> (<code id="client-id">${escapeHtml(options.clientId)}</code>)
wants to access your DocSpace account <span id="user-email">${escapeHtml(options.email)}</span>:</p>
<ul class="scopes" id="scopes">${items}</ul>
<form id="consent-form" method="post" action="/oauth2/authorize">
<input type="hidden" name="consent_id" value="${escapeHtml(options.consentId)}">
<div class="row">
<button id="allow" name="action" value="allow" type="submit">Allow</button>
<button id="deny" name="action" value="deny" type="submit">Deny</button>
</div>
</form>`,
  );
}

/** The page `/login?type=oauth2&client_id=…&error=…` shows for client errors. */
export function errorPage(code: string, clientId: string): string {
  return page(
    'Authorization error',
    `<p class="error" id="error" data-error="${escapeHtml(code)}">${escapeHtml(code)}</p>
<p>Client: <code id="client-id">${escapeHtml(clientId)}</code></p>`,
  );
}

/** A plain page for `/` and `/connect/logout`. */
export function infoPage(title: string, text: string): string {
  return page(title, `<p>${escapeHtml(text)}</p>`);
}
