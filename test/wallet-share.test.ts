import { generateKeyPair } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startStandInVerifier } from './wallet-stand-in-verifier.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

describe.each(testDatabaseKinds())('wallet shares with a verifier on %s', (kind) => {
  let world: WalletWorld;
  let verifier: Awaited<ReturnType<typeof startStandInVerifier>>;
  let person: WalletSession;
  let wallet: string;
  let certificateVct: string;
  let addressVct: string;

  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    verifier = await startStandInVerifier({ trustList: () => world.trustList });
    certificateVct = `${world.issuer.baseUrl}/af/vct/registration-certificate`;
    addressVct = `${world.issuer.baseUrl}/skatteverket/vct/registered-address`;
    world.addConsumer(
      verifier.consumer([
        {
          purpose: { sv: 'Ersättning vid arbetslöshet', en: 'Unemployment insurance claim' },
          credentials: [
            {
              format: 'dc+sd-jwt',
              type: certificateVct,
              claims: [['given_name'], ['family_name'], ['registered_since']],
            },
          ],
        },
      ]),
    );
    person = await tokenSession(wallet, tolvan);
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const received = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
  });
  afterAll(async () => {
    await verifier?.stop();
    await world?.stop();
  });

  const certificateQuery = (claims: string[]) => ({
    credentials: [
      {
        id: 'certificate',
        format: 'dc+sd-jwt',
        meta: { vct_values: [certificateVct] },
        claims: claims.map((name) => ({ path: [name] })),
      },
    ],
  });

  it('shows who asks, why, and exactly which claims would go, then sends only the approved ones', async () => {
    const link = await verifier.signedRequest(
      certificateQuery(['given_name', 'family_name', 'registered_since']),
    );
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.status).toBe(201);
    expect(shown.body.verifier).toMatchObject({
      client_id: verifier.clientId,
      client_id_prefix: 'decentralized_identifier',
      verified: true,
      registered: true,
      name: { sv: 'Försäkringsbolaget' },
      purposes: [{ sv: 'Ersättning vid arbetslöshet', en: 'Unemployment insurance claim' }],
    });
    expect(shown.body.warnings).toEqual([]);
    expect(shown.body.can_answer).toBe(true);
    const [query] = shown.body.credential_queries;
    expect(query.claims.map((c: any) => c.label.sv)).toEqual(['Förnamn', 'Efternamn', 'Inskriven sedan']);
    expect(query.matches[0].claims_to_send).toEqual([
      { name: 'given_name', value: 'Tolvan', label: { sv: 'Förnamn', en: 'Given name' } },
      { name: 'family_name', value: 'Tolvansson', label: { sv: 'Efternamn', en: 'Family name' } },
      {
        name: 'registered_since',
        value: '2026-09-01',
        label: { sv: 'Inskriven sedan', en: 'Registered since' },
      },
    ]);

    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
      claims: { certificate: ['given_name', 'registered_since'] },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ decision: 'approve', delivered: true });
    expect(sent.body.redirect_uri).toMatch(`${verifier.baseUrl}/done?state=`);
    const answer = verifier.answers.at(-1)!;
    const [presentation] = answer.presentations.certificate!;
    expect(presentation!.failure).toBeUndefined();
    expect(presentation!.verified!.claims).toMatchObject({
      given_name: 'Tolvan',
      registered_since: '2026-09-01',
    });
    expect(presentation!.verified!.claims.family_name).toBeUndefined();
    expect(presentation!.verified!.claims.personal_identity_number).toBeUndefined();
    expect(presentation!.verified!.keyBinding).toBeDefined();

    // One answer per request.
    const again = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(again.status).toBe(409);

    const log = await api(wallet, person, 'GET', '/api/log?event=presentation');
    expect(log.body.entries[0]).toMatchObject({
      counterparty: verifier.clientId,
      counterparty_name: { sv: 'Försäkringsbolaget' },
      claims: ['given_name', 'registered_since'],
      purpose: { sv: 'Ersättning vid arbetslöshet' },
      outcome: 'sent',
    });
    expect(JSON.stringify(log.body)).not.toMatch(/Tolvan|2026-09-01/);
    const overview = await api(wallet, person, 'GET', '/api/overview');
    expect(overview.body.shared_with[0]).toMatchObject({ client_id: verifier.clientId });
    expect(overview.body.holders.find((h: any) => h.id === 'af').held_credentials).toHaveLength(1);
  });

  it('answers an encrypted direct_post.jwt with exactly what was asked when no choice is given', async () => {
    const link = await verifier.signedRequest(
      certificateQuery(['given_name', 'family_name']),
      'direct_post.jwt',
    );
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.body.response_mode).toBe('direct_post.jwt');
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    const claims = verifier.answers.at(-1)!.presentations.certificate![0]!.verified!.claims;
    expect(claims).toMatchObject({ given_name: 'Tolvan', family_name: 'Tolvansson' });
    expect(claims.registered_since).toBeUndefined();
  });

  it('declines with access_denied and logs the refusal', async () => {
    const link = await verifier.signedRequest(certificateQuery(['given_name']));
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    const declined = await api(
      wallet,
      person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'decline',
      },
    );
    expect(declined.body).toMatchObject({ decision: 'decline', delivered: true });
    expect(verifier.answers.at(-1)).toMatchObject({ error: 'access_denied', presentations: {} });
    const log = await api(wallet, person, 'GET', '/api/log?event=refusal');
    expect(log.body.entries[0]).toMatchObject({
      counterparty: verifier.clientId,
      outcome: 'declined',
      claims: ['given_name'],
    });
  });

  it('warns when the asker asks for more than it is registered for', async () => {
    const link = await verifier.signedRequest(certificateQuery(['given_name', 'personal_identity_number']));
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.body.warnings).toEqual([
      expect.objectContaining({
        code: 'beyond_registration',
        claims: [{ type: certificateVct, claims: ['personal_identity_number'] }],
      }),
    ]);
  });

  it('says what is missing and which holder issues it', async () => {
    const link = await verifier.signedRequest({
      credentials: [
        {
          id: 'certificate',
          format: 'dc+sd-jwt',
          meta: { vct_values: [certificateVct] },
          claims: [{ path: ['given_name'] }],
        },
        {
          id: 'address',
          format: 'dc+sd-jwt',
          meta: { vct_values: [addressVct] },
          claims: [{ path: ['address'] }],
        },
      ],
    });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.body.can_answer).toBe(false);
    const address = shown.body.credential_queries.find((q: any) => q.id === 'address');
    expect(address.missing).toBe(true);
    expect(address.holders).toEqual([
      expect.objectContaining({ id: 'skatteverket', credential_configuration_ids: ['registered_address'] }),
    ]);
    const refused = await api(
      wallet,
      person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'approve',
      },
    );
    expect(refused.status).toBe(409);
  });

  it('answers an unsigned redirect_uri request only with WALLET_ALLOW_UNSIGNED_REQUESTS, marked unverified', async () => {
    // By default nothing goes to an unsigned asker (security-unsigned-presentation-phishing.test.ts);
    // the development setting keeps the old behaviour. Set on the running wallet's settings, as
    // the environment variable would at start, so this world need not be started twice.
    const before = verifier.answers.length;
    const refused = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: verifier.unsignedRequest(certificateQuery(['given_name'])),
    });
    expect(refused.body).toMatchObject({ can_answer: false, refusal: { reason: 'unsigned_request' } });
    world.wallet.ctx.settings.allowUnsignedRequests = true;
    try {
      const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
        request: verifier.unsignedRequest(certificateQuery(['given_name'])),
      });
      expect(shown.status).toBe(201);
      expect(shown.body.verifier).toMatchObject({
        client_id_prefix: 'redirect_uri',
        verified: false,
        registered: false,
      });
      expect(shown.body.refusal).toBeNull();
      expect(shown.body.warnings[0].code).toBe('unverified_verifier');
      const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
        decision: 'approve',
      });
      expect(sent.body.delivered).toBe(true);
      expect(verifier.answers.length).toBe(before + 1);
      expect(verifier.answers.at(-1)!.presentations.certificate![0]!.verified!.claims.given_name).toBe(
        'Tolvan',
      );
    } finally {
      world.wallet.ctx.settings.allowUnsignedRequests = false;
    }
  });

  it('refuses a badly signed request, an unknown prefix and a malformed link, sending nothing', async () => {
    const before = verifier.answers.length;
    const stranger = await generateKeyPair('ES256');
    const forged = await verifier.signedRequest(
      certificateQuery(['given_name']),
      'direct_post',
      stranger.privateKey,
    );
    const badSignature = await api(wallet, person, 'POST', '/api/presentation-requests', { request: forged });
    expect(badSignature.status).toBe(400);
    expect(badSignature.body.error).toBe('invalid_request');

    const unknownPrefix = `openid4vp://?${new URLSearchParams({
      client_id: 'x509_san_dns:verifier.example',
      response_type: 'vp_token',
      response_mode: 'direct_post',
      response_uri: 'https://verifier.example/response',
      nonce: 'n',
      dcql_query: JSON.stringify(certificateQuery(['given_name'])),
    })}`;
    const prefix = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: unknownPrefix,
    });
    expect(prefix.status).toBe(400);

    const withTransactionData = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: verifier.unsignedRequest(certificateQuery(['given_name']), {
        transaction_data: [
          Buffer.from(JSON.stringify({ type: 'payment', credential_ids: ['certificate'] })).toString(
            'base64url',
          ),
        ],
      }),
    });
    expect(withTransactionData.status).toBe(400);
    expect(withTransactionData.body.error_description).toMatch(/transaction_data/);

    const malformed = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: 'openid4vp://?nothing',
    });
    expect(malformed.status).toBe(400);
    expect(verifier.answers.length).toBe(before);
  });

  it('sends one member of a nested claim (address.locality) without the rest of the address', async () => {
    const offer = await world.offer('skatteverket', tolvan, ['registered_address']);
    const received = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    const link = await verifier.signedRequest({
      credentials: [
        {
          id: 'address',
          format: 'dc+sd-jwt',
          meta: { vct_values: [addressVct] },
          claims: [{ path: ['address', 'locality'] }],
        },
      ],
    });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.body.credential_queries[0].matches[0].claims_to_send).toEqual([
      { name: 'address.locality', value: 'Stockholm', label: { sv: 'Postort', en: 'Locality' } },
    ]);
    // Skatteverket is not in this consumer's registration: the wallet warns.
    expect(shown.body.warnings.map((w: any) => w.code)).toEqual(['beyond_registration']);
    await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    const claims = verifier.answers.at(-1)!.presentations.address![0]!.verified!.claims;
    expect(claims.address).toEqual({ locality: 'Stockholm' });
    expect(claims.given_name).toBeUndefined();
  });

  it('sends no selectively disclosable claim when the query names none, and refuses to add one', async () => {
    // OpenID4VP 1.0 §6.4.1: without `claims` only what is mandatory to present goes.
    const link = await verifier.signedRequest({
      credentials: [{ id: 'certificate', format: 'dc+sd-jwt', meta: { vct_values: [certificateVct] } }],
    });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.body.can_answer).toBe(true);
    expect(shown.body.credential_queries[0].matches[0].claims_to_send).toEqual([]);
    const added = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
      claims: { certificate: ['office'] },
    });
    expect(added.status).toBe(400);
    expect(added.body.error_description).toBe(
      'claims not asked for in "certificate" cannot be added: office',
    );
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body).toMatchObject({ delivered: true, sent: [expect.objectContaining({ claims: [] })] });
    const [presentation] = verifier.answers.at(-1)!.presentations.certificate!;
    expect(presentation!.failure).toBeUndefined();
    expect(presentation!.verified!.disclosures).toEqual([]);
    for (const name of ['given_name', 'family_name', 'personal_identity_number', 'office'])
      expect(presentation!.verified!.claims[name]).toBeUndefined();
  });

  it.each([
    'javascript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
    'min-profil-evil://steal',
    'http://insurer.example/done',
  ])('hands the page no redirect_uri %s from the verifier: only https goes on', async (hostile) => {
    verifier.answerWithRedirect(hostile);
    try {
      const link = await verifier.signedRequest(certificateQuery(['given_name']));
      const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
      const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
        decision: 'approve',
      });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ delivered: true, redirect_uri: null });
    } finally {
      verifier.answerWithRedirect(undefined);
    }
  });

  it('lets only the person delete the log', async () => {
    expect((await api(wallet, undefined, 'DELETE', '/api/log')).status).toBe(401);
    const deleted = await api(wallet, person, 'DELETE', '/api/log');
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toBeGreaterThan(0);
    expect((await api(wallet, person, 'GET', '/api/log')).body.entries).toEqual([]);
  });
});
