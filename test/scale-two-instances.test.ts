import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { startTestEid, type TestEid } from '@min-profil/eid/testing/start-test-eid';
import {
  createHolderKey,
  createOffer,
  createProof,
  fetchNonce,
  getJson,
  postForm,
  postJson,
  preAuthorizedGrant,
} from '../issuer/test/wallet-client.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import type { IssuerContext } from '../issuer/src/context.js';
import type { VerifierContext } from '../verifier/src/context.js';
import type { WalletContext } from '../wallet/src/context.js';
import {
  createDeployment,
  startBalancer,
  startIssuerInstance,
  startVerifierInstance,
  startWalletInstance,
  type Balancer,
  type Deployment,
  type Instance,
} from './scale-instances.js';

/**
 * Two instances of each service — issuer, verifier, wallet — on one PostgreSQL database, each
 * pair behind a round-robin balancer, so every step of a flow lands on the other instance than
 * the step before. Nonces, codes, sessions, offers and status lists live in the database; a
 * replay sent straight to the other instance is refused.
 */
const onPostgres = testDatabaseKinds().includes('postgres') ? describe : describe.skip;
const holders = ['af', 'skatteverket', 'migrationsverket', 'skola'];
const tolvan = '191212121212';
const samir = '198806244417';

onPostgres('two instances of each service on one PostgreSQL database', () => {
  const kind = 'postgres';
  let eid: TestEid;
  const lb: Record<'issuer' | 'verifier' | 'wallet', Balancer> = {} as never;
  const deployments: Deployment[] = [];
  let issuers: Array<Instance<IssuerContext>>;
  let verifiers: Array<Instance<VerifierContext>>;
  let wallets: Array<Instance<WalletContext>>;
  let trustList: TrustList | undefined;
  const trustListSource = {
    get: async () => {
      if (!trustList) throw new Error('no trust list yet');
      return trustList;
    },
  };
  let issuerKey: string;
  let verifierKeys: Record<string, string>;

  beforeAll(async () => {
    lb.issuer = await startBalancer();
    lb.verifier = await startBalancer();
    lb.wallet = await startBalancer();
    const issuerDeployment = createDeployment(kind, 'scale_issuer', lb.issuer.url);
    const verifierDeployment = createDeployment(kind, 'scale_verifier', lb.verifier.url);
    const walletDeployment = createDeployment(kind, 'scale_wallet', lb.wallet.url);
    deployments.push(issuerDeployment, verifierDeployment, walletDeployment);
    issuerKey = issuerDeployment.apiKeys.issuer;
    verifierKeys = verifierDeployment.apiKeys;
    eid = await startTestEid({
      kind,
      clients: [
        {
          client_id: 'min-profil-issuer',
          client_secret: 'issuer-secret-for-scale-tests',
          redirect_uris: holders.map((h) => `${lb.issuer.url}/${h}/eid/callback`),
        },
        {
          client_id: 'min-profil-wallet',
          token_endpoint_auth_method: 'none',
          redirect_uris: [`${lb.wallet.url}/auth/callback`],
        },
      ],
    });
    const issuerEid = {
      issuer: eid.issuer,
      clientId: 'min-profil-issuer',
      clientSecret: 'issuer-secret-for-scale-tests',
    };
    // One after the other: the first instance migrates, seeds and creates the keys.
    issuers = [await startIssuerInstance(issuerDeployment, issuerEid)];
    issuers.push(await startIssuerInstance(issuerDeployment, issuerEid));
    const walletOptions = {
      trustList: trustListSource,
      eid: { issuer: eid.issuer, clientId: 'min-profil-wallet' },
    };
    wallets = [await startWalletInstance(walletDeployment, walletOptions)];
    wallets.push(await startWalletInstance(walletDeployment, walletOptions));
    const verifierOptions = {
      trustList: trustListSource,
      issuerBaseUrl: lb.issuer.url,
      walletBaseUrl: lb.wallet.url,
    };
    verifiers = [await startVerifierInstance(verifierDeployment, verifierOptions)];
    verifiers.push(await startVerifierInstance(verifierDeployment, verifierOptions));
    lb.issuer.setBackends(issuers.map((i) => i.url));
    lb.verifier.setBackends(verifiers.map((i) => i.url));
    lb.wallet.setBackends(wallets.map((i) => i.url));

    const trustedIssuers = await Promise.all(
      holders.map((id) => fetchTrustedIssuer({ id, credentialIssuer: `${lb.issuer.url}/${id}` })),
    );
    const consumers = (await getJson(`${lb.verifier.url}/api/consumers`)).body.consumers;
    trustList = buildTrustList({
      operator: 'scale test operator',
      issuers: trustedIssuers,
      consumers,
      registrations: demoRegistrations,
    });
  }, 30_000);

  afterAll(async () => {
    for (const instance of [...(verifiers ?? []), ...(wallets ?? []), ...(issuers ?? [])].reverse()) {
      await instance.stop();
    }
    await Promise.all(Object.values(lb).map((b) => b.close()));
    await eid?.close();
    await Promise.all(deployments.map((d) => d.database.cleanup()));
  });

  /** Staff create an offer; the person's wallet takes it in and keeps the credential. */
  async function receiveThroughWallet(
    person: WalletSession,
    holder: string,
    pnr: string,
    configurationId: string,
  ) {
    const offer = await createOffer(lb.issuer.url, issuerKey, holder, {
      personal_identity_number: pnr,
      credential_configuration_ids: [configurationId],
      tx_code: true,
    });
    expect(offer.status).toBe(201);
    const received = await api(lb.wallet.url, person, 'POST', '/api/credential-offers', {
      offer: offer.body.offer_link,
      tx_code: offer.body.tx_code,
    });
    expect(received.status).toBeLessThan(300);
    const accepted = await api(
      lb.wallet.url,
      person,
      'POST',
      `/api/credential-offers/${received.body.id}/accept`,
    );
    expect(accepted.status).toBeLessThan(300);
  }

  async function answerInWallet(person: WalletSession, consumer: string, template: string) {
    const created = await postJson(
      `${lb.verifier.url}/api/presentation-requests`,
      { template },
      { authorization: `Bearer ${verifierKeys[consumer]}` },
    );
    expect(created.status).toBe(201);
    const shown = await api(lb.wallet.url, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.body.can_answer).toBe(true);
    return { created: created.body, shown: shown.body };
  }

  it('carries the insurer story with every step on the other instance than the one before', async () => {
    const person = await tokenSession(lb.wallet.url, tolvan);
    await receiveThroughWallet(person, 'af', tolvan, 'registration_certificate');
    const { created, shown } = await answerInWallet(person, 'insurer', 'unemployment_claim');
    const sent = await api(lb.wallet.url, person, 'POST', `/api/presentation-requests/${shown.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    const result = await getJson(`${lb.verifier.url}/api/presentation-requests/${created.id}`, {
      authorization: `Bearer ${verifierKeys.insurer}`,
    });
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0]).toMatchObject({ given_name: 'Tolvan' });
    // Both instances of every service did part of the work.
    for (const balancer of Object.values(lb)) {
      expect(balancer.counts.every((n) => n > 0)).toBe(true);
    }

    // The wallet refuses to answer the same request again, whichever instance is asked.
    for (const instance of wallets) {
      const again = await api(
        instance.url,
        person,
        'POST',
        `/api/presentation-requests/${shown.id}/response`,
        {
          decision: 'approve',
        },
      );
      expect(again.status).toBe(409);
    }
  });

  it('carries the internship story: three credentials fetched in parallel, one presentation', async () => {
    const person = await tokenSession(lb.wallet.url, samir);
    await Promise.all([
      receiveThroughWallet(person, 'migrationsverket', samir, 'residence_permit'),
      receiveThroughWallet(person, 'migrationsverket', samir, 'work_permit'),
      receiveThroughWallet(person, 'skatteverket', samir, 'registered_address'),
    ]);
    const { created, shown } = await answerInWallet(person, 'af-praktik', 'internship');
    const sent = await api(lb.wallet.url, person, 'POST', `/api/presentation-requests/${shown.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.sent).toHaveLength(3);
    const result = await getJson(`${lb.verifier.url}/api/presentation-requests/${created.id}`, {
      authorization: `Bearer ${verifierKeys['af-praktik']}`,
    });
    expect(result.body.status).toBe('verified');
    expect(Object.keys(result.body.claims).sort()).toEqual([
      'registered_address',
      'residence_permit',
      'work_permit',
    ]);
  });

  it('refuses at one issuer instance a code and a nonce already redeemed at the other', async () => {
    const [a, b] = issuers;
    const offer = await createOffer(a.url, issuerKey, 'af', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['registration_certificate'],
      tx_code: false,
    });
    const code = offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'] as string;
    const redeem = (url: string) =>
      postForm(`${url}/af/token`, { grant_type: preAuthorizedGrant, 'pre-authorized_code': code });
    const token = await redeem(a.url);
    expect(token.status).toBe(200);
    const replayedCode = await redeem(b.url);
    expect(replayedCode.status).toBe(400);
    expect(replayedCode.body.error).toBe('invalid_grant');

    const nonce = await fetchNonce(a.url, 'af');
    const body = {
      credential_configuration_id: 'registration_certificate',
      proofs: {
        jwt: [await createProof({ key: await createHolderKey(), audience: `${lb.issuer.url}/af`, nonce })],
      },
    };
    const headers = { authorization: `Bearer ${token.body.access_token}` };
    const issued = await postJson(`${b.url}/af/credential`, body, headers);
    expect(issued.status).toBe(200);
    const replayedProof = await postJson(`${a.url}/af/credential`, body, headers);
    expect(replayedProof.status).toBe(400);
    expect(replayedProof.body.error).toBe('invalid_nonce');
  });

  it('refuses at one verifier instance a response already accepted by the other', async () => {
    const [a, b] = verifiers;
    const offer = await createOffer(lb.issuer.url, issuerKey, 'af', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['registration_certificate'],
      tx_code: false,
    });
    const code = offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'] as string;
    const token = await postForm(`${lb.issuer.url}/af/token`, {
      grant_type: preAuthorizedGrant,
      'pre-authorized_code': code,
    });
    const holderKey = await createHolderKey();
    const nonce = await fetchNonce(lb.issuer.url, 'af');
    const issued = await postJson(
      `${lb.issuer.url}/af/credential`,
      {
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await createProof({ key: holderKey, audience: `${lb.issuer.url}/af`, nonce })] },
      },
      { authorization: `Bearer ${token.body.access_token}` },
    );
    const created = await postJson(
      `${a.url}/api/presentation-requests`,
      { template: 'unemployment_claim' },
      { authorization: `Bearer ${verifierKeys.insurer}` },
    );
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: trustList!,
    });
    const presentation = await presentCredential({
      credential: issued.body.credentials[0].credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    const form = { vp_token: { registration: [presentation] }, state: request.state };
    const path = new URL(request.response_uri).pathname;
    expect(await postResponse(`${b.url}${path}`, form)).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });
    const replay = await postResponse(`${a.url}${path}`, form);
    expect(replay.status).toBe(400);
    expect(replay.body.failed_checks).toEqual(['state']);
  });
});
