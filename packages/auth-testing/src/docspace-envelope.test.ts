import { describe, expect, it } from 'vitest';
import { docSpaceEnvelope, docSpaceErrorEnvelope } from './docspace-envelope.js';

describe('docSpaceEnvelope', () => {
  it('counts lists, scalars and null like DocSpace', () => {
    expect(docSpaceEnvelope([1, 2, 3])).toMatchObject({
      response: [1, 2, 3],
      count: 3,
      status: 0,
      statusCode: 200,
    });
    expect(docSpaceEnvelope(true)).toMatchObject({ response: true, count: 1 });
    const empty = docSpaceEnvelope(null);
    expect(empty.count).toBe(0);
    expect('response' in empty).toBe(false);
  });

  it('adds total only for paged lists', () => {
    expect(docSpaceEnvelope([1], { total: 40 }).total).toBe(40);
    expect('total' in docSpaceEnvelope([1])).toBe(false);
  });
});

describe('docSpaceErrorEnvelope', () => {
  it('builds status 1 with the message', () => {
    expect(docSpaceErrorEnvelope('Access denied', 403)).toMatchObject({
      status: 1,
      statusCode: 403,
      error: { message: 'Access denied' },
    });
  });
});
