import type { Exchange } from '../../server/http.js';
import { type FieldError, UnreadableRequest } from './problem.js';

// Bean validation of the registration DTOs:
// common/ASC.Identity/registration/registration-application/.../transfer/CreateClientRequest.java,
// UpdateClientRequest.java, ChangeClientActivationRequest.java, with codes from ValidationErrorCodeResponse.java
// and URLCollectionValidator.java (common-utilities).

const URL_PATTERN =
  /^(https?:\/\/)?([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}(:\d+)?(\/[a-zA-Z0-9\-._~:/?#[\]@!$&'()*+,;=]*)?$|^https?:\/\/(\d{1,3}\.){3}\d{1,3}(:\d+)?(\/[a-zA-Z0-9\-._~:/?#[\]@!$&'()*+,;=]*)?$/;
const LOGO_PATTERN = /^data:image\/(?:png|jpeg|jpg|svg\+xml);base64,.*.{1,}$/;
const LOGO_MAX_BYTES = 256_000;
const LOGO_MAX_LENGTH = 2_000_000;

/** A client body as Jackson binds it: strings, booleans (missing = false) and string sets. */
export interface ClientBody {
  name: string | null;
  description: string | null;
  logo: string | null;
  allowPkce: boolean;
  websiteUrl: string | null;
  termsUrl: string | null;
  policyUrl: string | null;
  redirectUris: string[] | null;
  allowedOrigins: string[] | null;
  logoutRedirectUri: string | null;
  scopes: string[] | null;
}

/** Reads a JSON body; anything but `application/json` is a 415, unreadable JSON a 500. */
export function readJsonBody(ex: Exchange): Record<string, unknown> | { unsupported: string } {
  const type = String(ex.req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type.trim())) return { unsupported: type || 'application/octet-stream' };
  try {
    const value: unknown = JSON.parse(ex.body.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UnreadableRequest();
    return value as Record<string, unknown>;
  } catch {
    throw new UnreadableRequest('unreadable JSON');
  }
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UnreadableRequest('not a string');
}

function bool(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UnreadableRequest('not a boolean');
}

function stringSet(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new UnreadableRequest('not an array');
  return [...new Set(value.map((item) => text(item) ?? ''))];
}

/** Binds the snake_case fields of a create or update body. */
export function bindClientBody(body: Record<string, unknown>): ClientBody {
  return {
    name: text(body.name),
    description: text(body.description),
    logo: text(body.logo),
    allowPkce: bool(body.allow_pkce),
    websiteUrl: text(body.website_url),
    termsUrl: text(body.terms_url),
    policyUrl: text(body.policy_url),
    redirectUris: stringSet(body.redirect_uris),
    allowedOrigins: stringSet(body.allowed_origins),
    logoutRedirectUri: text(body.logout_redirect_uri),
    scopes: stringSet(body.scopes),
  };
}

/** `ChangeClientActivationRequest`: `status` is a primitive boolean, so a missing one binds as false. */
export function bindActivation(body: Record<string, unknown>): boolean {
  return bool(body.status);
}

const blank = (value: string | null) => value === null || value.trim() === '';

function validUrlCollection(urls: string[] | null): boolean {
  if (urls === null) return false;
  return urls.every((url) => {
    if (url === '' || !URL.canParse(url)) return false;
    const protocol = new URL(url).protocol.slice(0, -1).toLowerCase();
    return protocol === 'http' || protocol === 'https' || protocol === 'claude';
  });
}

function logoTooLarge(logo: string | null): boolean {
  if (logo === null || logo.trim() === '') return false;
  if (logo.length > LOGO_MAX_LENGTH) return true;
  const comma = logo.indexOf(',');
  return comma >= 0 && Buffer.from(logo.slice(comma + 1), 'base64').length > LOGO_MAX_BYTES;
}

function common(body: ClientBody, errors: FieldError[]): void {
  if (blank(body.name))
    errors.push({ field: 'name', code: 'EmptyFieldError', message: 'client name must not be empty' });
  if (body.name !== null && (body.name.length < 3 || body.name.length > 256))
    errors.push({
      field: 'name',
      code: 'ErrorName',
      message: 'client name length is expected to be between 3 and 256 characters',
    });
  if (body.description !== null && body.description.length > 255)
    errors.push({
      field: 'description',
      code: 'ErrorName',
      message: 'client description length is expected to be less than 256 characters',
    });
  if (blank(body.logo))
    errors.push({ field: 'logo', code: 'EmptyFieldError', message: 'client logo must not be empty' });
  if (body.logo !== null && !LOGO_PATTERN.test(body.logo))
    errors.push({
      field: 'logo',
      code: 'ErrorPattern',
      message: 'client logo is expected to be passed as base64',
    });
}

function url(errors: FieldError[], field: string, label: string, value: string | null): void {
  if (blank(value)) errors.push({ field, code: 'EmptyFieldError', message: `${label} must not be empty` });
  if (value !== null && !URL_PATTERN.test(value))
    errors.push({ field, code: 'ErrorWrongURL', message: `${label} is expected to be passed as url` });
}

function collection(
  errors: FieldError[],
  field: string,
  label: string,
  value: string[] | null,
  required: boolean,
): void {
  if (required && value === null)
    errors.push({ field, code: 'EmptyFieldError', message: `${label} must not be null` });
  if (!validUrlCollection(value))
    errors.push({ field, code: 'ErrorWrongURL', message: 'url collection has invalid entries' });
  if (value !== null && (value.length < 1 || value.length > 12))
    errors.push({
      field,
      code: 'ErrorName',
      message: `${label} must contain at least 1 and at most 12 addresses`,
    });
}

/** The violations of `CreateClientRequest`, in field order. */
export function validateCreate(body: ClientBody): FieldError[] {
  const errors: FieldError[] = [];
  common(body, errors);
  if (logoTooLarge(body.logo))
    errors.push({
      field: 'logo',
      code: 'ErrorPattern',
      message: 'Logo size exceeds the maximum allowed size',
    });
  url(errors, 'website_url', 'website url', body.websiteUrl);
  url(errors, 'terms_url', 'terms url', body.termsUrl);
  url(errors, 'policy_url', 'policy url', body.policyUrl);
  collection(errors, 'redirect_uris', 'redirect uris', body.redirectUris, true);
  collection(errors, 'allowed_origins', 'allowed origins', body.allowedOrigins, true);
  url(errors, 'logout_redirect_uri', 'logout redirect uri', body.logoutRedirectUri);
  if (body.scopes === null || body.scopes.length === 0)
    errors.push({ field: 'scopes', code: 'EmptyFieldError', message: 'scopes field can not be empty' });
  return errors;
}

/** The violations of `UpdateClientRequest` (name, description, logo, allowed origins). */
export function validateUpdate(body: ClientBody): FieldError[] {
  const errors: FieldError[] = [];
  common(body, errors);
  collection(errors, 'allowed_origins', 'allowed origins', body.allowedOrigins, false);
  return errors;
}
