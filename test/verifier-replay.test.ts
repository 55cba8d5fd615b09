import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson } from '../issuer/test/wallet-client.js';
import { startVerifier, type RunningVerifier } from '../verifier/test/start-verifier.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import {
  createPresentationRequest,
  obtainCredential,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

/**
 * Two instances of the verifier behind one public origin, sharing one database (one PostgreSQL
 * schema, or one SQLite file): nonce and state are consumed in the database, so a response
 * replayed to the other instance is refused, and of two racing copies exactly one wins.
 */
describe.each(testDatabaseKinds())('verifier replay across two instances on %s', (kind) => {
  let world: VerifierWorld;
  let second: RunningVerifier;
  let credential: IssuedCredential;

  beforeAll(async () => {
    world = await startVerifierWorld(kind);
    second = await startVerifier(kind, {
      trustList: { get: async () => world.trustList },
      sameDeploymentAs: world.verifier,
    });
    credential = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: '191212121212',
      configurationId: 'registration_certificate',
    });
  });
  afterAll(async () => {
    await second.stop();
    await world.stop();
  });

  async function answerableRequest() {
    const created = await createPresentationRequest(world.verifier, 'insurer', {
      template: 'unemployment_claim',
    });
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    const presentation = await presentCredential({
      credential: credential.credential,
      holderPrivateKey: credential.holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    const form = { vp_token: { registration: [presentation] }, state: request.state };
    const path = new URL(request.response_uri).pathname;
    return { id: created.body.id as string, form, path };
  }

  it('both instances publish the same consumer identity and keys', async () => {
    const a = await getJson(`${world.verifier.url}/api/consumers`);
    const b = await getJson(`${second.url}/api/consumers`);
    expect(b.body).toEqual(a.body);
  });

  it('refuses at the first instance a response already accepted by the second', async () => {
    const { id, form, path } = await answerableRequest();
    const accepted = await postResponse(`${second.url}${path}`, form);
    expect(accepted).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });

    const replay = await postResponse(`${world.verifier.url}${path}`, form);
    expect(replay).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'the presentation request was already answered (state is single use)',
        failed_checks: ['state'],
      },
    });
    const result = await getJson(`${world.verifier.url}/api/presentation-requests/${id}`, {
      authorization: `Bearer ${world.verifier.apiKeys.insurer}`,
    });
    expect(result.body.status).toBe('verified');
  });

  it('lets exactly one of two racing copies of a response through', async () => {
    const { form, path } = await answerableRequest();
    const responses = await Promise.all([
      postResponse(`${world.verifier.url}${path}`, form),
      postResponse(`${second.url}${path}`, form),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(responses.find((r) => r.status === 400)!.body.failed_checks).toEqual(['state']);
  });
});
