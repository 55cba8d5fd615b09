import { startIssuer, type RunningIssuer } from './start-issuer.js';
import { postForm } from './wallet-client.js';

describe('rate limits', () => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer('sqlite', { settings: { rateLimitPerMinute: 3 } });
  });
  afterAll(async () => {
    await issuer.stop();
  });

  it('answers too_many_requests on the token endpoint past the limit, with security headers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await postForm(`${issuer.baseUrl}/af/token`, {
        grant_type: 'authorization_code',
        code: 'x',
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.body.error).toBe('too_many_requests');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});
