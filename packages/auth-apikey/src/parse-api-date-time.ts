import { AuthResponseError } from '@ds/auth-core';
import type { ApiDateTime } from './types.js';

// DocSpace writes .NET round-trip strings: up to 7 fractional digits and an offset (or Z). A string
// without an offset is read as UTC.
const ROUND_TRIP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses a DocSpace `ApiDateTime` string. Returns `undefined` for `undefined`, `null`, `""` and .NET's
 * `DateTime.MinValue` (`0001-01-01T00:00:00…`, which DocSpace sends for "not set"). Throws
 * `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) naming `field` for anything else that is not a date.
 *
 * @example
 * ```ts
 * parseApiDateTime('2026-11-29T11:50:00.0000000+03:00', 'expiresAt')?.date.toISOString(); // '2026-11-29T08:50:00.000Z'
 * ```
 * @see docs/docspace-behaviour.md §8.5
 */
export function parseApiDateTime(value: unknown, field: string): ApiDateTime | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const match = typeof value === 'string' ? ROUND_TRIP.exec(value) : null;
  if (!match || typeof value !== 'string') {
    throw new AuthResponseError(`"${field}" is not an ISO-8601 date`);
  }
  if (match[1]!.startsWith('0001-01-01')) return undefined;
  const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const date = new Date(`${match[1]}.${fraction}${match[3] ?? 'Z'}`);
  if (Number.isNaN(date.getTime())) throw new AuthResponseError(`"${field}" is not an ISO-8601 date`);
  return Object.freeze({ raw: value, date });
}
