const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values. Every value that reaches a
 * page goes through this (names and room titles come from DocSpace users, not from us).
 *
 * @example
 * ```ts
 * escapeHtml('<b>"Tom & Jerry"</b>'); // '&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** HTML that is already safe (built from escaped parts). */
export interface SafeHtml {
  readonly html: string;
}

/**
 * A tagged template that escapes every interpolated value unless it is {@link SafeHtml}
 * (another `html` result) or an array of them.
 *
 * @example
 * ```ts
 * html`<p>${'<script>'}</p>`.html; // '<p>&lt;script&gt;</p>'
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return { html: out };
}

function render(value: unknown): string {
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object' && value !== null && 'html' in value) return String((value as SafeHtml).html);
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

/** The app's name: the `<title>` of the home page and the suffix of every other page's. */
export const APP_NAME = 'Sign in with DocSpace';

/** What the page frame needs to know about the visitor. */
export interface LayoutOptions {
  /** The page's `<h1>`; the `<title>` is "{title} · Sign in with DocSpace" (the name alone on the home page). */
  readonly title: string;
  /** A stable name for tests and styling: `<main data-page="...">`. */
  readonly page: string;
  /** The CSRF token of a signed-in session: shows the navigation and the sign-out form. */
  readonly csrfToken?: string | undefined;
  /** Where the header's "Sign in" goes when signed out (with a return-to path). Default `/signin`. */
  readonly signInHref?: string | undefined;
}

/**
 * Wraps a page body in the document frame (navigation, sign-out form when signed in).
 *
 * @example
 * ```ts
 * layout({ title: 'Home', page: 'home' }, html`<p>Hello</p>`);
 * ```
 */
export function layout(options: LayoutOptions, body: SafeHtml): string {
  const nav =
    options.csrfToken === undefined
      ? html`<a class="button" href="${options.signInHref ?? '/signin'}">Sign in</a>`
      : html`<a href="/profile">Profile</a><a href="/rooms">Rooms</a>
        <form method="post" action="/signout" class="inline">
          <input type="hidden" name="csrf" value="${options.csrfToken}">
          <button type="submit" name="signout">Sign out</button>
        </form>`;
  const title = options.title === APP_NAME ? APP_NAME : `${options.title} · ${APP_NAME}`;
  return `<!doctype html>${
    html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/app.css"></head>
<body><header><a class="brand" href="/">DocSpace <span>sample web app</span></a><nav aria-label="Main">${nav}</nav></header>
<main data-page="${options.page}"><h1>${options.title}</h1>${body}</main>
<footer>OpenID Connect code flow with PKCE, nonce and a server-side session · @ds/auth-oidc</footer>
</body></html>`.html
  }\n`;
}

/**
 * A row of buttons with space between them: the first is the main action, the others are secondary.
 *
 * @example
 * ```ts
 * actions([{ href: '/signin', label: 'Sign in again' }, { href: '/', label: 'Home' }]);
 * ```
 */
export function actions(links: ReadonlyArray<{ href: string; label: string; id?: string }>): SafeHtml {
  return html`<p class="actions">${links.map(
    (link, index) =>
      html`<a class="${index === 0 ? 'button' : 'button secondary'}" href="${link.href}"${
        link.id === undefined ? '' : html` id="${link.id}"`
      }>${link.label}</a>`,
  )}</p>`;
}

/** The stylesheet, served as `/app.css` so the Content-Security-Policy can forbid inline styles. */
export const STYLESHEET: string = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f5f7fa}
header{display:flex;flex-wrap:wrap;gap:12px;justify-content:space-between;align-items:center;padding:12px 32px;background:#1e3a5f;color:#fff}
header a{color:#fff;text-decoration:none}
header a:hover{text-decoration:underline}
.brand{font-weight:700;font-size:18px}.brand span{font-weight:400;opacity:.8}
nav{display:flex;flex-wrap:wrap;align-items:center;gap:20px}
main{max-width:760px;margin:40px auto;padding:32px 40px;background:#fff;border-radius:10px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{margin-top:0;font-size:28px;line-height:1.25}
h2{font-size:20px;margin-top:32px}
a{color:#1b64c8}
.button,button{display:inline-block;padding:10px 20px;border:1px solid #2b7de9;border-radius:6px;background:#2b7de9;color:#fff;font:inherit;line-height:1.5;text-decoration:none;cursor:pointer}
.button:hover,button:hover{background:#1b64c8;border-color:#1b64c8;text-decoration:none}
.button.secondary{background:#fff;color:#1e3a5f;border-color:#cbd2d9}
.button.secondary:hover{background:#f0f4f8}
header .button,header button{padding:6px 14px;background:#fff;color:#1e3a5f;border-color:#fff}
header .button:hover,header button:hover{background:#e4e7eb;border-color:#e4e7eb;text-decoration:none}
a:focus-visible,button:focus-visible{outline:3px solid #f7c948;outline-offset:2px}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin:24px 0 0}
form.inline{display:inline}
dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 24px}dt{color:#52606d}dd{margin:0;word-break:break-all}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:8px;border-bottom:1px solid #e4e7eb}
th{color:#52606d;font-weight:600}
code{font-size:14px;background:#f0f4f8;padding:1px 5px;border-radius:4px}
.notice{padding:12px 16px;border-radius:6px;background:#e6f6ff;color:#035388}
.warning{padding:12px 16px;border-radius:6px;background:#fffbea;color:#8d2b0b}
.muted{color:#52606d;font-size:14px}
footer{text-align:center;color:#616e7c;font-size:13px;margin:0 16px 32px}
@media (max-width:600px){header{padding:12px 16px}main{margin:16px;padding:24px 20px}}
`;
