import { getGlobalConfig, setGlobalConfig } from '@openid4vc/oauth2';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import { createStaticTrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import { openDirectSession } from '../../wallet/test/direct-session.js';
import { startWallet, type RunningWallet } from '../../wallet/test/start-wallet.js';
import { api, type WalletSession } from '../../wallet/test/wallet-api.js';
import { startOid4vcTsIssuer } from './oid4vc-ts-issuer-server.js';
import { startOid4vcTsVerifier } from './oid4vc-ts-verifier-server.js';

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

let issuer: Awaited<ReturnType<typeof startOid4vcTsIssuer>>;
let verifier: Awaited<ReturnType<typeof startOid4vcTsVerifier>>;
let wallet: RunningWallet;
let person: WalletSession;
let insecureBefore: boolean;

beforeAll(async () => {
  // The library refuses http URLs unless told; a process-wide switch, reset in afterAll.
  insecureBefore = getGlobalConfig().allowInsecureUrls;
  setGlobalConfig({ allowInsecureUrls: true });
  issuer = await startOid4vcTsIssuer({ claims });
  verifier = await startOid4vcTsVerifier({
    issuerKey: (iss) => (iss === issuer.baseUrl ? issuer.publicJwk : undefined),
  });
  const trustList = buildTrustList({
    operator: 'interop test operator',
    issuers: [issuer.trustListEntry()],
    consumers: [verifier.trustListEntry()],
    registrations: [
      {
        consumerId: 'oid4vc-ts-verifier',
        purpose: { sv: 'Medlemskontroll', en: 'Membership check' },
        credentials: [
          {
            issuerId: 'oid4vc-ts-issuer',
            credentialConfigurationId: issuer.configurationId,
            claims: [['given_name'], ['family_name'], ['member_number']],
          },
        ],
      },
    ],
  });
  wallet = await startWallet(kind!, { trustList: createStaticTrustListSource(trustList) });
  person = await openDirectSession(wallet.ctx, pnr);
});

afterAll(async () => {
  await wallet?.stop();
  await verifier?.stop();
  await issuer?.stop();
  setGlobalConfig({ allowInsecureUrls: insecureBefore });
});

/** The person takes an offer of the library issuer into the wallet; returns the stored credential. */
async function receive(): Promise<Record<string, any>> {
  const offer = await issuer.offer();
  const preview = await api(wallet.baseUrl, person, 'POST', '/api/credential-offers', {
    offer: offer.link,
    tx_code: offer.txCode,
  });
  expect(preview.status).toBe(201);
  const accepted = await api(
    wallet.baseUrl,
    person,
    'POST',
    `/api/credential-offers/${preview.body.id}/accept`,
  );
  expect(accepted.status).toBe(200);
  expect(accepted.body.state).toBe('stored');
  return accepted.body.credentials[0];
}

const membershipQuery = (names: string[]) => ({
  credentials: [
    {
      id: 'membership',
      format: 'dc+sd-jwt',
      meta: { vct_values: [issuer.vct] },
      claims: names.map((name) => ({ path: [name] })),
    },
  ],
});

describe('@openid4vc/openid4vci issuer ← our wallet', () => {
  it('pre-authorized code with tx_code, nonce endpoint, jwt proof: the wallet stores the SD-JWT VC', async () => {
    const before = issuer.events.length;
    const stored = await receive();
    expect(issuer.events.slice(before)).toEqual([
      'token: pre-authorized code and tx_code verified',
      'credential: access token verified',
      'credential: 1 proof(s) verified, SD-JWT VC issued',
    ]);
    expect(stored).toMatchObject({
      format: 'dc+sd-jwt',
      vct: issuer.vct,
      credential_configuration_id: issuer.configurationId,
      status: 'valid',
      names_holder: true,
      issuer: { credential_issuer: issuer.baseUrl, trusted: true },
    });
  });

  it('a wrong tx_code: the library issuer refuses the token request, the wallet says so and stores nothing', async () => {
    const before = (await api(wallet.baseUrl, person, 'GET', '/api/credentials')).body.credentials.length;
    const offer = await issuer.offer();
    const preview = await api(wallet.baseUrl, person, 'POST', '/api/credential-offers', {
      offer: offer.link,
      tx_code: offer.txCode === '111111' ? '222222' : '111111',
    });
    expect(preview.status).toBeGreaterThanOrEqual(400);
    expect(preview.body).toMatchObject({ error: 'invalid_grant', issuer_error: 'invalid_grant' });
    const after = (await api(wallet.baseUrl, person, 'GET', '/api/credentials')).body.credentials.length;
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
      const link = await verifier.request(membershipQuery(['given_name', 'member_number']), responseMode);
      const shown = await api(wallet.baseUrl, person, 'POST', '/api/presentation-requests', {
        request: link,
      });
      expect(shown.status).toBe(201);
      expect(shown.body.verifier).toMatchObject({
        client_id: verifier.clientId,
        verified: true,
        registered: true,
      });
      expect(shown.body.can_answer).toBe(true);
      const sent = await api(
        wallet.baseUrl,
        person,
        'POST',
        `/api/presentation-requests/${shown.body.id}/response`,
        { decision: 'approve', claims: { membership: ['given_name', 'member_number'] } },
      );
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ delivered: true, redirect_uri: `${verifier.baseUrl}/done` });
      const outcome = verifier.outcomes.at(-1)!;
      expect(outcome.refused).toBeUndefined();
      expect(outcome.canBeSatisfied).toBe(true);
      expect(outcome.keyBinding?.aud).toBe(verifier.clientId);
      const [presented] = outcome.claims!.membership!;
      expect(presented).toMatchObject({ given_name: 'Tolvan', member_number: 'M-1212', iss: issuer.baseUrl });
      expect(presented!.family_name).toBeUndefined();
    },
  );

  it('the person declines: the library verifier reads access_denied', async () => {
    const link = await verifier.request(membershipQuery(['given_name']), 'direct_post');
    const shown = await api(wallet.baseUrl, person, 'POST', '/api/presentation-requests', { request: link });
    const declined = await api(
      wallet.baseUrl,
      person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      { decision: 'decline' },
    );
    expect(declined.body).toMatchObject({ delivered: true });
    expect(verifier.outcomes.at(-1)).toMatchObject({ error: 'access_denied' });
  });
});
