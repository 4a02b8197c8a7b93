import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import type { EmulatorContext } from '../state/emulator-context.js';
import { EXCEPTIONS, type Exchange } from '../server/http.js';
import { randomBase64Url } from '../state/ids.js';
import type { SessionRecord, UserRecord } from '../state/emulator-state.js';
import { verifyTotp } from './totp.js';

const pbkdf2Async = promisify(pbkdf2);

/** The `passwordHash` parameters `GET /api/2.0/settings` publishes. */
export interface PasswordHashParams {
  size: number;
  iterations: number;
  salt: string;
}

/** Result of checking login credentials. */
export type CredentialCheck =
  | { ok: true; user: UserRecord }
  | { ok: false; status: 401 | 403; message: string; exception?: { type: string; hresult: number } };

/** 401 message of every credential or 2FA failure. */
export const AUTH_FAILED = 'User authentication failed';
/** 403 message of the brute-force block (not a 429). */
export const TOO_MANY_ATTEMPTS = 'Too many login attempts. Please try again later';
/** 403 message for a disabled user. */
export const USER_DISABLED = 'User disabled';

const hashCache = new WeakMap<UserRecord, { password: string; hash: string }>();

/** PBKDF2-HMAC-SHA256(password, UTF8(salt), iterations, size/8) as lowercase hex (PasswordHasher.cs). */
export async function passwordHash(password: string, params: PasswordHashParams): Promise<string> {
  const bytes = await pbkdf2Async(
    password,
    Buffer.from(params.salt, 'utf8'),
    params.iterations,
    params.size / 8,
    'sha256',
  );
  return bytes.toString('hex');
}

async function userHash(user: UserRecord, params: PasswordHashParams): Promise<string> {
  const cached = hashCache.get(user);
  if (cached && cached.password === user.password) return cached.hash;
  const hash = await passwordHash(user.password, params);
  hashCache.set(user, { password: user.password, hash });
  return hash;
}

/**
 * Checks `userName` + `password`/`passwordHash` under the brute-force counter (per login + IP):
 * more than `attemptCount` attempts within the period blocks for `blockTimeSeconds` with a 403.
 */
export async function checkCredentials(
  ctx: EmulatorContext,
  input: { userName?: string; password?: string; passwordHash?: string; ip: string },
  hashParams: PasswordHashParams,
): Promise<CredentialCheck> {
  const login = (input.userName ?? '').trim().toLowerCase();
  if (login === '') return fail(ctx, 401, AUTH_FAILED);
  const now = ctx.clock.now();
  const key = `${login}|${input.ip}`;
  const entry = ctx.state.bruteForce.get(key) ?? { history: [], blockedUntil: 0 };
  ctx.state.bruteForce.set(key, entry);
  if (entry.blockedUntil > now) return fail(ctx, 403, TOO_MANY_ATTEMPTS);
  entry.history = entry.history.filter((time) => time > now - ctx.options.checkPeriodSeconds * 1000);
  entry.history.push(now);
  if (entry.history.length > ctx.options.attemptCount) {
    entry.blockedUntil = now + ctx.options.blockTimeSeconds * 1000;
    entry.history = [];
    return fail(ctx, 403, TOO_MANY_ATTEMPTS);
  }
  const user = ctx.state.userByEmail(login);
  let valid = false;
  if (user && input.password !== undefined && input.password !== '') valid = input.password === user.password;
  else if (user && input.passwordHash)
    valid = input.passwordHash.toLowerCase() === (await userHash(user, hashParams));
  if (!user || !valid) return fail(ctx, 401, AUTH_FAILED);
  entry.history.pop();
  // AuthenticationController throws InvalidOperationException: 403 with type and stack filled.
  if (user.disabled) return { ...fail(ctx, 403, USER_DISABLED), exception: EXCEPTIONS.invalidOperation };
  return { ok: true, user };
}

function fail(
  ctx: EmulatorContext,
  status: 401 | 403,
  message: string,
): { ok: false; status: 401 | 403; message: string } {
  ctx.state.stats.loginFailures++;
  return { ok: false, status, message };
}

/** Checks a second-factor code (TOTP, unused backup code, or the pending SMS code) under the 5/min TFA counter. */
export function checkSecondFactor(ctx: EmulatorContext, user: UserRecord, code: string): boolean {
  const now = ctx.clock.now();
  const failures = (ctx.state.tfaFailures.get(user.id) ?? []).filter((time) => time > now - 60_000);
  ctx.state.tfaFailures.set(user.id, failures);
  if (failures.length >= 5) return false;
  const trimmed = code.trim();
  let valid = false;
  if ((user.tfa === 'app' || user.tfa === 'app-setup') && user.totpSecret) {
    valid = /^\d{6}$/.test(trimmed) && verifyTotp(user.totpSecret, trimmed, now);
    const backup = trimmed.toUpperCase();
    if (!valid && user.backupCodes.includes(backup) && !user.usedBackupCodes.has(backup)) {
      user.usedBackupCodes.add(backup);
      valid = true;
    }
    if (valid && user.tfa === 'app-setup') user.tfa = 'app';
  } else if (user.tfa === 'sms') {
    const sms = ctx.state.smsCodes.get(user.id);
    valid = !!sms && sms.expiresAt > now && sms.code === trimmed;
    if (valid) ctx.state.smsCodes.delete(user.id);
  }
  if (!valid) {
    failures.push(now);
    ctx.state.stats.loginFailures++;
  }
  return valid;
}

/** "Sends" a fresh 6-digit SMS code valid for 10 minutes; returns its expiry. */
export function sendSms(ctx: EmulatorContext, user: UserRecord): number {
  const code = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  const expiresAt = ctx.clock.now() + 10 * 60_000;
  ctx.state.smsCodes.set(user.id, { code, expiresAt });
  ctx.state.stats.smsSent++;
  return expiresAt;
}

/** `+1***1234`: what the login response shows of the phone. */
export function phoneNoise(phone: string): string {
  return phone.slice(0, 2) + '***' + phone.slice(-4);
}

/** A confirmation link like the ones DocSpace puts in `confirmUrl`. */
export function confirmUrl(ctx: EmulatorContext, type: string, email: string): string {
  return `${ctx.url}/confirm/${type}?type=${type}&key=${randomBase64Url(12)}&email=${encodeURIComponent(email)}`;
}

/** Creates a session (a login event from this request's address and browser) and its `Set-Cookie` value. */
export function startSession(
  ex: Exchange,
  user: UserRecord,
  sessionCookie: boolean,
): { session: SessionRecord; setCookie: string } {
  const ctx = ex.ctx;
  const session = ctx.state.createSession(user, ctx.clock.now(), ctx.options.patTtlSeconds, {
    ip: ex.ip,
    userAgent: String(ex.req.headers['user-agent'] ?? ''),
    page: ctx.url + ex.url.pathname,
  });
  ctx.state.stats.logins++;
  // ASP.NET URL-encodes cookie values; the server decodes them back (docs/docspace-behaviour.md §3.1).
  let setCookie = `asc_auth_key=${encodeURIComponent(session.token)}`;
  if (!sessionCookie && session.expiresAt !== null)
    setCookie += `; expires=${new Date(session.expiresAt).toUTCString()}`;
  setCookie += `; path=/; samesite=${ctx.options.cookieSameSite.toLowerCase()}; httponly`;
  return { session, setCookie };
}
