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

/** What the page frame needs to know about the visitor. */
export interface LayoutOptions {
  /** The page's `<title>` and `<h1>`. */
  readonly title: string;
  /** A stable name for tests and styling: `<main data-page="...">`. */
  readonly page: string;
  /** The CSRF token of a signed-in session: shows the navigation and the sign-out form. */
  readonly csrfToken?: string | undefined;
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
      ? html`<a class="button" href="/signin">Sign in</a>`
      : html`<a href="/profile">Profile</a><a href="/rooms">Rooms</a>
        <form method="post" action="/signout" class="inline">
          <input type="hidden" name="csrf" value="${options.csrfToken}">
          <button type="submit" name="signout">Sign out</button>
        </form>`;
  return `<!doctype html>${
    html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Sign in with DocSpace</title>
<link rel="stylesheet" href="/app.css"></head>
<body><header><a class="brand" href="/">DocSpace <span>sample web app</span></a><nav>${nav}</nav></header>
<main data-page="${options.page}"><h1>${options.title}</h1>${body}</main>
<footer>OpenID Connect code flow with PKCE, nonce and a server-side session · @ds/auth-oidc</footer>
</body></html>`.html
  }\n`;
}

/** The stylesheet, served as `/app.css` so the Content-Security-Policy can forbid inline styles. */
export const STYLESHEET: string = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f5f7fa}
header{display:flex;justify-content:space-between;align-items:center;padding:12px 32px;background:#1e3a5f;color:#fff}
header a{color:#fff;text-decoration:none;margin-left:20px}
.brand{margin-left:0;font-weight:700;font-size:18px}.brand span{font-weight:400;opacity:.75}
nav{display:flex;align-items:center}
main{max-width:760px;margin:40px auto;padding:32px 40px;background:#fff;border-radius:10px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{margin-top:0;font-size:28px}
.button,button{display:inline-block;padding:10px 20px;border:0;border-radius:6px;background:#2b7de9;color:#fff;font:inherit;text-decoration:none;cursor:pointer}
header .button,header button{padding:6px 14px;margin-left:20px;background:#fff;color:#1e3a5f}
form.inline{display:inline}
dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 24px}dt{color:#616e7c}dd{margin:0;word-break:break-all}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:8px;border-bottom:1px solid #e4e7eb}
.notice{padding:12px 16px;border-radius:6px;background:#e6f6ff;color:#035388}
.warning{padding:12px 16px;border-radius:6px;background:#fffbea;color:#8d2b0b}
.muted{color:#616e7c;font-size:14px}
footer{text-align:center;color:#9aa5b1;font-size:13px;margin-bottom:32px}
`;
