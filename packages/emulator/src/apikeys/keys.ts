import { formatApiDateTime } from '../server/dates.js';
import {
  EXCEPTIONS,
  type Exchange,
  field,
  parseBody,
  sendEnvelope,
  sendError,
  sendValidationProblem,
} from '../server/http.js';
import { randomApiKey } from '../state/ids.js';
import type { Principal } from '../api/schemes.js';
import { API_KEY_PERMISSIONS, type ApiKeyRecord, normalizePermissions } from '../state/emulator-state.js';
import { employeeDto } from '../api/employee.js';

function isAdmin(principal: Principal): boolean {
  return principal.user.role === 'owner' || principal.user.role === 'admin';
}

/** `ApiKeyResponseDto`; `key` masked as `sk-***abcd` unless the full secret is given. */
export function apiKeyDto(ex: Exchange, key: ApiKeyRecord, secret?: string): Record<string, unknown> {
  const ctx = ex.ctx;
  const offset = ctx.options.timeZoneOffsetMinutes;
  const creator = ctx.state.userById(key.createdBy);
  return {
    id: key.id,
    name: key.name,
    key: secret ?? `sk-***${key.postfix}`,
    keyPostfix: key.postfix,
    permissions: [...key.permissions],
    lastUsed: key.lastUsed === null ? null : formatApiDateTime(key.lastUsed, offset),
    createOn: formatApiDateTime(key.createdAt, offset),
    createBy: creator ? employeeDto(ctx, creator) : null,
    expiresAt: key.expiresAt === null ? null : formatApiDateTime(key.expiresAt, offset),
    isActive: key.isActive,
  };
}

function permissionsField(value: unknown): string[] | 'invalid' | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    value.some((item) => typeof item !== 'string' || !API_KEY_PERMISSIONS.includes(item))
  )
    return 'invalid';
  return normalizePermissions(value as string[]);
}

const NAME_LENGTH = 'Incorrect name. Length must be less than 30';
const DAYS_RANGE = 'Incorrect number of days. Value must be between 1 and 365';
const BAD_PERMISSIONS = 'Permissions are not valid.';

/**
 * `POST /api/2.0/keys` (`products/ASC.People/Server/Api/ApiKeysController.cs` `CreateApiKey`,
 * `ApiModels/RequestDto/CreateApiKeyRequestDto.cs`): a `[Required]` name of at most 30 characters and
 * `expiresInDays` in 1..365 are model validation (a `ValidationProblemDetails` in the envelope); unknown
 * permissions throw ArgumentException "Permissions are not valid."; guests get 403 "Access denied". The
 * secret is returned only here.
 */
export function createKey(ex: Exchange, principal: Principal | null): undefined {
  const user = principal!.user;
  const body = parseBody(ex);
  const name = field(body, 'name');
  const daysRaw = field(body, 'expiresInDays');
  const days = daysRaw === undefined || daysRaw === null ? null : Number(daysRaw);
  const errors: Record<string, string[]> = {};
  if (typeof name !== 'string' || name.trim() === '') errors.Name = ['The Name field is required.'];
  else if (name.length > 30) errors.Name = [NAME_LENGTH];
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 365))
    errors.ExpiresInDays = [DAYS_RANGE];
  if (Object.keys(errors).length > 0) return sendValidationProblem(ex, errors);
  if (user.role === 'guest') return sendError(ex, 403, 'Access denied', EXCEPTIONS.unauthorized);
  const permissions = permissionsField(field(body, 'permissions'));
  if (permissions === 'invalid') return sendError(ex, 400, BAD_PERMISSIONS, EXCEPTIONS.argument);
  const now = ex.ctx.clock.now();
  const secret = randomApiKey();
  const record = ex.ctx.state.addApiKey({
    name: name as string,
    secret,
    permissions: permissions ?? [],
    createdBy: user.id,
    createdAt: now,
    expiresAt: days === null ? null : now + days * 86_400_000,
  });
  sendEnvelope(ex, apiKeyDto(ex, record, secret));
}

/** `GET /api/2.0/keys`: an admin sees every key of the portal, others their own. */
export function listKeys(ex: Exchange, principal: Principal | null): undefined {
  const keys = ex.ctx.state.apiKeys.filter(
    (key) => isAdmin(principal!) || key.createdBy === principal!.user.id,
  );
  sendEnvelope(
    ex,
    keys.map((key) => apiKeyDto(ex, key)),
  );
}

/**
 * `GET /api/2.0/keys/@self`: the key used for this request (no scope check). The server slices
 * `"Bearer ".Length` characters off the raw Authorization header and looks the rest up as a key
 * (`ApiKeysController.cs` `GetApiKey`): without a header (a cookie PAT) that throws
 * ArgumentOutOfRangeException (400); any other credential finds no key and the mapper throws
 * NullReferenceException (500).
 */
export function selfKey(ex: Exchange, principal: Principal | null): undefined {
  if (principal?.apiKey) return sendEnvelope(ex, apiKeyDto(ex, principal.apiKey));
  if (String(ex.req.headers.authorization ?? '').length < 'Bearer '.length)
    return sendError(
      ex,
      400,
      "startIndex cannot be larger than length of string. (Parameter 'startIndex')",
      EXCEPTIONS.argumentOutOfRange,
    );
  sendError(ex, 500, 'Object reference not set to an instance of an object.', EXCEPTIONS.nullReference);
}

/** `GET /api/2.0/keys/permissions`. */
export function keyPermissions(ex: Exchange): undefined {
  sendEnvelope(ex, [...API_KEY_PERMISSIONS]);
}

function ownKey(ex: Exchange, principal: Principal): ApiKeyRecord | undefined {
  const key = ex.ctx.state.apiKeys.find((candidate) => candidate.id === ex.params.keyId);
  if (!key || (!isAdmin(principal) && key.createdBy !== principal.user.id)) return undefined;
  return key;
}

/**
 * `PUT /api/2.0/keys/{keyId}` (`UpdateApiKeyRequestDto.cs`): a name over 30 characters is a
 * `ValidationProblemDetails`; `false` when the key is expired or not yours; unknown permissions throw
 * ArgumentException.
 */
export function updateKey(ex: Exchange, principal: Principal | null): undefined {
  const body = parseBody(ex);
  const name = field(body, 'name');
  if (typeof name === 'string' && name.length > 30)
    return sendValidationProblem(ex, { 'Changed.Name': [NAME_LENGTH] });
  const key = ownKey(ex, principal!);
  if (!key || (key.expiresAt !== null && key.expiresAt <= ex.ctx.clock.now())) return sendEnvelope(ex, false);
  const permissions = permissionsField(field(body, 'permissions'));
  const isActive = field(body, 'isActive');
  if (permissions === 'invalid') return sendError(ex, 400, BAD_PERMISSIONS, EXCEPTIONS.argument);
  if (typeof name === 'string' && name.trim() !== '') key.name = name;
  if (permissions) key.permissions = permissions;
  if (typeof isActive === 'boolean') key.isActive = isActive;
  sendEnvelope(ex, true);
}

/** `DELETE /api/2.0/keys/{keyId}`. */
export function deleteKey(ex: Exchange, principal: Principal | null): undefined {
  const key = ownKey(ex, principal!);
  if (!key) return sendEnvelope(ex, false);
  ex.ctx.state.apiKeys = ex.ctx.state.apiKeys.filter((candidate) => candidate !== key);
  sendEnvelope(ex, true);
}
