import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocSpaceDate } from './parse-docspace-date.js';

const iso = (value: unknown): string | undefined => {
  const time = parseDocSpaceDate(value, 'd');
  return time === undefined ? undefined : new Date(time).toISOString();
};

describe('parseDocSpaceDate', () => {
  it('reads .NET round-trip strings with an offset, Z, or none (UTC), and 7-digit fractions', () => {
    expect(iso('2025-06-15T13:30:00.0000000+03:00')).toBe('2025-06-15T10:30:00.000Z');
    expect(iso('2025-06-15T13:30:00.9999999Z')).toBe('2025-06-15T13:30:00.999Z');
    expect(iso('2025-06-15T13:30:00')).toBe('2025-06-15T13:30:00.000Z');
    expect(iso('2025-06-15T13:30:00.5-05:30')).toBe('2025-06-15T19:00:00.500Z');
  });

  it('treats absent values and DateTime.MinValue as not set', () => {
    for (const value of [undefined, null, '', '0001-01-01T00:00:00', '0001-01-01T00:00:00.0000000+00:00']) {
      expect(parseDocSpaceDate(value, 'd')).toBeUndefined();
    }
  });

  it('throws ERR_AUTH_BAD_RESPONSE naming the field for anything else, never quoting it', () => {
    for (const value of ['tomorrow', 42, { utcTime: 'x' }, '2025-13-45T99:99:99', ' 2025-06-15T13:30:00']) {
      expect(() => parseDocSpaceDate(value, 'response.expiresAt')).toThrow(
        expect.objectContaining({
          code: 'ERR_AUTH_BAD_RESPONSE',
          message: '"response.expiresAt" is not an ISO-8601 date',
        }),
      );
    }
  });

  it('agrees with Date for any instant written the .NET way (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const dotnet = date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
          expect(parseDocSpaceDate(dotnet, 'd')).toBe(date.getTime());
        },
      ),
    );
  });

  it('round-trips every instant written in any whole-minute offset (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseDocSpaceDate(`${local}0000${offset}`, 'd')).toBe(date.getTime());
        },
      ),
    );
  });
});
