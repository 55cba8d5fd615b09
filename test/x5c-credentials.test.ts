import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { caTrustAnchor, initCa, issueLeaf, revokeLeaf } from '@min-profil/shared/pki/ca-commands';
import { certifyIssuerHolders } from '@min-profil/shared/pki/certify-demo-keys';
import { createCa } from '@min-profil/shared/pki/create-ca';
import { certificateToBase64 } from '@min-profil/shared/pki/x509-provider';
import { createDisclosureFrameForAll, issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { startTestCa, type TestCa } from './demo-ca-server.js';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { TrustListV2 } from '@min-profil/shared/trust-list/z-trust-list';
import { createHolderKey } from '../issuer/test/wallet-client.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

/**
 * HAIP 1.0 x5c-signed credentials (docs/issuer.md "Signed with x5c", docs/verifier.md): the demo
 * CA certifies a holder's own signing key, the issuer puts the chain beside the kid, and the
 * verifier validates the chain against the trust list's x509 trust anchors (CRL served over
 * HTTP), the leaf naming the iss host. Refused chains fail issuer_signature with the reason.
 */
const tolvan = '191212121212';

describe.each(testDatabaseKinds())('x5c-signed credentials at the verifier on %s', (kind) => {
  let ca: TestCa;
  let tmp: string;
  let caDir: string;
  let caUrl: string;
  let certificatesDir: string;
  let world: VerifierWorld;
  let withoutX5c: IssuedCredential;
  let afUrl: string;
  /** x5c chains for af's own key that a verifier must refuse, by the reason it should give. */
  const refused: Record<string, string[]> = {};

  beforeAll(async () => {
    ca = await startTestCa();
    ({ tmp, caDir, caUrl } = ca);
    certificatesDir = join(tmp, 'issuer-certificates');

    world = await startVerifierWorld(kind, { verifierSettings: { statusListMaxTtl: 0 } });
    afUrl = `${world.issuer.baseUrl}/af`;
    // Issued before the holder has a certificate: signed with kid alone, as before.
    withoutX5c = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    world.issuer.ctx.certificatesDir = certificatesDir;
    await certifyIssuerHolders({
      caDir,
      certificatesDir,
      issuerBaseUrl: world.issuer.baseUrl,
      holderIds: ['af'],
    });
    world.setTrustList({
      ...(world.trustList as TrustListV2),
      x509_trust_anchors: [{ ...caTrustAnchor(caDir) }],
    });

    const afKey = world.issuer.ctx.holders.get('af')!.keys.active.publicJwk;
    const subject = { role: 'holder' as const, name: 'af', host: '127.0.0.1', url: afUrl };
    // Revoked before any verifier fetched the CRL (relying parties cache it for minutes).
    const revoked = await issueLeaf({ dir: caDir, subject, publicJwk: afKey });
    await revokeLeaf({ dir: caDir, serial: revoked.issued.serial, reason: 'keyCompromise' });
    refused.revoked = revoked.x5c;
    refused.san_mismatch = (
      await issueLeaf({
        dir: caDir,
        subject: { ...subject, host: 'af.example', url: undefined },
        publicJwk: afKey,
      })
    ).x5c;
    // The same key certified by a CA the trust list does not name.
    const otherCaDir = join(tmp, 'other-ca');
    await initCa({ dir: otherCaDir, name: 'CN=Another CA, O=Elsewhere', crlUri: `${caUrl}/crl` });
    refused.untrusted_anchor = (await issueLeaf({ dir: otherCaDir, subject, publicJwk: afKey })).x5c;
    // A self-signed certificate: no CA vouches for it.
    const selfSigned = await createCa({ name: 'CN=af, O=Self', now: new Date() });
    refused.self_signed_leaf = [certificateToBase64(selfSigned.certificate)];
  });
  afterAll(async () => {
    await world?.stop();
    await ca?.stop();
  });

  async function presentToInsurer(credential: IssuedCredential) {
    const created = await createPresentationRequest(world.verifier, 'insurer', {
      template: 'unemployment_claim',
    });
    expect(created.status).toBe(201);
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
    const posted = await postResponse(request.response_uri, {
      vp_token: { registration: [presentation] },
      state: request.state,
    });
    const result = await readPresentationResult(world.verifier, 'insurer', created.body.id);
    return { posted, result: result.body };
  }

  /** A registration certificate signed with af's own key, with the given x5c beside its kid. */
  async function signedByAf(x5c: string[]): Promise<IssuedCredential> {
    const holder = world.issuer.ctx.holders.get('af')!;
    const holderKey = await createHolderKey();
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
      personal_identity_number: tolvan,
      registered_since: '2026-09-01',
    };
    const credential = await issueSdJwtVc({
      issuer: afUrl,
      vct: `${afUrl}/vct/registration-certificate`,
      claims,
      disclosureFrame: createDisclosureFrameForAll(claims),
      holderJwk: holderKey.publicJwk,
      issuedAt: now,
      expiresAt: now + 3600,
      signer: {
        privateKey: holder.keys.active.signingKey.signer,
        kid: holder.keys.active.kid,
        alg: 'ES256',
        x5c,
      },
    });
    return { credential, holderKey };
  }

  it('issues SD-JWT VCs and status list tokens with the x5c chain beside the kid, and the verifier accepts them', async () => {
    const issued = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const header = decodeProtectedHeader(issued.credential.split('~')[0]);
    const holder = world.issuer.ctx.holders.get('af')!;
    expect(header.kid).toBe(holder.keys.active.kid);
    // The leaf only: the CA, the trust anchor, comes from the trust list (HAIP 1.0 §6.1.1).
    expect(header.x5c).toHaveLength(1);
    expect(header.x5c).not.toContain(caTrustAnchor(caDir).certificate);

    const listUri = JSON.parse(
      Buffer.from(issued.credential.split('~')[0].split('.')[1], 'base64url').toString(),
    ).status.status_list.uri as string;
    const listJwt = await (await fetch(listUri)).text();
    expect(decodeProtectedHeader(listJwt).x5c).toEqual(header.x5c);

    const { posted, result } = await presentToInsurer(issued);
    expect(posted.status).toBe(200);
    expect(result.status).toBe('verified');
    // The status list's own x5c chain was validated on the way (no cached list: statusListMaxTtl 0).
    expect(result.checks.filter((c: { passed: boolean }) => !c.passed)).toEqual([]);
  });

  it('still verifies a credential signed with the kid alone', async () => {
    expect(decodeProtectedHeader(withoutX5c.credential.split('~')[0]).x5c).toBeUndefined();
    const { posted, result } = await presentToInsurer(withoutX5c);
    expect(posted.status).toBe(200);
    expect(result.status).toBe('verified');
  });

  it.each(['untrusted_anchor', 'revoked', 'self_signed_leaf', 'san_mismatch'])(
    'refuses a credential whose x5c chain fails as %s, naming the reason',
    async (reason) => {
      const { posted, result } = await presentToInsurer(await signedByAf(refused[reason]));
      expect(posted.status).toBe(400);
      expect(posted.body.failed_checks).toEqual(['issuer_signature']);
      expect(result.status).toBe('rejected');
      const check = result.checks.find((c: { name: string }) => c.name === 'issuer_signature');
      expect(check.passed).toBe(false);
      expect(check.detail).toContain(`the x5c chain is refused (${reason})`);
    },
  );

  it('accepts the same key with a good chain, so each refusal above is the chain alone', async () => {
    const good = JSON.parse(
      Buffer.from(
        (
          await obtainCredential(world.issuer, {
            holder: 'af',
            pnr: tolvan,
            configurationId: 'registration_certificate',
          })
        ).credential.split('.')[0],
        'base64url',
      ).toString(),
    ).x5c as string[];
    const { result } = await presentToInsurer(await signedByAf(good));
    expect(result.status).toBe('verified');
  });

  it('signs with kid alone again when the holder key rotates and its certificate names the old key', async () => {
    const holder = world.issuer.ctx.holders.get('af')!;
    const rotated = await fetch(`${world.issuer.baseUrl}/af/admin/keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.issuer.rotationKeys.af}` },
    });
    expect(rotated.status).toBe(200);
    holder.keys.loadedAt = 0; // re-read the ring now rather than within 30 s
    const issued = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    expect(decodeProtectedHeader(issued.credential.split('~')[0]).x5c).toBeUndefined();
    // The demo's step after a rotation: the CA certifies the new key (the old certificate superseded).
    const [renewed] = await certifyIssuerHolders({
      caDir,
      certificatesDir,
      issuerBaseUrl: world.issuer.baseUrl,
      holderIds: ['af'],
    });
    expect(renewed.outcome).toBe('renewed');
    const after = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    expect(decodeProtectedHeader(after.credential.split('~')[0]).x5c).toHaveLength(1);
  });
});
