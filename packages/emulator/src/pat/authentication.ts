import { formatUtc, MIN_DATE_TIME } from '../server/dates.js';
import {
  cookies,
  type Exchange,
  field,
  parseBody,
  sendEnvelope,
  sendError,
  stringField,
} from '../server/http.js';
import {
  AUTH_FAILED,
  checkCredentials,
  checkSecondFactor,
  confirmUrl,
  phoneNoise,
  sendSms,
  startSession,
} from './login-rules.js';
import type { Principal } from '../api/schemes.js';
import { findSession } from '../api/schemes.js';
import type { UserRecord } from '../state/emulator-state.js';

function credentials(ex: Exchange) {
  const body = parseBody(ex);
  const session = field(body, 'session');
  return {
    body,
    userName: stringField(body, 'userName'),
    password: stringField(body, 'password'),
    passwordHash: stringField(body, 'passwordHash'),
    session: session === true || session === 'true',
    ip: ex.ip,
  };
}

function sendToken(
  ex: Exchange,
  user: UserRecord,
  session: boolean,
  extra: Record<string, unknown>,
): undefined {
  const started = startSession(ex, user, session);
  ex.res.setHeader('Set-Cookie', started.setCookie);
  const expires =
    session || started.session.expiresAt === null ? MIN_DATE_TIME : formatUtc(started.session.expiresAt);
  sendEnvelope(ex, { token: started.session.token, expires, sms: false, tfa: false, ...extra });
}

/** The 2FA challenge `POST /authentication` answers instead of a token (docs/docspace-behaviour.md §3.1). */
function challenge(ex: Exchange, user: UserRecord): Record<string, unknown> | null {
  const ctx = ex.ctx;
  if (user.tfa === 'sms') {
    const expiresAt = sendSms(ctx, user);
    return {
      expires: formatUtc(expiresAt),
      sms: true,
      phoneNoise: phoneNoise(user.phone!),
      tfa: false,
      confirmUrl: confirmUrl(ctx, 'PhoneAuth', user.email),
    };
  }
  if (user.tfa === 'app')
    return {
      expires: MIN_DATE_TIME,
      sms: false,
      tfa: true,
      confirmUrl: confirmUrl(ctx, 'TfaAuth', user.email),
    };
  if (user.tfa === 'app-setup') {
    ex.res.setHeader(
      'Set-Cookie',
      `asc_confirm_key_TfaActivation=${Date.now().toString(36)}; path=/; httponly`,
    );
    return {
      expires: MIN_DATE_TIME,
      sms: false,
      tfa: true,
      tfaKey: user.totpSecret,
      confirmUrl: confirmUrl(ctx, 'TfaActivation', user.email),
    };
  }
  return null;
}

/** `POST /api/2.0/authentication`: log in, or answer the 2FA challenge. */
export async function login(ex: Exchange): Promise<void> {
  const input = credentials(ex);
  const checked = await checkCredentials(ex.ctx, input, ex.ctx.hashParams);
  if (!checked.ok) return sendError(ex, checked.status, checked.message, checked.exception);
  const pending = challenge(ex, checked.user);
  if (pending) return sendEnvelope(ex, pending);
  sendToken(ex, checked.user, input.session, {});
}

/** `POST /api/2.0/authentication/{code}`: credentials plus code; every failure is 401. */
export async function loginWithCode(ex: Exchange): Promise<void> {
  const input = credentials(ex);
  const code = stringField(input.body, 'code') ?? ex.params.code ?? '';
  const checked = await checkCredentials(ex.ctx, input, ex.ctx.hashParams);
  if (!checked.ok) return sendError(ex, checked.status, checked.message, checked.exception);
  const user = checked.user;
  if (user.tfa === 'none' || !checkSecondFactor(ex.ctx, user, code)) return sendError(ex, 401, AUTH_FAILED);
  const extra = user.tfa === 'sms' ? { sms: true, phoneNoise: phoneNoise(user.phone!) } : { tfa: true };
  sendToken(ex, user, input.session, extra);
}

/** `POST /api/2.0/authentication/sendsms`: resend the SMS code. */
export async function resendSms(ex: Exchange): Promise<void> {
  const input = credentials(ex);
  const checked = await checkCredentials(ex.ctx, input, ex.ctx.hashParams);
  if (!checked.ok) return sendError(ex, checked.status, checked.message, checked.exception);
  if (checked.user.tfa !== 'sms') return sendError(ex, 401, AUTH_FAILED);
  sendEnvelope(ex, challenge(ex, checked.user));
}

/** `GET /api/2.0/authentication`: is the current credential authenticated? */
export function isAuthenticated(ex: Exchange, principal: Principal | null): undefined {
  sendEnvelope(ex, principal !== null);
}

/** `POST /api/2.0/authentication/logout`: revokes only a token that came as the `asc_auth_key` cookie. */
export function logout(ex: Exchange): undefined {
  const cookie = cookies(ex.req).get('asc_auth_key');
  if (cookie) {
    const session = findSession(ex.ctx, cookie);
    if (session) session.active = false;
    ex.res.setHeader('Set-Cookie', 'asc_auth_key=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/');
  }
  sendEnvelope(ex, null);
}
