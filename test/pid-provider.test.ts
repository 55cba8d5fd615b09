import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { caTrustAnchor } from '@min-profil/shared/pki/ca-commands';
import { certifyIssuerHolders } from '@min-profil/shared/pki/certify-demo-keys';
import { contactProfileClaims } from '@min-profil/shared/contact-profile/contact-profile';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import type { TrustListV2 } from '@min-profil/shared/trust-list/z-trust-list';
import { karinsChildren } from '../issuer/src/register/demo-families.js';
import { getJson } from '../issuer/test/wallet-client.js';
import {
  createTestHolder,
  issueContactProfile,
  presentContactProfile,
  randomChangeId,
} from '../verifier/test/contact-profile-holder.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { startTestCa, type TestCa } from './demo-ca-server.js';
import { obtainGuardianCredentials } from './guardian-credentials.js';
import {
  createPresentationRequest,
  holderIds,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

/**
 * The demo PID provider (issue #20): the EU PID as an SD-JWT VC (vct urn:eudi:pid:1, the PID
 * Rulebook's claims), signed with an x5c chain from the demo CA; on the trust list as an issuer
 * of that type, and accepted by the school wherever it asks for an identity credential.
 */
const karin = '197011082232';
const [elsa] = karinsChildren;

describe.each(testDatabaseKinds())('the PID provider on %s', (kind) => {
  let ca: TestCa;
  let world: VerifierWorld;
  let pid: IssuedCredential;

  beforeAll(async () => {
    ca = await startTestCa();
    world = await startVerifierWorld(kind, { consumers: ['school'] });
    const certificatesDir = join(ca.tmp, 'issuer-certificates');
    world.issuer.ctx.certificatesDir = certificatesDir;
    await certifyIssuerHolders({
      caDir: ca.caDir,
      certificatesDir,
      issuerBaseUrl: world.issuer.baseUrl,
      holderIds: ['pid'],
    });
    // The operator lists the PID provider beside the registers, and the demo CA as an anchor.
    const issuers = await Promise.all(
      [...holderIds, 'pid'].map((id) =>
        fetchTrustedIssuer({ id, credentialIssuer: `${world.issuer.baseUrl}/${id}` }),
      ),
    );
    const consumers = (await getJson(`${world.verifier.url}/api/consumers`)).body.consumers;
    world.setTrustList({
      ...(buildTrustList({
        operator: 'test operator',
        issuers,
        consumers,
        registrations: demoRegistrations,
      }) as TrustListV2),
      x509_trust_anchors: [{ ...caTrustAnchor(ca.caDir) }],
    });
    pid = await obtainCredential(world.issuer, { holder: 'pid', pnr: karin, configurationId: 'pid' });
  });
  afterAll(async () => {
    await world?.stop();
    await ca?.stop();
  });

  it('issues the PID with the rulebook’s vct and claims, each personal claim disclosable, signed with x5c', async () => {
    const header = decodeProtectedHeader(pid.credential.split('~')[0]!);
    expect(Array.isArray(header.x5c)).toBe(true);
    const decoded = decodeSdJwtVc(pid.credential);
    expect(decoded.vct).toBe('urn:eudi:pid:1');
    expect(decoded.iss).toBe(`${world.issuer.baseUrl}/pid`);
    expect(decoded.claims).toMatchObject({
      given_name: 'Karin',
      family_name: 'Berg',
      birthdate: '1970-11-08',
      nationalities: ['SE'],
      personal_administrative_number: karin,
      issuing_country: 'SE',
    });
    const disclosable = decoded.claimList.filter((c) => c.selectivelyDisclosable).map((c) => c.path[0]);
    for (const name of [
      'given_name',
      'family_name',
      'birthdate',
      'nationalities',
      'personal_administrative_number',
    ]) {
      expect(disclosable).toContain(name);
    }
    expect(disclosable).not.toContain('issuing_country');
    // The issuer publishes it under the rulebook's vct.
    const metadata = await getJson(`${world.issuer.baseUrl}/.well-known/openid-credential-issuer/pid`);
    expect(metadata.body.credential_configurations_supported.pid.vct).toBe('urn:eudi:pid:1');
  });

  it('answers the school with the PID as the parent’s identity: verified, the guardian matched by its number', async () => {
    const created = await createPresentationRequest(world.verifier, 'school', {
      template: 'guardian_contact',
      children: [elsa.personal_identity_number],
    });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    // Karin's guardian credential for Elsa, from Skatteverket.
    const guardians = (await obtainGuardianCredentials(world.issuer, karin)).filter(
      (g) =>
        (decodeSdJwtVc(g.credential).claims.child as { personal_identity_number: string })
          .personal_identity_number === elsa.personal_identity_number,
    );
    expect(guardians).toHaveLength(1);
    const holder = await createTestHolder();
    const profile = await issueContactProfile({
      holder,
      // What the wallet sends: every field, those left empty as null.
      claims: {
        address: null,
        emails: [{ address: 'karin@example.se' }],
        phones: null,
        preferred_language: 'sv',
        contact_preferences: null,
      },
      profileVersion: 1,
      changeId: randomChangeId(),
    });
    const vpToken = {
      guardian: await Promise.all(
        guardians.map((g) =>
          presentCredential({
            credential: g.credential,
            holderPrivateKey: g.holderKey.privateKey,
            request,
            disclose: discloseRequested(request, 'guardian'),
          }),
        ),
      ),
      pid: [
        await presentCredential({
          credential: pid.credential,
          holderPrivateKey: pid.holderKey.privateKey,
          request,
          disclose: discloseRequested(request, 'pid'),
        }),
      ],
      contact_profile: [
        await presentContactProfile({
          credential: profile,
          holder,
          fields: [...contactProfileClaims],
          nonce: request.nonce,
          audience: request.client_id,
        }),
      ],
    };
    const response = await postResponse(request.response_uri, { vp_token: vpToken, state: request.state });
    expect(response.status).toBe(200);
    const result = await readPresentationResult(world.verifier, 'school', created.body.id);
    expect(result.body.status).toBe('verified');
    for (const check of ['profile_subject', 'guardian_valid', 'guardian_matches']) {
      expect(result.body.checks).toContainEqual(expect.objectContaining({ name: check, passed: true }));
    }
    expect(result.body.claims.pid[0]).toMatchObject({
      given_name: 'Karin',
      personal_administrative_number: karin,
      vct: 'urn:eudi:pid:1',
    });
  });
});
