import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api } from '../../wallet/test/wallet-api.js';
import { startOid4vcTsWorld, type Oid4vcTsWorld } from './oid4vc-ts-world.js';

/**
 * Our wallet against an issuer and a verifier that are not ours: both assembled from the
 * oid4vc-ts server classes (@openid4vc/openid4vci, @openid4vc/oauth2, @openid4vc/openid4vp),
 * with `dcql` and `@sd-jwt/sd-jwt-vc`, on 127.0.0.1. The operator lists both in the wallet's
 * trust list, as for any issuer and verifier; the wallet's rules are not loosened.
 */
const [kind] = testDatabaseKinds();
const pnr = '191212121212';
// A Swedish issuer names the holder by personal identity number: the wallet checks it is the
// signed-in person's.
const claims = {
  given_name: 'Tolvan',
  family_name: 'Tolvansson',
  member_number: 'M-1212',
  personal_identity_number: pnr,
};

let world: Oid4vcTsWorld;

beforeAll(async () => {
  world = await startOid4vcTsWorld({
    kind: kind!,
    pnr,
    claims,
    registeredClaims: ['given_name', 'family_name', 'member_number'],
  });
});
afterAll(async () => {
  await world?.stop();
});

/** The person takes an offer of the library issuer into the wallet; returns the stored credential. */
async function receive(): Promise<Record<string, any>> {
  const accepted = await world.receive();
  expect(accepted.status).toBe(200);
  expect(accepted.body.state).toBe('stored');
  return accepted.body.credentials[0];
}

const membershipQuery = (names: string[]) => ({
  credentials: [
    {
      id: 'membership',
      format: 'dc+sd-jwt',
      meta: { vct_values: [world.issuer.vct] },
      claims: names.map((name) => ({ path: [name] })),
    },
  ],
});

describe('@openid4vc/openid4vci issuer ← our wallet', () => {
  it('pre-authorized code with tx_code, DPoP with use_dpop_nonce, nonce endpoint, jwt proof: the wallet stores the SD-JWT VC', async () => {
    const before = world.issuer.events.length;
    const stored = await receive();
    expect(world.issuer.events.slice(before)).toEqual([
      'token: use_dpop_nonce answered',
      'token: pre-authorized code, tx_code and DPoP proof with nonce verified',
      'credential: DPoP-bound access token and proof with nonce verified',
      'credential: 1 proof(s) verified, SD-JWT VC issued',
    ]);
    expect(stored).toMatchObject({
      format: 'dc+sd-jwt',
      vct: world.issuer.vct,
      credential_configuration_id: world.issuer.configurationId,
      status: 'valid',
      names_holder: true,
      issuer: { credential_issuer: world.issuer.baseUrl, trusted: true },
    });
  });

  it('a wrong tx_code: the library issuer refuses the token request, the wallet says so and stores nothing', async () => {
    const before = (await api(world.wallet.baseUrl, world.person, 'GET', '/api/credentials')).body.credentials
      .length;
    const offer = await world.issuer.offer();
    const preview = await api(world.wallet.baseUrl, world.person, 'POST', '/api/credential-offers', {
      offer: offer.link,
      tx_code: offer.txCode === '111111' ? '222222' : '111111',
    });
    expect(preview.status).toBeGreaterThanOrEqual(400);
    expect(preview.body).toMatchObject({ error: 'invalid_grant', issuer_error: 'invalid_grant' });
    const after = (await api(world.wallet.baseUrl, world.person, 'GET', '/api/credentials')).body.credentials
      .length;
    expect(after).toBe(before);
  });
});

describe('@openid4vc/openid4vp verifier ← our wallet', () => {
  beforeAll(async () => {
    await receive();
  });

  it.each(['direct_post', 'direct_post.jwt'] as const)(
    'signed request object by request_uri, DCQL, %s: the library verifies the disclosed claims and key binding',
    async (responseMode) => {
      const link = await world.verifier.request(
        membershipQuery(['given_name', 'member_number']),
        responseMode,
      );
      const shown = await api(world.wallet.baseUrl, world.person, 'POST', '/api/presentation-requests', {
        request: link,
      });
      expect(shown.status).toBe(201);
      expect(shown.body.verifier).toMatchObject({
        client_id: world.verifier.clientId,
        verified: true,
        registered: true,
      });
      expect(shown.body.can_answer).toBe(true);
      const sent = await api(
        world.wallet.baseUrl,
        world.person,
        'POST',
        `/api/presentation-requests/${shown.body.id}/response`,
        { decision: 'approve', claims: { membership: ['given_name', 'member_number'] } },
      );
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ delivered: true, redirect_uri: `${world.verifier.baseUrl}/done` });
      const outcome = world.verifier.outcomes.at(-1)!;
      expect(outcome.refused).toBeUndefined();
      expect(outcome.canBeSatisfied).toBe(true);
      expect(outcome.keyBinding?.aud).toBe(world.verifier.clientId);
      const [presented] = outcome.claims!.membership!;
      expect(presented).toMatchObject({
        given_name: 'Tolvan',
        member_number: 'M-1212',
        iss: world.issuer.baseUrl,
      });
      expect(presented!.family_name).toBeUndefined();
    },
  );

  it('the person declines: the library verifier reads access_denied', async () => {
    const link = await world.verifier.request(membershipQuery(['given_name']), 'direct_post');
    const shown = await api(world.wallet.baseUrl, world.person, 'POST', '/api/presentation-requests', {
      request: link,
    });
    const declined = await api(
      world.wallet.baseUrl,
      world.person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      { decision: 'decline' },
    );
    expect(declined.body).toMatchObject({ delivered: true });
    expect(world.verifier.outcomes.at(-1)).toMatchObject({ error: 'access_denied' });
  });
});
