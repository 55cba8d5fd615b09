import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { finishHolderFetch } from './holder-sign-in.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier, wholeDemoTrust } from './wallet-with-verifier.js';

/** The wallet against the REAL verifier: the insurer story end to end over HTTP only. */
describe.each(testDatabaseKinds())('wallet and the real verifier (insurer) on %s', (kind) => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let wallet: string;

  beforeAll(async () => {
    ({ world, verifier, person } = await startWalletWithVerifier(kind, wholeDemoTrust));
    wallet = world.wallet.baseUrl;
  });
  afterAll(async () => {
    await verifier?.stop();
    await world?.stop();
  });

  it('shares name and registered since with the registered insurer, which verifies them', async () => {
    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    expect(created.status).toBe(201);
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.body).toMatchObject({ state: 'open' });
    expect(shown.body.verifier).toMatchObject({
      client_id_prefix: 'decentralized_identifier',
      verified: true,
      registered: true,
      purposes: [expect.objectContaining({ sv: expect.stringMatching(/arbetslöshet/) })],
    });
    expect(shown.body.warnings).toEqual([]);
    expect(shown.body.credential_queries[0].matches[0].claims_to_send.map((c: any) => c.name)).toEqual([
      'given_name',
      'family_name',
      'registered_since',
    ]);
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.status).toBe(200);
    expect(sent.body.delivered).toBe(true);
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0]).toMatchObject({
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
      registered_since: '2026-09-01',
    });
    expect(result.body.claims.registration[0].personal_identity_number).toBeUndefined();
  });

  it('answers a query that names no claims with the credential alone: nothing selectively disclosable goes', async () => {
    // OpenID4VP 1.0 §6.4.1: without `claims` the verifier asks for no selectively disclosable claim.
    const created = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'Är personen inskriven?',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.body.can_answer).toBe(true);
    const [match] = shown.body.credential_queries[0].matches;
    expect(match.claims_to_send).toEqual([]);
    // The AF certificate makes every personal claim selectively disclosable: nothing goes always.
    expect(match.claims_always_sent).toEqual([]);
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.status).toBe(200);
    expect(sent.body.delivered).toBe(true);
    expect(sent.body.sent).toEqual([expect.objectContaining({ query_id: 'registration', claims: [] })]);
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.checks).toContainEqual(
      expect.objectContaining({ name: 'no_unrequested_claims', passed: true, query_id: 'registration' }),
    );
    // Only what says which credential it is; no claim about the person.
    expect(Object.keys(result.body.claims.registration[0]).sort()).toEqual(['issuer', 'vct']);
  });

  it('sends the refusal to the insurer as access_denied', async () => {
    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    const declined = await api(
      wallet,
      person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'decline',
      },
    );
    expect(declined.body.decision).toBe('decline');
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).not.toBe('verified');
    expect(JSON.stringify(result.body)).toContain('access_denied');
  });

  it('answers an encrypted direct_post.jwt request and hands back the same-device redirect', async () => {
    const created = await createPresentationRequest(verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: 'direct_post.jwt',
      redirect_uri: 'https://insurer.example/claim',
    });
    expect(created.status).toBe(201);
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.body.response_mode).toBe('direct_post.jwt');
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    expect(sent.body.redirect_uri).toMatch(/^https:\/\/insurer\.example\/claim#response_code=/);
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
  });

  it('fetches the missing permits and address from two holders in parallel, then answers the internship request once', async () => {
    const samir = '198806244417';
    const newcomer = await tokenSession(wallet, samir);
    const created = await createPresentationRequest(verifier, 'af-praktik', { template: 'internship' });
    const shown = await api(wallet, newcomer, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.body.can_answer).toBe(false);
    const missing = shown.body.credential_queries.filter((q: any) => q.missing);
    expect(missing.map((q: any) => q.holders[0].id).sort()).toEqual([
      'migrationsverket',
      'migrationsverket',
      'skatteverket',
    ]);

    // Every missing credential fetched at once, each with its own sign-in at its holder.
    await Promise.all(
      missing.map(async (q: any) => {
        const holder = q.holders[0];
        const started = await api(wallet, newcomer, 'POST', `/api/holders/${holder.id}/fetch`, {
          credential_configuration_id: holder.credential_configuration_ids[0],
        });
        const done = await finishHolderFetch(wallet, started.body.authorization_url, samir);
        expect(new URL(done.headers.get('location')!, wallet).searchParams.get('received')).toBeTruthy();
      }),
    );
    const ready = await api(wallet, newcomer, 'GET', `/api/presentation-requests/${shown.body.id}`);
    expect(ready.body.can_answer).toBe(true);
    const sent = await api(wallet, newcomer, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    expect(sent.body.sent).toHaveLength(3);
    const result = await readPresentationResult(verifier, 'af-praktik', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(Object.keys(result.body.claims).sort()).toEqual(
      shown.body.credential_queries.map((q: any) => q.id).sort(),
    );
  });
});
