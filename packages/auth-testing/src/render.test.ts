import { describe, expect, it } from 'vitest';
import { findLeaks } from './render.js';

describe('findLeaks', () => {
  it('looks into nested causes and AggregateError members', () => {
    const error = new AggregateError([new Error('inner secret-value-1')], 'outer', {
      cause: new Error('x', { cause: 'secret-value-2' }),
    });
    const leaks = findLeaks(error, 'error', ['secret-value-1', 'secret-value-2']);
    expect(leaks).toContain('error.errors[0].message contains secret #1');
    expect(leaks).toContain('String(error.cause.cause) contains secret #2');
  });

  it('survives cycles and values that throw when printed', () => {
    const cyclic: { self?: unknown; toJSON(): never } = {
      toJSON() {
        throw new Error('no');
      },
    };
    cyclic.self = cyclic;
    expect(findLeaks(cyclic, 'value', ['nothing-here'])).toEqual([]);
  });

  it('finds nothing in a clean value', () => {
    expect(findLeaks({ a: 1 }, 'value', ['abcd'])).toEqual([]);
  });
});
