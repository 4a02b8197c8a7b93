import { AuthResponseError } from './errors.js';

// DocSpace writes .NET round-trip strings: up to 7 fractional digits and an offset (or Z). A string
// without an offset is read as UTC.
const ROUND_TRIP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses a DocSpace date (`2027-11-29T08:50:00.1234567Z`, or an `ApiDateTime` with the portal's
 * offset such as `2025-06-15T13:30:00.0000000+03:00`) to epoch milliseconds. Pure. `undefined`,
 * `null`, `""` and .NET's `DateTime.MinValue` (`0001-01-01T00:00:00…`, the server's "not set", sent
 * for session logins) give `undefined`. Anything else that is not such a date throws
 * `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) naming `field`; the value is never quoted.
 *
 * @example
 * ```ts
 * parseDocSpaceDate('2025-06-15T13:30:00.0000000+03:00', 'expires'); // 1749983400000
 * parseDocSpaceDate('0001-01-01T00:00:00', 'expires'); // undefined
 * ```
 * @see docs/docspace-behaviour.md §8.5
 */
export function parseDocSpaceDate(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const match = typeof value === 'string' ? ROUND_TRIP.exec(value) : null;
  if (!match) throw notADate(field);
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  if (Number(year) <= 1) return undefined;
  // .NET sends 7 fractional digits; JavaScript dates keep milliseconds.
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${zone}`);
  if (!Number.isFinite(time)) throw notADate(field);
  return time;
}

function notADate(field: string): AuthResponseError {
  return new AuthResponseError(`"${field}" is not an ISO-8601 date`);
}
