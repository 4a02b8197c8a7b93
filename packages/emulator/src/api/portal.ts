import type { Exchange } from '../server/http.js';
import { sendEnvelope } from '../server/http.js';

/** `GET /api/2.0/capabilities` (anonymous). */
export function capabilities(ex: Exchange): undefined {
  sendEnvelope(ex, {
    ldapEnabled: false,
    ldapDomain: '',
    providers: [],
    ssoLabel: '',
    ssoUrl: '',
    oauthEnabled: true,
    identityServerEnabled: true,
  });
}

/** `GET /api/2.0/settings` (anonymous), with the `passwordHash` parameters. */
export function settings(ex: Exchange): undefined {
  const offset = ex.ctx.options.timeZoneOffsetMinutes;
  const hours = Math.trunc(offset / 60);
  const sign = offset < 0 ? '-' : '';
  const abs = Math.abs(offset);
  sendEnvelope(ex, {
    trustedDomains: [],
    trustedDomainsType: 0,
    culture: 'en-US',
    utcOffset: `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}:00`,
    utcHoursOffset: hours,
    greetingSettings: 'DocSpace Emulator',
    ownerId: ex.ctx.state.users.find((user) => user.role === 'owner')?.id,
    passwordHash: { ...ex.ctx.hashParams },
    tenantStatus: 0,
    tenantAlias: 'emulator',
    enabledJoin: false,
    enableAdmMess: false,
    thirdpartyEnable: false,
    docSpace: true,
    standalone: true,
    socketUrl: '',
    version: '3.7.0',
  });
}
