import { type Exchange, sendEnvelope } from '../server/http.js';
import type { Principal } from '../api/schemes.js';
import { signSignature } from './signature.js';

/**
 * `GET /api/2.0/security/oauth2/token` (`web/ASC.Web.Api/Api/SecurityController.cs` `GenerateJwtToken`):
 * the 5-minute HS256 `x-signature` the identity services accept, for the signed-in user. It needs
 * authorization with a global scope, so a PAT, Basic or a full (or `*:read`) API key works and an OAuth
 * token gets 403.
 */
export async function oauthSignature(ex: Exchange, principal: Principal | null): Promise<void> {
  sendEnvelope(ex, await signSignature(ex.ctx, principal!.user));
}
