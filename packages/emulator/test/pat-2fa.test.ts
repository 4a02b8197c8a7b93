import { describe, expect, it } from 'vitest';
import { totp } from '../src/index.js';
import { postJson, start } from './helpers.js';

const creds = { userName: 'user@docspace.test', password: 'User-pass-1' };

describe('PAT two-factor flow (docs/docspace-behaviour.md §3.1)', () => {
  it('answers an app 2FA login with tfa:true, a confirmUrl and no token', async () => {
    const emulator = await start();
    const res = await postJson(`${emulator.url}/api/2.0/authentication`, creds);
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({ tfa: true, sms: false, expires: '0001-01-01T00:00:00' });
    expect(res.json.response.token).toBeUndefined();
    expect(res.json.response.confirmUrl).toMatch(/\/confirm\/TfaAuth\?type=TfaAuth&/);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('completes with POST /authentication/{code}: credentials plus a real RFC 6238 TOTP', async () => {
    const emulator = await start({ clock: 'manual' });
    const secret = emulator.seed.users[1]!.totpSecret!;
    const code = emulator.totp('user@docspace.test');
    expect(code).toBe(totp(secret, emulator.clock.now()));
    const res = await postJson(`${emulator.url}/api/2.0/authentication/${code}`, { ...creds, code });
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({ tfa: true, sms: false });
    expect(typeof res.json.response.token).toBe('string');
  });

  it('matches the RFC 6238 SHA1 test vector', () => {
    expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).toBe('287082');
    expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1_111_111_109_000)).toBe('081804');
  });

  it('rejects a wrong or stale code with 401 "User authentication failed"', async () => {
    const emulator = await start({ clock: 'manual' });
    const old = emulator.totp('user@docspace.test');
    emulator.clock.advance(120_000);
    for (const code of ['000000', old]) {
      const res = await postJson(`${emulator.url}/api/2.0/authentication/${code}`, { ...creds, code });
      expect(res.status).toBe(401);
      expect(res.json.error.message).toBe('User authentication failed');
    }
  });

  it('accepts each backup code once', async () => {
    const emulator = await start();
    const backup = emulator.seed.users[1]!.backupCodes![0]!;
    const first = await postJson(`${emulator.url}/api/2.0/authentication/${backup}`, {
      ...creds,
      code: backup,
    });
    expect(first.status).toBe(200);
    const again = await postJson(`${emulator.url}/api/2.0/authentication/${backup}`, {
      ...creds,
      code: backup,
    });
    expect(again.status).toBe(401);
  });

  it('stops accepting codes after 5 failures per minute, even a valid one', async () => {
    const emulator = await start({ clock: 'manual' });
    const url = `${emulator.url}/api/2.0/authentication/000000`;
    for (let i = 0; i < 5; i++) await postJson(url, { ...creds, code: '000000' });
    const code = emulator.totp('user@docspace.test');
    const res = await postJson(`${emulator.url}/api/2.0/authentication/${code}`, { ...creds, code });
    expect(res.status).toBe(401);
  });

  it('sends SMS codes, observable through lastSmsCode, valid 10 minutes', async () => {
    const emulator = await start({
      clock: 'manual',
      seed: { users: [{ email: 's@x.test', password: 'p', tfa: 'sms', phone: '+15550009876' }] },
    });
    const body = { userName: 's@x.test', password: 'p' };
    const challenge = await postJson(`${emulator.url}/api/2.0/authentication`, body);
    expect(challenge.json.response).toMatchObject({ sms: true, tfa: false, phoneNoise: '+1***9876' });
    expect(challenge.json.response.expires).toBe(
      new Date(emulator.clock.now() + 600_000).toISOString().replace('Z', '0000Z'),
    );
    const code = emulator.lastSmsCode('s@x.test')!;
    expect(code).toMatch(/^\d{6}$/);
    const res = await postJson(`${emulator.url}/api/2.0/authentication/${code}`, { ...body, code });
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({ sms: true, phoneNoise: '+1***9876' });
    await postJson(`${emulator.url}/api/2.0/authentication/sendsms`, body);
    const resent = emulator.lastSmsCode('s@x.test')!;
    emulator.clock.advance(601_000);
    const late = await postJson(`${emulator.url}/api/2.0/authentication/${resent}`, {
      ...body,
      code: resent,
    });
    expect(late.status).toBe(401);
  });

  it('shows tfaKey for an authenticator app that is not set up yet', async () => {
    const emulator = await start({
      seed: { users: [{ email: 'n@x.test', password: 'p', tfa: 'app-setup' }] },
    });
    const res = await postJson(`${emulator.url}/api/2.0/authentication`, {
      userName: 'n@x.test',
      password: 'p',
    });
    expect(res.json.response).toMatchObject({ tfa: true, tfaKey: emulator.seed.users[0]!.totpSecret });
    expect(res.json.response.confirmUrl).toContain('TfaActivation');
    expect(res.headers.get('set-cookie')).toContain('asc_confirm_key_TfaActivation=');
  });

  it('takes the code from the body (the path value is ignored when the body has one)', async () => {
    const emulator = await start();
    const code = emulator.totp('user@docspace.test');
    const res = await postJson(`${emulator.url}/api/2.0/authentication/111111`, { ...creds, code });
    expect(res.status).toBe(200);
  });
});
