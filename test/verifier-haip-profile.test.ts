import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson } from '../issuer/test/wallet-client.js';
import { PresentationRequestEntity } from '../verifier/src/persistence/entities.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postEncryptedResponse,
  postResponse,
  presentCredential,
  type AuthorizationRequest,
} from '../verifier/test/test-wallet.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

const tolvan = '191212121212';

/** The af registration certificate, asked for without holder binding (OpenID4VP 1.0 §6.1). */
const unboundQuery = {
  purpose: 'Ersättning vid arbetslöshet',
  dcql_query: {
    credentials: [
      {
        id: 'registration',
        format: 'dc+sd-jwt',
        meta: { vct_values: [] as string[] },
        claims: [{ path: ['given_name'] }],
        require_cryptographic_holder_binding: false,
      },
    ],
  },
};

/**
 * The HAIP profile per consumer (docs/verifier.md, "Profiles"): the insurer follows HAIP 1.0, the
 * university keeps the OpenID4VP default. Under HAIP a request is `direct_post.jwt` unless it
 * asks otherwise, a plain `direct_post` is refused, and a credential with holder binding (`cnf`)
 * must come with a KB-JWT even where the query asks for none (§6.1.1.1).
 */
describe.each(testDatabaseKinds())('the HAIP profile per consumer on %s', (kind) => {
  let world: VerifierWorld;
  let registration: IssuedCredential;
  const rows = () => world.verifier.ctx.db.dataSource.getRepository(PresentationRequestEntity);

  beforeAll(async () => {
    world = await startVerifierWorld(kind, { consumerProfiles: { insurer: 'haip' } });
    registration = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    unboundQuery.dcql_query.credentials[0]!.meta.vct_values = [
      `${world.issuer.baseUrl}/af/vct/registration-certificate`,
    ];
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function openRequest(consumerId: string, body: Record<string, unknown>) {
    const created = await createPresentationRequest(world.verifier, consumerId, body);
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    return { created, request };
  }

  /** The credential as issued, the requested disclosures, and no KB-JWT. */
  const presentUnbound = (request: AuthorizationRequest) =>
    presentSdJwtVc({
      compact: registration.credential,
      disclose: discloseRequested(request, 'registration'),
    });

  it('lists each consumer with its profile', async () => {
    const consumers = (await getJson(`${world.verifier.url}/api/consumers`)).body.consumers as Array<{
      id: string;
      profile: string;
    }>;
    expect(consumers.find((c) => c.id === 'insurer')?.profile).toBe('haip');
    expect(consumers.find((c) => c.id === 'university')?.profile).toBe('openid4vp');
  });

  it('makes direct_post.jwt the default response mode of a HAIP consumer, answered encrypted end to end', async () => {
    const { created, request } = await openRequest('insurer', { template: 'unemployment_claim' });
    expect(created.body.response_mode).toBe('direct_post.jwt');
    expect(request.response_mode).toBe('direct_post.jwt');
    expect(request.client_metadata.jwks?.keys.some((k) => k.use === 'enc')).toBe(true);

    const vpToken = {
      registration: [
        await presentCredential({
          credential: registration.credential,
          holderPrivateKey: registration.holderKey.privateKey,
          request,
          disclose: discloseRequested(request, 'registration'),
        }),
      ],
    };
    // A plain answer to an encrypted request is refused without using the request up.
    const plain = await postResponse(request.response_uri, { vp_token: vpToken, state: request.state });
    expect(plain.status).toBe(400);
    expect(plain.body.error).toBe('invalid_request');
    const answered = await postEncryptedResponse(request, { vp_token: vpToken, state: request.state });
    expect(answered.status).toBe(200);
    const result = await readPresentationResult(world.verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0]).toMatchObject({ given_name: 'Tolvan' });
  });

  it('keeps direct_post the default for a consumer without the profile', async () => {
    const { created, request } = await openRequest('university', unboundQuery);
    expect(created.body.response_mode).toBe('direct_post');
    expect(request.response_mode).toBe('direct_post');
  });

  it('refuses a HAIP consumer a plain direct_post or dc_api request with invalid_request, storing nothing', async () => {
    const before = await rows().count();
    for (const body of [
      { template: 'unemployment_claim', response_mode: 'direct_post' },
      {
        template: 'unemployment_claim',
        response_mode: 'dc_api',
        expected_origins: ['https://insurer.example'],
      },
    ]) {
      const refused = await createPresentationRequest(world.verifier, 'insurer', body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_request');
      expect(refused.body.error_description).toContain('HAIP 1.0, which needs an encrypted response');
      expect(refused.body.error_description).toContain(`${body.response_mode}.jwt`);
    }
    expect(await rows().count()).toBe(before);
    // The encrypted Digital Credentials API mode stays open to it.
    const dcApi = await createPresentationRequest(world.verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: 'dc_api.jwt',
      expected_origins: ['https://insurer.example'],
    });
    expect(dcApi.status).toBe(201);
  });

  it('refuses under HAIP an unbound presentation of a bound credential (key_binding), storing no claims', async () => {
    const { created, request } = await openRequest('insurer', unboundQuery);
    const refused = await postEncryptedResponse(request, {
      vp_token: { registration: [await presentUnbound(request)] },
      state: request.state,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.failed_checks).toEqual(['key_binding']);

    const result = await readPresentationResult(world.verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('rejected');
    expect(result.body.claims).toBeUndefined();
    expect(result.body.checks.find((c: { passed: boolean }) => !c.passed)).toMatchObject({
      name: 'key_binding',
      detail: expect.stringContaining('HAIP 1.0 §6.1.1.1'),
    });
    const row = await rows().findOneByOrFail({ id: created.body.id });
    expect(row.claims).toBeNull();
  });

  it('accepts the same unbound presentation for a consumer without the profile (OpenID4VP 1.0 B.3)', async () => {
    const { created, request } = await openRequest('university', unboundQuery);
    const answered = await postResponse(request.response_uri, {
      vp_token: { registration: [await presentUnbound(request)] },
      state: request.state,
    });
    expect(answered.status).toBe(200);
    const result = await readPresentationResult(world.verifier, 'university', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0]).toMatchObject({ given_name: 'Tolvan' });
    expect(result.body.checks.find((c: { name: string }) => c.name === 'key_binding')).toMatchObject({
      passed: true,
      detail: expect.stringContaining('no holder binding'),
    });
  });
});
