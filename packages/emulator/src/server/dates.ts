/** The `DateTime.MinValue` a session login returns as `expires`. */
export const MIN_DATE_TIME = '0001-01-01T00:00:00';

/** Formats an epoch-ms time as a .NET round-trip UTC string: `2027-11-29T08:50:00.1230000Z`. */
export function formatUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/**
 * Formats an epoch-ms time as an `ApiDateTime`: round-trip string in the portal's zone with its offset,
 * e.g. `2025-06-15T13:30:00.0000000+03:00` (docs/docspace-behaviour.md §8.5).
 */
export function formatApiDateTime(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}0000${sign}${hh}:${mm}`;
}
