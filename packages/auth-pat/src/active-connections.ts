import { AuthConfigError, AuthResponseError, type DocSpaceClient } from '@ds/auth-core';
import { parseDocSpaceDate, redactable } from '@ds/auth-core/strategy';

/** The part of a `DocSpaceClient` active connections use; any authenticated client fits. */
export type ActiveConnectionsClient = Pick<DocSpaceClient, 'get' | 'put'>;

/** One signed-in session of the user (a login event), from `GET /api/2.0/security/activeconnections`. */
export interface ActiveConnection {
  /** The login event id: what {@link ActiveConnections.end} takes. */
  readonly id: number;
  readonly userId: string;
  readonly tenantId: number;
  /** Whether it is the session this request came from (its `asc_auth_key` cookie). */
  readonly current: boolean;
  readonly mobile: boolean;
  /** The address it signed in from (for the current session: this request's). */
  readonly ip: string;
  /** E.g. `Chrome 126`, as the portal reads the User-Agent. */
  readonly browser: string;
  /** E.g. `Windows`. */
  readonly platform: string;
  /** Where the address is, when the portal has geolocation. */
  readonly city: string | undefined;
  readonly country: string | undefined;
  /** The page it signed in on, when known. */
  readonly page: string | undefined;
  /** When it signed in; undefined when the portal sent no readable date. */
  readonly signedInAt: Date | undefined;
}

/** What {@link ActiveConnections.list} resolves to. */
export interface ActiveConnectionList {
  /** The login event of this request's session; undefined when the credential is not a session cookie (an API key, Basic). */
  readonly currentId: number | undefined;
  /** Newest first, the current session (if any) at the top. */
  readonly connections: readonly ActiveConnection[];
}

/** Per-call options. */
export interface ActiveConnectionsCallOptions {
  signal?: AbortSignal | undefined;
}

/** Options of {@link ActiveConnections.endAll}. */
export interface EndAllConnectionsOptions extends ActiveConnectionsCallOptions {
  /** Whose sessions to end; another user's needs a DocSpace admin. Default: the caller (read from `people/@self`). */
  userId?: string | undefined;
}

/** The signed-in sessions of the user a DocSpace client authenticates as (see {@link createActiveConnections}). */
export interface ActiveConnections {
  /** The user's sessions (`GET /api/2.0/security/activeconnections`). */
  list(options?: ActiveConnectionsCallOptions): Promise<ActiveConnectionList>;
  /** Ends one session; `false` when it had already ended (`PUT …/logout/{id}`). Another user's needs an admin. */
  end(loginEventId: number, options?: ActiveConnectionsCallOptions): Promise<boolean>;
  /**
   * "Sign out everywhere else": ends every session of the user but the one this request came from
   * (`PUT …/logoutallexceptthis`). The portal knows "this" only from the `asc_auth_key` cookie, which the
   * PAT strategy sends; with an API key or Basic every session ends.
   */
  endOthers(options?: ActiveConnectionsCallOptions): Promise<void>;
  /**
   * Signs the user out everywhere, the current connection included (`PUT …/logoutall/{userId}`): every personal
   * access token of the user stops working. A PAT strategy logs in again on its next request when it can.
   */
  endAll(options?: EndAllConnectionsOptions): Promise<void>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE = '/api/2.0/security/activeconnections';

/**
 * The active connections (signed-in sessions) of the user a DocSpace client authenticates as: list
 * them, end one, sign out everywhere else, or everywhere. Works through any authenticated client whose
 * credential has a global scope: a personal access token (`createPersonalTokenAuth`, the only one that
 * tells the portal which session is "this" one), Basic, or a full-access API key; OAuth tokens get 403.
 *
 * Throws `AuthConfigError` synchronously for a client that is not a DocSpace client, and from the calls
 * for a bad `loginEventId` or `userId`; `AuthHttpError` from the portal (`ERR_AUTH_FORBIDDEN` for
 * another user's session without being an admin, or a credential without a global scope);
 * `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) for a malformed answer.
 *
 * @example
 * ```ts
 * const sessions = createActiveConnections(createDocSpaceClient({ baseUrl, auth: createPersonalTokenAuth({ baseUrl, userName, password }) }));
 * for (const session of (await sessions.list()).connections) console.log(session.id, session.browser, session.current);
 * await sessions.endOthers(); // sign out everywhere else
 * ```
 */
export function createActiveConnections(client: ActiveConnectionsClient): ActiveConnections {
  if (typeof client?.get !== 'function' || typeof client.put !== 'function')
    throw new AuthConfigError('client', '"client" must be a DocSpace client (createDocSpaceClient)');

  const connections: ActiveConnections = {
    async list(options) {
      return parseConnectionList(await client.get<unknown>(BASE, signalOnly(options)));
    },
    async end(loginEventId, options) {
      if (typeof loginEventId !== 'number' || !Number.isSafeInteger(loginEventId) || loginEventId < 1)
        throw new AuthConfigError('loginEventId', '"loginEventId" must be a positive integer');
      const answer = await client.put<unknown>(
        `${BASE}/logout/${loginEventId}`,
        undefined,
        signalOnly(options),
      );
      if (typeof answer !== 'boolean')
        throw new AuthResponseError(`PUT ${BASE}/logout did not answer a boolean`);
      return answer;
    },
    async endOthers(options) {
      await client.put<unknown>(`${BASE}/logoutallexceptthis`, undefined, signalOnly(options));
    },
    async endAll(options = {}) {
      let userId = options.userId;
      if (userId !== undefined && (typeof userId !== 'string' || !GUID.test(userId)))
        throw new AuthConfigError('userId', '"userId" must be a GUID');
      if (userId === undefined) {
        const me = await client.get<{ id?: unknown }>('/api/2.0/people/@self', signalOnly(options));
        if (typeof me?.id !== 'string' || !GUID.test(me.id))
          throw new AuthResponseError('GET /api/2.0/people/@self did not answer a user "id"');
        userId = me.id;
      }
      await client.put<unknown>(`${BASE}/logoutall/${userId.toLowerCase()}`, undefined, signalOnly(options));
    },
  };
  return redactable(connections, 'ActiveConnections');
}

/**
 * Reads the answer of `GET /api/2.0/security/activeconnections` (`{ loginEvent, items }`). The portal
 * lists the request itself with id 0 when the user has no session; that is no session and is left out.
 * Throws `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) naming the bad field.
 *
 * @example
 * ```ts
 * parseConnectionList({ loginEvent: 0, items: [] }); // { currentId: undefined, connections: [] }
 * ```
 */
export function parseConnectionList(value: unknown): ActiveConnectionList {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('the active connections answer is not an object');
  const data = value as { loginEvent?: unknown; items?: unknown };
  if (!Array.isArray(data.items)) throw bad('"items" must be an array');
  const loginEvent = data.loginEvent ?? 0;
  if (typeof loginEvent !== 'number' || !Number.isInteger(loginEvent))
    throw bad('"loginEvent" must be an integer');
  const currentId = loginEvent > 0 ? loginEvent : undefined;
  const list: ActiveConnection[] = [];
  data.items.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null) throw bad(`"items[${index}]" must be an object`);
    const item = raw as Record<string, unknown>;
    if (typeof item.id !== 'number' || !Number.isInteger(item.id))
      throw bad(`"items[${index}].id" must be an integer`);
    if (item.id <= 0) return;
    const signedInAt = parseDocSpaceDate(item.date, `items[${index}].date`);
    list.push({
      id: item.id,
      userId: text(item.userId),
      tenantId: typeof item.tenantId === 'number' ? item.tenantId : 0,
      current: currentId !== undefined && item.id === currentId,
      mobile: item.mobile === true,
      ip: text(item.ip),
      browser: text(item.browser),
      platform: text(item.platform),
      city: optionalText(item.city),
      country: optionalText(item.country),
      page: optionalText(item.page),
      signedInAt: signedInAt === undefined ? undefined : new Date(signedInAt),
    });
  });
  return { currentId, connections: list };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function bad(message: string): AuthResponseError {
  return new AuthResponseError(message);
}

function signalOnly(options: ActiveConnectionsCallOptions | undefined): { signal?: AbortSignal } {
  return options?.signal ? { signal: options.signal } : {};
}
