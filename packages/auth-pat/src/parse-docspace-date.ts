/**
 * Parses a DocSpace date (`2027-11-29T08:50:00.1234567Z`, or an `ApiDateTime` with an offset such as
 * `2025-06-15T13:30:00.0000000+03:00`) to epoch ms. `0001-01-01T00:00:00` (the server's "not set",
 * sent for session logins) and anything unparsable give `undefined`.
 *
 * @example
 * ```ts
 * parseDocSpaceDate('0001-01-01T00:00:00'); // undefined
 * ```
 */
export function parseDocSpaceDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(
    value.trim(),
  );
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  if (Number(year) <= 1) return undefined;
  // .NET sends 7 fractional digits; JavaScript dates keep milliseconds.
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${zone}`);
  return Number.isFinite(time) ? time : undefined;
}
