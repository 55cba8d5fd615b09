import { startIssuer } from '../issuer/test/start-issuer.js';
import { createMutableTrustList, startVerifier } from '../verifier/test/start-verifier.js';
import { startWallet } from '../wallet/test/start-wallet.js';

/** Each service's rate limit, asked the same way: limited endpoints, two requests a minute. */
const limit = 2;
const pk = '(; pk=:[A-Za-z0-9+/=]+:)?';

interface Service {
  name: string;
  /** A request to an endpoint behind the rate limit (its answer below the limit does not matter). */
  request(): Promise<Response>;
  stop(): Promise<void>;
}

async function startServices(): Promise<Service[]> {
  const settings = { rateLimitPerMinute: limit };
  const issuer = await startIssuer('sqlite', { settings });
  const verifier = await startVerifier('sqlite', { trustList: createMutableTrustList(), settings });
  const wallet = await startWallet('sqlite', { trustList: createMutableTrustList(), settings });
  return [
    {
      name: 'issuer',
      request: () =>
        fetch(`${issuer.baseUrl}/af/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=authorization_code&code=x',
        }),
      stop: () => issuer.stop(),
    },
    {
      name: 'verifier',
      request: () => fetch(`${verifier.url}/api/presentation-requests/unknown`),
      stop: () => verifier.stop(),
    },
    {
      name: 'wallet',
      request: () => fetch(`${wallet.baseUrl}/api/credentials`),
      stop: () => wallet.stop(),
    },
  ];
}

describe('rate limits: the same answer from every service', () => {
  let services: Service[] = [];
  beforeAll(async () => {
    services = await startServices();
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
  });

  it.each(['issuer', 'verifier', 'wallet'])(
    '%s: RateLimit headers on every answer, 429 with Retry-After and a spec-style body past the limit',
    async (name) => {
      const service = services.find((s) => s.name === name)!;
      for (let i = 0; i < limit; i++) {
        const allowed = await service.request();
        expect(allowed.status).not.toBe(429);
        // draft-ietf-httpapi-ratelimit-headers-08: a named policy with its quota and window, and
        // what is left of it (`pk` is the partition key, a hash of the client's address).
        expect(allowed.headers.get('ratelimit-policy')).toMatch(
          new RegExp(`^"[^"]+"; q=${limit}; w=60${pk}$`),
        );
        expect(allowed.headers.get('ratelimit')).toMatch(
          new RegExp(`^"[^"]+"; r=${limit - i - 1}; t=\\d+${pk}$`),
        );
      }
      const refused = await service.request();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('ratelimit')).toMatch(new RegExp(`^"[^"]+"; r=0; t=\\d+${pk}$`));
      // RFC 9110 §10.2.3: delay-seconds.
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('cache-control')).toBe('no-store');
      expect(await refused.json()).toEqual({
        error: 'too_many_requests',
        error_description: 'too many requests: slow down and try again in a minute',
      });
    },
  );
});
