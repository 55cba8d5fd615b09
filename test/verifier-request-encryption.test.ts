import { CompactEncrypt, importJWK, type JWK } from 'jose';
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
  type VerifierWorld,
} from './verifier-helpers.js';

const tolvan = '191212121212';

/**
 * HAIP 1.0 response encryption: every `direct_post.jwt` request has its own ephemeral ECDH-ES
 * P-256 key, sealed with the request and deleted once it is answered or expired. A response
 * encrypted to any other key — another request's, or the consumer's old long-lived one — is
 * refused without using up the request; requests made before per-request keys still decrypt
 * with the consumer's key.
 */
describe.each(testDatabaseKinds())('response encryption: an ephemeral key per request on %s', (kind) => {
  let world: VerifierWorld;
  const rows = () => world.verifier.ctx.db.dataSource.getRepository(PresentationRequestEntity);

  beforeAll(async () => {
    world = await startVerifierWorld(kind);
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function openRequest(): Promise<{ id: string; request: AuthorizationRequest }> {
    const created = await createPresentationRequest(world.verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: 'direct_post.jwt',
    });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    return { id: created.body.id, request };
  }

  async function encryptTo(jwk: JWK, params: Record<string, unknown>): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(params)))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: jwk.kid })
      .encrypt(await importJWK(jwk, 'ECDH-ES'));
  }

  async function presentationFor(request: AuthorizationRequest) {
    const { credential, holderKey } = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    return presentCredential({
      credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
  }

  const consumerEncryptionKey = async (): Promise<JWK> => {
    const consumers = (await getJson(`${world.verifier.url}/api/consumers`)).body.consumers;
    const insurer = consumers.find((c: { id: string }) => c.id === 'insurer');
    return insurer.jwks.keys.find((k: JWK) => k.use === 'enc');
  };

  it('announces a fresh key for each request, sealed at rest, and deletes it once the request is answered', async () => {
    const first = await openRequest();
    const second = await openRequest();
    const [firstKey] = first.request.client_metadata.jwks!.keys;
    const [secondKey] = second.request.client_metadata.jwks!.keys;
    expect(firstKey).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ECDH-ES', use: 'enc' });
    expect(firstKey).not.toHaveProperty('d');
    expect(firstKey!.x).not.toBe(secondKey!.x);
    expect(firstKey!.x).not.toBe((await consumerEncryptionKey()).x);
    // The request object, fetched again, announces the same key (several instances share it).
    const again = await fetchAuthorizationRequest({
      openid4vpUrl: `openid4vp://?client_id=${encodeURIComponent(first.request.client_id)}&request_uri=${encodeURIComponent(`${world.verifier.url}/openid4vp/requests/${first.id}`)}`,
      trustList: world.trustList,
    });
    expect(again.request.client_metadata.jwks!.keys[0]).toEqual(firstKey);
    const stored = (await rows().findOneBy({ id: first.id }))!.responseEncryptionKey!;
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(firstKey!.x!);

    const response = await postEncryptedResponse(first.request, {
      vp_token: { registration: [await presentationFor(first.request)] },
      state: first.request.state,
    });
    expect(response).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });
    expect((await readPresentationResult(world.verifier, 'insurer', first.id)).body.status).toBe('verified');
    expect((await rows().findOneBy({ id: first.id }))!.responseEncryptionKey).toBe('deleted');
  });

  it("refuses a response encrypted to another request's key or to the consumer's old key, and keeps the request open", async () => {
    const { id, request } = await openRequest();
    const other = await openRequest();
    const params = { vp_token: { registration: [await presentationFor(request)] }, state: request.state };
    for (const staleKey of [other.request.client_metadata.jwks!.keys[0]!, await consumerEncryptionKey()]) {
      const refused = await postResponse(request.response_uri, {
        response: await encryptTo(staleKey, params),
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        error: 'invalid_request',
        failed_checks: ['response_encryption'],
      });
      const row = (await rows().findOneBy({ id }))!;
      expect(row).toMatchObject({ status: 'pending', respondedAt: null, checks: null, claims: null });
    }
    // Nothing was used up: the right key still works.
    const accepted = await postEncryptedResponse(request, params);
    expect(accepted.status).toBe(200);
    expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('verified');
  });

  it("still decrypts a request made before per-request keys with its consumer's key", async () => {
    const { id } = await openRequest();
    // What the migration leaves on a row written by the previous version: no key of its own.
    await rows().update({ id }, { responseEncryptionKey: null });
    const created = await getJson(`${world.verifier.url}/api/presentation-requests/${id}`, {
      authorization: `Bearer ${world.verifier.apiKeys.insurer}`,
    });
    expect(created.body.status).toBe('pending');
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: `openid4vp://?client_id=${encodeURIComponent(created.body.client_id)}&request_uri=${encodeURIComponent(`${world.verifier.url}/openid4vp/requests/${id}`)}`,
      trustList: world.trustList,
    });
    const consumerKey = await consumerEncryptionKey();
    expect(request.client_metadata.jwks!.keys[0]!.x).toBe(consumerKey.x);
    const response = await postResponse(request.response_uri, {
      response: await encryptTo(consumerKey, {
        vp_token: { registration: [await presentationFor(request)] },
        state: request.state,
      }),
    });
    expect(response.status).toBe(200);
    expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('verified');
  });

  it('deletes the key of a request that expired unanswered', async () => {
    const { id } = await openRequest();
    world.verifier.advanceClock(world.verifier.ctx.settings.requestTtl + 1);
    try {
      await world.verifier.ctx.housekeeping.runOnce();
      expect((await rows().findOneBy({ id }))!.responseEncryptionKey).toBe('deleted');
    } finally {
      world.verifier.advanceClock(-(world.verifier.ctx.settings.requestTtl + 1));
    }
  });
});
