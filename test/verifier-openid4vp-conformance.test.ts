import { decodeJwt } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { fetchAuthorizationRequest, postResponse } from '../verifier/test/test-wallet.js';
import {
  createPresentationRequest,
  readPresentationResult,
  startVerifierWorld,
  type VerifierWorld,
} from './verifier-helpers.js';

/** The verifier's answers to OpenID4VP 1.0 points a review found (issue 15), over HTTP. */
describe('verifier OpenID4VP 1.0 conformance', () => {
  let world: VerifierWorld;
  beforeAll(async () => {
    world = await startVerifierWorld(testDatabaseKinds()[0]!);
  });
  afterAll(async () => {
    await world.stop();
  });

  async function insurerRequest(body: Record<string, unknown> = {}) {
    const created = await createPresentationRequest(world.verifier, 'insurer', {
      template: 'unemployment_claim',
      ...body,
    });
    expect(created.status).toBe(201);
    const { request, header } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    return { id: created.body.id as string, requestUri: created.body.request_uri as string, request, header };
  }

  it('takes an unencrypted error response to a direct_post.jwt request as the wallet declining (§8.3.1)', async () => {
    const { id, request } = await insurerRequest({ response_mode: 'direct_post.jwt' });
    const response = await postResponse(request.response_uri, {
      error: 'access_denied',
      error_description: 'the person declined',
      state: request.state,
    });
    expect(response.status).toBe(200);
    const result = await readPresentationResult(world.verifier, 'insurer', id);
    expect(result.body).toMatchObject({
      status: 'rejected',
      error: 'access_denied',
      error_description: 'the person declined',
      checks: [{ name: 'wallet_response', passed: false, detail: 'access_denied: the person declined' }],
    });
  });

  it('still refuses a presentation sent unencrypted to a direct_post.jwt request', async () => {
    const { id, request } = await insurerRequest({ response_mode: 'direct_post.jwt' });
    const response = await postResponse(request.response_uri, {
      error: 'access_denied',
      vp_token: { registration: ['x'] },
      state: request.state,
    });
    expect(response.status).toBe(400);
    expect(response.body.failed_checks).toEqual(['response_encryption']);
    expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('pending');
  });

  it('echoes wallet_nonce in the request object fetched with request_uri_method=post (§5.10)', async () => {
    const { requestUri } = await insurerRequest();
    const response = await fetch(requestUri, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/oauth-authz-req+jwt',
      },
      body: new URLSearchParams({ wallet_nonce: 'qPmxiNFCR3QTm19POc8u', wallet_metadata: '{}' }),
    });
    expect(response.status).toBe(200);
    expect(decodeJwt(await response.text())).toMatchObject({ wallet_nonce: 'qPmxiNFCR3QTm19POc8u' });
    // Fetched with GET there is no wallet nonce to echo.
    const plain = await fetch(requestUri);
    expect(decodeJwt(await plain.text())).not.toHaveProperty('wallet_nonce');
  });

  it('signs its request object without iss and advertises fully specified algorithms (§5, B.3.4)', async () => {
    const { request, header } = await insurerRequest();
    expect(request).not.toHaveProperty('iss');
    expect(header.kid).toMatch(/^did:web:/);
    const formats = request.client_metadata.vp_formats_supported as Record<string, Record<string, string[]>>;
    expect(formats['dc+sd-jwt']).toEqual({
      'sd-jwt_alg_values': ['ES256', 'ES384', 'Ed25519'],
      'kb-jwt_alg_values': ['ES256', 'ES384', 'Ed25519'],
    });
    expect(formats.jwt_vc_json).toEqual({ alg_values: ['ES256', 'ES384', 'Ed25519'] });
  });

  it('names its trust list in trusted_authorities with a type of its own, not etsi_tl (§6.1.1)', async () => {
    const trustListUri = world.verifier.ctx.settings.trustListUri;
    const query = (type: string) => ({
      purpose: 'Test',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }],
            trusted_authorities: [{ type, values: [trustListUri] }],
          },
        ],
      },
    });
    const etsi = await createPresentationRequest(world.verifier, 'insurer', query('etsi_tl'));
    expect(etsi.status).toBe(400);
    expect(etsi.body).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/ETSI TS 119 612/),
    });

    const own = 'https://min-profil.se/trust-list';
    const created = await createPresentationRequest(world.verifier, 'insurer', query(own));
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    expect(request.dcql_query.credentials[0]).toMatchObject({
      trusted_authorities: [{ type: own, values: [trustListUri] }],
    });
  });
});
