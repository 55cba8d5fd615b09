import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';

/** A browser's CORS preflight for a POST from another origin. */
function preflight(url: string, requestHeaders: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: 'https://wallet.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': requestHeaders,
    },
  });
}

describe('CORS: protocol endpoints open to browsers, staff and back-end APIs same-origin', () => {
  let issuer: RunningIssuer;
  let verifier: RunningVerifier;
  beforeAll(async () => {
    issuer = await startIssuer('sqlite');
    verifier = await startVerifier('sqlite', { trustList: createMutableTrustList() });
  });
  afterAll(async () => {
    await Promise.all([issuer.stop(), verifier.stop()]);
  });

  it('issuer: the token endpoint answers a preflight (DPoP allowed), the staff offers endpoint does not', async () => {
    const open = await preflight(`${issuer.baseUrl}/af/token`, 'dpop');
    expect(open.status).toBe(204);
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    expect(open.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(open.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, DPoP');
    expect(open.headers.get('access-control-max-age')).toBe('600');

    const staff = await preflight(`${issuer.baseUrl}/af/offers`, 'authorization');
    expect(staff.headers.get('access-control-allow-origin')).toBeNull();
    const staffGet = await fetch(`${issuer.baseUrl}/af/admin`, { headers: { Origin: 'https://x.example' } });
    expect(staffGet.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('verifier: the response endpoint answers a preflight, the consumer API does not', async () => {
    const open = await preflight(`${verifier.url}/openid4vp/response`, 'content-type');
    expect(open.status).toBe(204);
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    expect(open.headers.get('access-control-allow-headers')).toBe('Content-Type');

    const backEnd = await preflight(`${verifier.url}/api/presentation-requests`, 'content-type');
    expect(backEnd.headers.get('access-control-allow-origin')).toBeNull();
    const standing = await fetch(`${verifier.url}/api/standing-permissions`, {
      headers: { Origin: 'https://x.example' },
    });
    expect(standing.headers.get('access-control-allow-origin')).toBeNull();
  });
});
