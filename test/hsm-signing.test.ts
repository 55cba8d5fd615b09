import { compactVerify, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { Pkcs11Token, type Pkcs11TokenConfig } from '@min-profil/shared/signing/pkcs11-token';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { createSoftHsmToken } from '@min-profil/shared/testing/softhsm-token';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import { startIssuer } from '../issuer/test/start-issuer.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { noteUnavailable } from './system/unavailable.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type VerifierWorld,
} from './verifier-helpers.js';

/**
 * Signing keys in an HSM (docs/operations.md): the issuer's holders' keys and the verifier's
 * consumers' keys live in SoftHSM2 tokens made in a temporary directory. Where SoftHSM2 is not
 * installed the run's summary says so (the one allowed skip).
 */
const probe = await createSoftHsmToken('probe');
if (!probe.ok) noteUnavailable('signing keys in an HSM (SoftHSM2)', probe.why);
const eachDatabase = probe.ok ? describe.each(testDatabaseKinds()) : describe.skip.each(testDatabaseKinds());

const tolvan = '191212121212';

eachDatabase('signing keys in a PKCS#11 token (SoftHSM2) on %s', (kind) => {
  let world: VerifierWorld;
  let issuerToken: Pkcs11TokenConfig;
  let verifierToken: Pkcs11TokenConfig;
  /** The tokens as an auditor sees them: which keys are inside. */
  let issuerTokenView: Pkcs11Token;
  let verifierTokenView: Pkcs11Token;

  beforeAll(async () => {
    const [forIssuer, forVerifier] = await Promise.all([
      createSoftHsmToken(`issuer-${kind}`),
      createSoftHsmToken(`verifier-${kind}`),
    ]);
    if (!forIssuer.ok || !forVerifier.ok) throw new Error('SoftHSM2 made no token');
    issuerToken = forIssuer.config;
    verifierToken = forVerifier.config;
    world = await startVerifierWorld(kind, { issuerPkcs11: issuerToken, verifierPkcs11: verifierToken });
    issuerTokenView = await Pkcs11Token.open(issuerToken);
    verifierTokenView = await Pkcs11Token.open(verifierToken);
  });
  afterAll(async () => {
    issuerTokenView?.close();
    verifierTokenView?.close();
    await world?.stop();
  });

  const staff = () => ({ authorization: `Bearer ${world.issuer.apiKey}` });
  const publishedKeys = async () =>
    (await getJson(`${world.issuer.baseUrl}/.well-known/jwt-vc-issuer/af`)).body.jwks.keys as JWK[];
  /** Verifies a credential's issuer signature with nothing but the published JWKS, by `kid`. */
  async function verifyIssuerSignature(credential: string) {
    const jwt = credential.split('~')[0];
    const kid = decodeProtectedHeader(jwt).kid;
    const jwk = (await publishedKeys()).find((key) => key.kid === kid);
    if (!jwk) throw new Error(`no published key ${String(kid)}`);
    return compactVerify(jwt, await importJWK(jwk, 'ES256'));
  }
  async function tokenKeyIds(view: Pkcs11Token) {
    return (await view.listKeys()).map((key) => key.id);
  }

  it('generates the holders’ keys inside the token: nothing of them in the database but the public half', async () => {
    const af = world.issuer.ctx.holders.get('af')!;
    const active = af.keys.active.signingKey;
    expect(active.signer.backend).toBe('pkcs11');
    expect(await tokenKeyIds(issuerTokenView)).toContain(active.kmsKid);
    // The KMS's encrypted private-key table has no row for it: the private key never left the token.
    await expect(world.issuer.ctx.keys.privateKeys.getKey({ alias: active.kmsKid })).rejects.toThrow();
    // The same for every consumer of the verifier.
    for (const consumer of world.verifier.ctx.consumers.values()) {
      expect(consumer.keys.signing.signer.backend).toBe('pkcs11');
      expect(await tokenKeyIds(verifierTokenView)).toContain(consumer.keys.signing.kmsKid);
    }
    // Readiness signs a challenge with every active key, in the tokens.
    expect((await fetch(`${world.issuer.instanceUrl}/health/ready`)).status).toBe(200);
    expect((await fetch(`${world.verifier.url}/health/ready`)).status).toBe(200);
  });

  it('issues a credential signed in the token that a verifier accepts end to end, through a request object signed in its own token', async () => {
    const { issuer, verifier, trustList } = world;
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    await expect(verifyIssuerSignature(credential)).resolves.toBeDefined();

    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    expect(created.status).toBe(201);
    // The wallet checks the request object's signature with the consumer's key on the trust list.
    const { request, header } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList,
    });
    expect(header).toMatchObject({ alg: 'ES256', typ: 'oauth-authz-req+jwt' });
    const insurer = verifier.ctx.consumers.get('insurer')!;
    expect(header.kid).toBe(insurer.keys.signingKid);

    const presentation = await presentCredential({
      credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [presentation] },
      state: request.state,
    });
    expect(response.status).toBe(200);
    // The consent record is signed in the verifier's token too.
    const record = (response.body as { consent_record: { record: string } }).consent_record.record;
    await expect(jwtVerify(record, insurer.keys.signing.publicKey)).resolves.toBeDefined();

    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    // The issuer's signature and the status list (signed in the token) both checked out.
    const checks = Object.fromEntries(
      result.body.checks.map((c: { name: string; passed: boolean }) => [c.name, c.passed]),
    );
    expect(checks).toMatchObject({ issuer_signature: true, status: true });
  });

  it('publishes status lists signed in the token: a revocation shows on the list', async () => {
    const { issuer } = world;
    const { credential } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const { idx, uri } = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString()).status
      .status_list;
    const listed = await getJson(
      `${issuer.baseUrl}/af/admin/credentials?personal_identity_number=19121212-1212`,
      staff(),
    );
    const row = listed.body.credentials.find(
      (c: { status_list: { idx: number } }) => c.status_list.idx === idx,
    );
    const revoked = await postJson(
      `${issuer.baseUrl}/af/admin/credentials/${row.id}/status`,
      { status: 'revoked' },
      staff(),
    );
    expect(revoked.status).toBe(200);

    const listJwt = await (await fetch(uri)).text();
    const header = decodeProtectedHeader(listJwt);
    expect(header).toMatchObject({
      typ: 'statuslist+jwt',
      kid: issuer.ctx.holders.get('af')!.keys.active.kid,
    });
    const jwk = (await publishedKeys()).find((key) => key.kid === header.kid)!;
    await expect(jwtVerify(listJwt, await importJWK(jwk, 'ES256'))).resolves.toMatchObject({
      payload: { sub: uri },
    });
    expect(getListFromStatusListJWT(listJwt).getStatus(idx)).toBe(1);
  });

  it('rotates by creating the new key in the token; earlier credentials still verify; another instance signs with it', async () => {
    const { issuer } = world;
    const before = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const keysBefore = await tokenKeyIds(issuerTokenView);
    const rotated = await postJson(
      `${issuer.baseUrl}/af/admin/keys/rotate`,
      {},
      { authorization: `Bearer ${issuer.rotationKeys.af}` },
    );
    expect(rotated.status).toBe(200);
    const active = issuer.ctx.holders.get('af')!.keys.active;
    expect(active.kid).toBe(rotated.body.active_kid);
    const keysAfter = await tokenKeyIds(issuerTokenView);
    expect(keysAfter).toHaveLength(keysBefore.length + 1);
    expect(keysAfter).toContain(active.signingKey.kmsKid);
    expect(keysBefore).not.toContain(active.signingKey.kmsKid);
    await expect(issuer.ctx.keys.privateKeys.getKey({ alias: active.signingKey.kmsKid })).rejects.toThrow();

    const after = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    expect(decodeProtectedHeader(after.credential).kid).toBe(active.kid);
    expect(decodeProtectedHeader(before.credential).kid).not.toBe(active.kid);
    await expect(verifyIssuerSignature(before.credential)).resolves.toBeDefined();
    await expect(verifyIssuerSignature(after.credential)).resolves.toBeDefined();

    // W3C JWT VCs are signed through Veramo's key manager, by the same key in the token.
    const w3c = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate_jwt_vc',
    });
    const did = (await getJson(`${issuer.baseUrl}/af/did.json`)).body;
    const method = did.verificationMethod.find((m: { id: string }) => m.id.endsWith(`#${active.kid}`));
    await expect(
      jwtVerify(w3c.credential, await importJWK(method.publicKeyJwk, 'ES256')),
    ).resolves.toMatchObject({ payload: { iss: did.id } });

    // A second instance on the same database and token finds the rotated key there, and signs.
    const second = await startIssuer(kind, { shareWith: issuer, pkcs11: issuerToken });
    try {
      const secondActive = second.ctx.holders.get('af')!.keys.active;
      expect(secondActive.kid).toBe(active.kid);
      expect(secondActive.signingKey.signer.backend).toBe('pkcs11');
      expect((await fetch(`${second.instanceUrl}/health/ready`)).status).toBe(200);
    } finally {
      await second.stop();
    }
    // The first instance still signs in the token once the second has closed its session.
    const later = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    await expect(verifyIssuerSignature(later.credential)).resolves.toBeDefined();
  });
});
