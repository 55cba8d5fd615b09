import fc from 'fast-check';
import { invalidContactProfileClaims } from '@min-profil/shared/contact-profile/z-contact-profile-claims';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import {
  demoRegistrations,
  schoolGuardianRegistration,
} from '@min-profil/shared/trust-list/demo-registrations';
import { demoConsumers } from '../../verifier/src/consumers/consumer-config.js';
import {
  createTestHolder,
  issueContactProfile,
  presentContactProfile,
  randomChangeId,
  randomPermissionId,
  type TestHolder,
} from '../../verifier/test/contact-profile-holder.js';
import {
  createMutableTrustList,
  startVerifier,
  testApiKeys,
  type RunningVerifier,
} from '../../verifier/test/start-verifier.js';
import {
  assertProperty,
  fuzzRuns,
  hostileJson,
  hostileString,
  send,
  summarizeFuzzRun,
} from './fuzz-support.js';

/** 4xx with `{ error, error_description }`, never 5xx and never a success. */
function assertRefused(response: { status: number; body: unknown }, context: string): void {
  const body = response.body as { error?: unknown; error_description?: unknown } | undefined;
  if (
    response.status >= 400 &&
    response.status < 500 &&
    typeof body?.error === 'string' &&
    typeof body.error_description === 'string'
  ) {
    return;
  }
  throw new Error(`${context}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
}

/** Contact-profile claims as a hostile wallet might shape them: any JSON under the claim names. */
const hostileProfileClaims = fc.dictionary(
  fc.constantFrom('address', 'emails', 'phones', 'preferred_language', 'contact_preferences', 'extra'),
  fc.oneof(
    hostileJson,
    fc.array(fc.record({ address: hostileString, verified: fc.boolean(), verification: hostileString }), {
      maxLength: 8,
    }),
  ),
  { minKeys: 1 },
);

/**
 * Hostile input at the consumer side of standing permissions (docs/standing-permissions.md):
 * the public update endpoint takes bodies from any wallet on the internet, so whatever arrives —
 * junk JSON, junk tokens, or well-signed profiles with claims of any shape — is refused with a
 * named error, never a crash.
 */
describe('hostile input at the standing-permission endpoints', () => {
  let verifier: RunningVerifier;
  let holder: TestHolder;
  let base: string;
  let audience: string;

  beforeAll(async () => {
    const source = createMutableTrustList();
    verifier = await startVerifier('sqlite', {
      trustList: source,
      apiKeys: testApiKeys(demoConsumers.map((c) => c.id)),
      settings: { rateLimitPerMinute: 1_000_000 },
    });
    const consumers = (
      (await (await fetch(`${verifier.url}/api/consumers`)).json()) as { consumers: never[] }
    ).consumers;
    source.set(
      buildTrustList({
        operator: 'fuzz',
        issuers: [],
        consumers,
        // Only the contact-profile consumers: no issuers are needed for a self-asserted type.
        registrations: demoRegistrations.filter(
          (r) =>
            ['school', 'municipality', 'forsakringskassan'].includes(r.consumerId) &&
            r !== schoolGuardianRegistration,
        ),
      }),
    );
    holder = await createTestHolder();
    base = `${verifier.url}/consumers/school/standing-permissions`;
    audience = (consumers as Array<{ id: string; client_id: string }>).find(
      (c) => c.id === 'school',
    )!.client_id;
  }, 60_000);
  afterAll(async () => {
    await verifier?.stop();
    process.stdout.write(`\n${summarizeFuzzRun('standing permissions')}\n`);
  });

  const post = (body: string) =>
    send(`${base}/updates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('refuses any JSON body and any junk token at the update endpoint', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(
          hostileJson.map((v) => JSON.stringify(v)),
          hostileString,
          fc
            .record({
              standing_permission_id: fc.oneof(hostileString, fc.constant(randomPermissionId())),
              vp_token: fc.oneof(hostileString, hostileJson),
            })
            .map((v) => JSON.stringify(v)),
          fc
            .record({
              standing_permission_id: fc.oneof(hostileString, fc.constant(randomPermissionId())),
              withdrawal: fc.oneof(hostileString, hostileJson),
            })
            .map((v) => JSON.stringify(v)),
          // Contract version 2: the identity beside the profile at a wallet-started grant.
          fc
            .record({
              standing_permission_id: fc.oneof(hostileString, fc.constant(randomPermissionId())),
              vp_token: fc.oneof(hostileString, hostileJson),
              identity_token: fc.oneof(hostileString, hostileJson),
            })
            .map((v) => JSON.stringify(v)),
        ),
        async (body) => assertRefused(await post(body), 'update endpoint'),
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('refuses a well-signed profile whose claims have the wrong shape, before trusting any of it', async () => {
    await assertProperty(
      fc.asyncProperty(hostileProfileClaims, async (claims) => {
        const nonce = await send(`${base}/nonce`, { method: 'POST' });
        const credential = await issueContactProfile({
          holder,
          claims,
          profileVersion: 1,
          changeId: randomChangeId(),
        });
        const vpToken = await presentContactProfile({
          credential,
          holder,
          fields: Object.keys(claims),
          nonce: (nonce.body as { c_nonce: string }).c_nonce,
          audience,
        });
        const response = await post(
          JSON.stringify({ standing_permission_id: randomPermissionId(), vp_token: vpToken }),
        );
        // Only a profile of the contract's shape may start a permission; anything else is refused.
        const wellFormed =
          Object.keys(claims).every((name) => name !== 'extra') &&
          invalidContactProfileClaims(claims).length === 0;
        if (response.status === 200 && !wellFormed) {
          throw new Error(`accepted a malformed profile: ${JSON.stringify(claims).slice(0, 200)}`);
        }
        if (response.status !== 200) assertRefused(response, 'signed profile');
      }),
      { numRuns: Math.min(fuzzRuns, 60) },
    );
  });
});
