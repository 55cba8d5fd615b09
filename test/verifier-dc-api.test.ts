import { CompactEncrypt, decodeJwt, importJWK, type JWK } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson } from '../issuer/test/wallet-client.js';
import { discloseRequested, presentCredential } from '../verifier/test/test-wallet.js';
import type { AuthorizationRequest } from '../verifier/test/test-wallet.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

/**
 * The verifier's Digital Credentials API path (OpenID4VP 1.0 Appendix A) on both databases: the
 * request is stored with its expected_origins, answered once from such an origin, and an answer
 * from elsewhere, to a stale key or for the client_id instead of the origin changes nothing.
 * (test/interop/verifier-openid4vp-holder.test.ts runs the same path with an oid4vc-ts holder.)
 */
const tolvan = '191212121212';
const pageOrigin = 'https://insurer.example';

describe.each(testDatabaseKinds())('Digital Credentials API requests at the verifier on %s', (kind) => {
  let world: VerifierWorld;
  let held: IssuedCredential;
  beforeAll(async () => {
    world = await startVerifierWorld(kind);
    held = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function ask(responseMode: 'dc_api' | 'dc_api.jwt') {
    const created = await createPresentationRequest(world.verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: responseMode,
      expected_origins: [pageOrigin],
    });
    expect(created.status).toBe(201);
    const dc = await getJson(created.body.dc_api_request_uri);
    const request = decodeJwt(dc.body.digital.requests[0].data.request) as unknown as AuthorizationRequest & {
      expected_origins: string[];
    };
    return { id: created.body.id as string, request };
  }

  async function vpToken(request: AuthorizationRequest, audience = `origin:${pageOrigin}`) {
    return {
      registration: [
        await presentCredential({
          credential: held.credential,
          holderPrivateKey: held.holderKey.privateKey,
          request,
          audience,
          disclose: discloseRequested(request, 'registration'),
        }),
      ],
    };
  }

  async function post(id: string, data: Record<string, unknown>, origin = pageOrigin) {
    const response = await fetch(`${world.verifier.url}/openid4vp/dc-api/responses/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify(data),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  const encrypt = async (request: AuthorizationRequest, params: Record<string, unknown>) => {
    const jwk = request.client_metadata.jwks!.keys[0] as JWK;
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(params)))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: jwk.kid })
      .encrypt(await importJWK(jwk, 'ECDH-ES'));
  };

  it('stores expected_origins, signs them into the request and verifies an encrypted answer from that origin once', async () => {
    const { id, request } = await ask('dc_api.jwt');
    expect(request).toMatchObject({ response_mode: 'dc_api.jwt', expected_origins: [pageOrigin] });
    expect(request.response_uri).toBeUndefined();
    const row = await world.verifier.ctx.store.findRequest(id);
    expect(row?.expectedOrigins).toEqual([pageOrigin]);
    const response = await encrypt(request, { vp_token: await vpToken(request), state: request.state });

    expect(await post(id, { response }, 'https://attacker.example')).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: expect.stringContaining("not among the request's expected_origins"),
      },
    });
    expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('pending');

    expect(await post(id, { response })).toEqual({ status: 200, body: { status: 'verified' } });
    const result = await readPresentationResult(world.verifier, 'insurer', id);
    expect(result.body.status).toBe('verified');
    expect(result.body.checks).toContainEqual(expect.objectContaining({ name: 'audience', passed: true }));
    // Answered: the same answer again is refused, and the request object is no longer served.
    expect((await post(id, { response })).status).toBe(400);
    expect((await getJson(`${world.verifier.url}/openid4vp/dc-api/requests/${id}`)).status).toBe(410);
  });

  it('refuses a presentation for the client_id instead of origin:<origin>, and an answer encrypted to another request', async () => {
    const { id, request } = await ask('dc_api');
    const wrong = await post(id, {
      vp_token: await vpToken(request, request.client_id),
      state: request.state,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.failed_checks).toEqual(['audience']);

    const first = await ask('dc_api.jwt');
    const second = await ask('dc_api.jwt');
    const toOther = await encrypt(second.request, {
      vp_token: await vpToken(first.request),
      state: first.request.state,
    });
    const stale = await post(first.id, { response: toOther });
    expect(stale.status).toBe(400);
    expect(stale.body.error_description).toEqual(expect.any(String));
    expect((await readPresentationResult(world.verifier, 'insurer', first.id)).body.status).toBe('pending');
  });
});
