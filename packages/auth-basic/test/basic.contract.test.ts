import { AuthHttpError, createDocSpaceClient } from '@ds/auth-core';
import { docSpaceEnvelope } from '@ds/auth-testing';
import { useMockPortal } from '@ds/auth-testing/node';
import { describe, expect, it } from 'vitest';
import { createBasicAuth } from '../src/index.js';

const portal = useMockPortal();
const auth = () => createBasicAuth({ email: 'jane@example.com', password: 'pässwörd' });
const HEADER = 'Basic amFuZUBleGFtcGxlLmNvbTpww6Rzc3fDtnJk';

describe('createBasicAuth against a mocked portal', () => {
  it('sends the Basic header to the portal', async () => {
    portal()
      .pool.intercept({ path: '/api/2.0/people/@self', headers: { authorization: HEADER } })
      .reply(200, docSpaceEnvelope({ id: 'u1', displayName: 'Jane Doe' }), {
        headers: { 'content-type': 'application/json', 'www-authenticate': 'Basic' },
      });
    const client = createDocSpaceClient({ baseUrl: portal().origin, auth: auth(), fetch: portal().fetch });
    expect(await client.get('/api/2.0/people/@self')).toEqual({ id: 'u1', displayName: 'Jane Doe' });
  });

  it('turns the empty 401 for a wrong password into ERR_AUTH_UNAUTHORIZED, asking only once', async () => {
    portal()
      .pool.intercept({ path: '/api/2.0/people/@self', headers: { authorization: HEADER } })
      .reply(401, '', { headers: { 'www-authenticate': 'Basic' } });
    const client = createDocSpaceClient({ baseUrl: portal().origin, auth: auth(), fetch: portal().fetch });
    const error = await client.get('/api/2.0/people/@self').catch((caught: unknown) => caught);
    expect(AuthHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_AUTH_UNAUTHORIZED', status: 401 });
    expect(String((error as Error).message)).not.toContain('amFuZ');
  });

  it('never sends the password to another origin', async () => {
    const other = portal().agent.get('https://cdn.example.com');
    other
      .intercept({ path: '/avatar.png', headers: (headers) => !('authorization' in headers) })
      .reply(200, 'png');
    const client = createDocSpaceClient({ baseUrl: portal().origin, auth: auth(), fetch: portal().fetch });
    const response = await client.fetch('https://cdn.example.com/avatar.png');
    expect(await response.text()).toBe('png');
  });
});
