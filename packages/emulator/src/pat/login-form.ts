import { codePage, errorPage, loginPage } from '../server/html.js';
import { type Exchange, parseBody, redirect, sendHtml } from '../server/http.js';
import { guid } from '../state/ids.js';
import { checkSecondFactor, checkCredentials, sendSms, startSession } from './login-rules.js';

function safeReturnTo(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  return text.startsWith('/oauth2/authorize') ? text : '/';
}

/** `GET /login`: the DocSpace login page (with `error`, the OAuth error page). */
export function loginForm(ex: Exchange): undefined {
  const query = ex.url.searchParams;
  const error = query.get('error');
  if (error) return sendHtml(ex, 200, errorPage(error, query.get('client_id') ?? 'unknown'));
  const clientId = query.get('client_id');
  const client = clientId ? ex.ctx.state.client(clientId) : undefined;
  sendHtml(
    ex,
    200,
    loginPage({
      returnTo: safeReturnTo(query.get('return_to')),
      ...(client ? { clientName: client.name } : {}),
    }),
  );
}

/** `POST /login`: a real PAT login; on success sets `asc_auth_key` and goes back to authorize. */
export async function loginSubmit(ex: Exchange): Promise<void> {
  const body = parseBody(ex);
  const returnTo = safeReturnTo(body.return_to);
  const email = typeof body.email === 'string' ? body.email : '';
  const checked = await checkCredentials(
    ex.ctx,
    { userName: email, password: typeof body.password === 'string' ? body.password : '', ip: ex.ip },
    ex.ctx.hashParams,
  );
  if (!checked.ok)
    return sendHtml(ex, checked.status, loginPage({ returnTo, error: checked.message, email }));
  const user = checked.user;
  if (user.tfa !== 'none') {
    const pendingId = guid();
    ex.ctx.state.pendingLogins.set(pendingId, {
      userId: user.id,
      returnTo,
      expiresAt: ex.ctx.clock.now() + 10 * 60_000,
    });
    if (user.tfa === 'sms') sendSms(ex.ctx, user);
    return sendHtml(ex, 200, codePage({ pendingId, kind: user.tfa === 'sms' ? 'sms' : 'app' }));
  }
  const { setCookie } = startSession(ex, user, true);
  redirect(ex, ex.ctx.url + returnTo, { 'Set-Cookie': setCookie });
}

/** `POST /login/code`: the second factor of the HTML login. */
export function loginCodeSubmit(ex: Exchange): undefined {
  const body = parseBody(ex);
  const pendingId = typeof body.pending_id === 'string' ? body.pending_id : '';
  const pending = ex.ctx.state.pendingLogins.get(pendingId);
  const user = pending ? ex.ctx.state.userById(pending.userId) : undefined;
  if (!pending || !user || pending.expiresAt <= ex.ctx.clock.now())
    return sendHtml(ex, 401, loginPage({ returnTo: '/', error: 'User authentication failed' }));
  const kind = user.tfa === 'sms' ? 'sms' : 'app';
  if (!checkSecondFactor(ex.ctx, user, typeof body.code === 'string' ? body.code : ''))
    return sendHtml(ex, 401, codePage({ pendingId, kind, error: 'User authentication failed' }));
  ex.ctx.state.pendingLogins.delete(pendingId);
  const { setCookie } = startSession(ex, user, true);
  redirect(ex, ex.ctx.url + pending.returnTo, { 'Set-Cookie': setCookie });
}
