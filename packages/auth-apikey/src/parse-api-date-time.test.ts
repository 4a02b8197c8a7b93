import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseApiDateTime } from './parse-api-date-time.js';

describe('parseApiDateTime', () => {
  it('reads .NET round-trip strings with an offset, Z, or none (UTC)', () => {
    expect(parseApiDateTime('2025-06-15T13:30:00.0000000+03:00', 'd')?.date.toISOString()).toBe(
      '2025-06-15T10:30:00.000Z',
    );
    expect(parseApiDateTime('2025-06-15T13:30:00.9999999Z', 'd')?.date.toISOString()).toBe(
      '2025-06-15T13:30:00.999Z',
    );
    expect(parseApiDateTime('2025-06-15T13:30:00', 'd')?.date.toISOString()).toBe('2025-06-15T13:30:00.000Z');
    expect(parseApiDateTime('2025-06-15T13:30:00.5-05:30', 'd')?.raw).toBe('2025-06-15T13:30:00.5-05:30');
  });

  it('treats absent values and DateTime.MinValue as not set', () => {
    for (const value of [undefined, null, '', '0001-01-01T00:00:00', '0001-01-01T00:00:00.0000000+00:00']) {
      expect(parseApiDateTime(value, 'd')).toBeUndefined();
    }
  });

  it('round-trips every instant written in any whole-minute offset', () => {
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
          const raw = `${local}0000${offset}`;
          expect(parseApiDateTime(raw, 'd')?.date.getTime()).toBe(date.getTime());
        },
      ),
    );
  });

  it('throws ERR_AUTH_BAD_RESPONSE naming the field for anything else', () => {
    for (const value of ['tomorrow', 42, { utcTime: 'x' }, '2025-13-45T99:99:99']) {
      expect(() => parseApiDateTime(value, 'response.expiresAt')).toThrow(
        expect.objectContaining({
          code: 'ERR_AUTH_BAD_RESPONSE',
          message: '"response.expiresAt" is not an ISO-8601 date',
        }),
      );
    }
  });
});
