import fc from 'fast-check';
import type { RunningIssuer } from '../../issuer/test/start-issuer.js';
import { postJson } from '../../issuer/test/wallet-client.js';
import { startIssuerWithWalletClient, type IssuerWithWalletClient } from '../issuer-with-wallet-client.js';
import {
  assertProperty,
  assertSpecError,
  fuzzRuns,
  hostileString,
  send,
  summarizeFuzzRun,
} from './fuzz-support.js';

const tolvan = '191212121212';
const samir = '198806244417';

interface UsagePage {
  usage: Array<{ purpose: string }>;
  next_cursor?: string;
}

/**
 * Hostile input at `GET /{holder}/usage`, over real HTTP: any query (cursor, limit, names it
 * does not take) with a good token, any Authorization header, cursors that decode to made-up
 * positions. Every answer is a page of the token's own person's log or a spec error; nothing is
 * a 5xx, and no page ever shows another person's entry.
 */
describe('hostile input at the usage log', () => {
  let world: IssuerWithWalletClient;
  let issuer: RunningIssuer;
  let token: string;
  beforeAll(async () => {
    world = await startIssuerWithWalletClient('sqlite', { settings: { rateLimitPerMinute: 1_000_000 } });
    issuer = world.issuer;
    token = await usageToken(tolvan);
    for (const [person, purpose] of [
      [tolvan, 'Om Tolvan 1'],
      [tolvan, 'Om Tolvan 2'],
      [tolvan, 'Om Tolvan 3'],
      [samir, 'Om Samir'],
    ] as const) {
      const answer = await postJson(
        `${issuer.baseUrl}/af/admin/lookups`,
        {
          personal_identity_number: person,
          fields: ['given_name'],
          purpose,
          legal_basis: '110 kap. 31 § socialförsäkringsbalken',
          requester: { org_number: '202100-5521', name: 'Försäkringskassan', system: 'Ersättning' },
        },
        { authorization: `Bearer ${issuer.staffKeys.af}` },
      );
      expect(answer.status).toBe(200);
    }
  });
  afterAll(async () => {
    await world?.stop();
    process.stdout.write(`\n${summarizeFuzzRun('usage log')}\n`);
  });

  /** PAR → consent → eID → code → a `usage_log` token at af for the person. */
  const usageToken = async (identityNumber: string) =>
    (await world.authorize('af', identityNumber, 'usage_log')).token.access_token as string;

  const read = (query: string, authorization = `Bearer ${token}`) =>
    send(`${issuer.baseUrl}/af/usage${query}`, { headers: { authorization } });

  /** A page is well formed, at most `limit` long, and only ever the token's own person's. */
  function assertOwnPage(response: { status: number; body: unknown }, context: string): void {
    const page = response.body as UsagePage;
    expect(Array.isArray(page.usage)).toBe(true);
    expect(page.usage.length).toBeLessThanOrEqual(100);
    for (const entry of page.usage) {
      if (!entry.purpose.startsWith('Om Tolvan')) throw new Error(`${context}: ${JSON.stringify(entry)}`);
    }
    if (page.next_cursor !== undefined) expect(page.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  }

  it('answers any query with the person’s own page or a spec error', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('cursor', 'limit', 'personal_identity_number', 'holder', 'x'),
          fc.oneof(hostileString, fc.integer({ min: -1000, max: 1000 }).map(String)),
          { maxKeys: 3 },
        ),
        async (query) => {
          const response = await read(`?${new URLSearchParams(query)}`);
          if (response.status === 200) {
            // Only `cursor` and `limit` are taken: a page means nothing else was sent.
            expect(Object.keys(query).every((k) => k === 'cursor' || k === 'limit')).toBe(true);
            assertOwnPage(response, 'query');
          } else assertSpecError(response, 'usage query');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('places any well-formed but made-up cursor in the person’s own log only', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER), fc.bigInt({ min: 0n, max: 10n ** 16n })),
        fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 10n ** 16n })),
        fc.integer({ min: 1, max: 100 }),
        async (time, id, limit) => {
          const cursor = Buffer.from(`u1.${time}.${id}`).toString('base64url');
          const response = await read(`?cursor=${cursor}&limit=${limit}`);
          if (response.status === 200) {
            assertOwnPage(response, 'cursor');
            expect((response.body as UsagePage).usage.length).toBeLessThanOrEqual(limit);
          } else assertSpecError(response, 'usage cursor');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('refuses any Authorization header that is not a token of this holder', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom('Bearer ', 'DPoP ', 'bearer ', '', 'Basic '),
        fc.oneof(hostileString, fc.constant(token.slice(0, -1)), fc.constant(`${token}x`)),
        fc.constantFrom('af', 'skatteverket', 'skola'),
        async (scheme, value, holder) => {
          // Only the exact token at its own holder reads the log; this one is never it.
          const response = await send(`${issuer.baseUrl}/${holder}/usage`, {
            headers: { authorization: `${scheme}${value}`.replace(/[^\t\x20-\x7e]/g, '') },
          });
          assertSpecError(response, 'usage authorization');
          expect([400, 401, 403]).toContain(response.status);
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('still answers the person after the hostile run', async () => {
    const response = await read('?limit=100');
    expect(response.status).toBe(200);
    expect((response.body as UsagePage).usage.map((u) => u.purpose)).toEqual([
      'Om Tolvan 3',
      'Om Tolvan 2',
      'Om Tolvan 1',
    ]);
  });
});
