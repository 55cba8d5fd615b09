import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import type { VerifierSettings } from '../verifier/src/context.js';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';

/**
 * Rate limits hold for the service as a whole (docs/operations.md "Rate limits"): two verifier
 * instances on one PostgreSQL database count in one shared store — the database itself, or
 * Redis with REDIS_URL — so a limit is not doubled by a second instance. A consumer's API key
 * is limited per key at its configured limit; callers without a key per address.
 */
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const settings: Partial<VerifierSettings> = {
  rateLimitPerMinute: 5,
  apiKeyRateLimitPerMinute: 12,
  apiKeyRateLimits: { insurer: 6 },
};

/** The limits count in fixed minute windows: start a burst with plenty of its window left. */
async function roomInWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const templates: Record<string, string> = { insurer: 'unemployment_claim', university: 'admission' };

async function createRequest(verifier: RunningVerifier, consumer: string): Promise<Response> {
  return fetch(`${verifier.url}/api/presentation-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${verifier.apiKeys[consumer]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ template: templates[consumer] }),
  });
}

const stores = testDatabaseKinds().includes('postgres') ? (['postgres', 'redis'] as const) : [];
const onPostgres = stores.length > 0 ? describe.each(stores) : describe.skip.each(['postgres']);
onPostgres('rate limits across two verifier instances, counted in %s', (store) => {
  let first: RunningVerifier;
  let second: RunningVerifier;

  beforeAll(async () => {
    const trustList = createMutableTrustList();
    trustList.set(
      buildTrustList({ operator: 'test operator', issuers: [], consumers: [], registrations: [] }),
    );
    const shared = { trustList, settings, ...(store === 'redis' ? { redisUrl } : {}) };
    first = await startVerifier('postgres', shared);
    second = await startVerifier('postgres', { ...shared, sameDeploymentAs: first });
  });
  afterAll(async () => {
    await second?.stop({ keepDatabase: true });
    await first?.stop();
  });

  it('holds a consumer key to its own limit across both instances, and reports it', async () => {
    await roomInWindow();
    const instances = [first, second];
    for (let i = 0; i < 6; i++) {
      const answer = await createRequest(instances[i % 2], 'insurer');
      expect(answer.status).toBe(201);
      expect(answer.headers.get('ratelimit-policy')).toMatch(/q=6\b/);
      expect(answer.headers.get('ratelimit')).toMatch(new RegExp(`r=${5 - i}\\b`));
    }
    for (const instance of instances) {
      const refused = await createRequest(instance, 'insurer');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toMatchObject({ error: 'too_many_requests' });
    }
    // Another consumer's key has its own count, at the default per-key limit.
    const other = await createRequest(second, 'university');
    expect(other.status).toBe(201);
    expect(other.headers.get('ratelimit-policy')).toMatch(/q=12\b/);
  });

  it('limits callers without a valid key per address, across both instances', async () => {
    await roomInWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const instance = i % 2 === 0 ? first : second;
      // An unknown key is no key: it does not open a count of its own.
      const answer = await fetch(`${instance.url}/api/presentation-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer not-a-key-${i}`, 'content-type': 'application/json' },
        body: '{}',
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});

(stores.length > 0 ? describe : describe.skip)(
  'staff keys at two issuer instances, counted in PostgreSQL',
  () => {
    let first: RunningIssuer;
    let second: RunningIssuer;

    beforeAll(async () => {
      const settings = { staffRateLimitPerMinute: 8, staffRateLimits: { af: 3 } };
      first = await startIssuer('postgres', { settings });
      second = await startIssuer('postgres', { settings, shareWith: first });
    });
    afterAll(async () => {
      await second?.stop();
      await first?.stop();
    });

    const offer = (issuer: RunningIssuer, holder: string) =>
      fetch(`${issuer.instanceUrl}/${holder}/offers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.staffKeys[holder]}`, 'content-type': 'application/json' },
        body: '{}',
      });

    it("limits each staff key at its holder's limit over both instances", async () => {
      await roomInWindow();
      for (let i = 0; i < 3; i++) {
        const answer = await offer(i % 2 === 0 ? first : second, 'af');
        expect(answer.status).not.toBe(429);
        expect(answer.headers.get('ratelimit-policy')).toMatch(/q=3\b/);
      }
      expect((await offer(second, 'af')).status).toBe(429);
      expect((await offer(first, 'af')).status).toBe(429);
      const other = await offer(first, 'skatteverket');
      expect(other.status).not.toBe(429);
      expect(other.headers.get('ratelimit-policy')).toMatch(/q=8\b/);
    });
  },
);
