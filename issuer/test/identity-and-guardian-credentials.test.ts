import type { JWK } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { datasetIdentifier } from '../src/credential/credential-datasets.js';
import { comingOfAge, guardianship } from '../src/holders/guardianship.js';
import { karinsChildren } from '../src/register/demo-families.js';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import {
  createHolderKey,
  createOffer,
  createProof,
  fetchNonce,
  getJson,
  postForm,
  postJson,
  preAuthorizedGrant,
} from './wallet-client.js';

const tolvan = '191212121212';
const lucia = '199204781539';
const karin = '197011082232';
const [elsa, oskar, johan] = karinsChildren;

describe.each(testDatabaseKinds())('Skatteverket identity and guardian credentials on %s', (kind) => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind);
  });
  afterAll(async () => {
    await issuer.stop();
  });

  /** Staff offer → token response (as sent) for one person and configuration. */
  async function tokenFor(pnr: string, configurationId: string) {
    const offer = await createOffer(issuer.baseUrl, issuer.apiKey, 'skatteverket', {
      personal_identity_number: pnr,
      credential_configuration_ids: [configurationId],
    });
    expect(offer.status).toBe(201);
    const token = await postForm(`${issuer.baseUrl}/skatteverket/token`, {
      grant_type: preAuthorizedGrant,
      'pre-authorized_code': offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'],
      tx_code: offer.body.tx_code,
    });
    expect(token.status).toBe(200);
    return token.body;
  }

  async function requestCredential(accessToken: string, request: Record<string, unknown>) {
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/skatteverket`,
      nonce: await fetchNonce(issuer.baseUrl, 'skatteverket'),
    });
    return postJson(
      `${issuer.baseUrl}/skatteverket/credential`,
      { ...request, proofs: { jwt: [proof] } },
      { authorization: `Bearer ${accessToken}` },
    );
  }

  /** Verified with the shared SD-JWT VC verification, and its status read from the published list. */
  async function verify(compact: string) {
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/skatteverket`);
    const verified = await verifySdJwtVc({
      compact,
      resolveIssuerKey: async () => metadata.body.jwks.keys[0] as JWK,
    });
    const { idx, uri } = verified.status!.status_list!;
    const list = await fetch(uri);
    const status = getListFromStatusListJWT(await list.text()).getStatus(idx);
    const payload = JSON.parse(Buffer.from(compact.split('.')[1], 'base64url').toString());
    return { verified, status, payload };
  }

  it.each([
    ['a person with a personal identity number', tolvan, 'personal_identity_number', 'Tolvan', '1912-12-12'],
    ['Lucía, who has a coordination number', lucia, 'coordination_number', 'Lucía', '1992-04-18'],
  ])(
    'issues the person identity credential to %s, every claim disclosable',
    async (_, pnr, numberClaim, given, birthdate) => {
      const token = await tokenFor(pnr, 'person_identity');
      expect(token.authorization_details).toBeUndefined();
      const response = await requestCredential(token.access_token, {
        credential_configuration_id: 'person_identity',
      });
      expect(response.status).toBe(200);
      const { verified, status, payload } = await verify(response.body.credentials[0].credential);
      expect(verified.vct).toBe(`${issuer.baseUrl}/skatteverket/vct/person-identity`);
      expect(verified.claims).toMatchObject({ given_name: given, birthdate, [numberClaim]: pnr });
      expect(verified.claims).not.toHaveProperty(
        numberClaim === 'coordination_number' ? 'personal_identity_number' : 'coordination_number',
      );
      expect(status).toBe(0);
      for (const name of ['given_name', 'family_name', 'birthdate', numberClaim]) {
        expect(payload).not.toHaveProperty(name);
      }
      expect(payload._sd).toHaveLength(4);

      const typeMetadata = await getJson(verified.vct);
      expect(typeMetadata.body.display.map((d: { name: string }) => d.name)).toEqual([
        'Identitetsintyg',
        'Person identity',
      ]);
    },
  );

  it("issues Karin one guardian credential per child under 18, valid until the child's 18th birthday", async () => {
    const token = await tokenFor(karin, 'guardian_credential');
    expect(token.authorization_details).toHaveLength(1);
    const [detail] = token.authorization_details;
    expect(detail).toMatchObject({
      type: 'openid_credential',
      credential_configuration_id: 'guardian_credential',
    });
    expect(detail.credential_identifiers).toHaveLength(2);
    // The identifiers do not show the children's numbers.
    for (const child of karinsChildren) {
      expect(JSON.stringify(detail)).not.toContain(child.personal_identity_number);
    }

    const children = [];
    const compacts: string[] = [];
    for (const identifier of detail.credential_identifiers) {
      const response = await requestCredential(token.access_token, { credential_identifier: identifier });
      expect(response.status).toBe(200);
      compacts.push(response.body.credentials[0].credential);
      const { verified, status, payload } = await verify(response.body.credentials[0].credential);
      expect(verified.vct).toBe(`${issuer.baseUrl}/skatteverket/vct/guardianship`);
      expect(status).toBe(0);
      expect(verified.claims).toMatchObject({
        given_name: 'Karin',
        family_name: 'Berg',
        personal_identity_number: karin,
        role: 'vårdnadshavare',
      });
      const child = verified.claims.child as typeof elsa;
      expect(payload.exp).toBe(comingOfAge(child.birthdate));
      // The role is always shown; the person and each detail of the child are disclosable.
      expect(payload.role).toBe('vårdnadshavare');
      expect(payload).not.toHaveProperty('personal_identity_number');
      expect(payload).not.toHaveProperty('child');
      children.push(child);
    }
    expect(children.map((c) => c.personal_identity_number).sort()).toEqual(
      [elsa, oskar].map((c) => c.personal_identity_number).sort(),
    );
    expect(children).toContainEqual(elsa);
    expect(children).toContainEqual(oskar);

    // Each child's credential has its own status: revoking one leaves the other valid.
    const listed = await getJson(
      `${issuer.baseUrl}/skatteverket/admin/credentials?personal_identity_number=${karin}`,
      { authorization: `Bearer ${issuer.apiKey}` },
    );
    const audit = listed.body.credentials.filter(
      (c: { credential_configuration_id: string }) => c.credential_configuration_id === 'guardian_credential',
    );
    expect(audit).toHaveLength(2);
    const revoked = await postJson(
      `${issuer.baseUrl}/skatteverket/admin/credentials/${audit[0].id}/status`,
      { status: 'revoked' },
      { authorization: `Bearer ${issuer.apiKey}` },
    );
    expect(revoked.status).toBe(200);
    const statuses = await Promise.all(compacts.map(async (c) => (await verify(c)).status));
    expect(statuses.sort()).toEqual([0, 1]);

    const typeMetadata = await getJson(`${issuer.baseUrl}/skatteverket/vct/guardianship`);
    expect(typeMetadata.body.display.map((d: { name: string }) => d.name)).toEqual([
      'Vårdnadshavare',
      'Guardian',
    ]);
  });

  it('issues nothing for a child who has turned 18, and asks for an identifier where a configuration has several', async () => {
    const token = await tokenFor(karin, 'guardian_credential');
    // Johan is 20: the identifier his dataset would have is not one the issuer honours.
    const johansIdentifier = datasetIdentifier(
      issuer.ctx.secret,
      guardianship,
      johan.personal_identity_number,
    );
    expect(token.authorization_details[0].credential_identifiers).not.toContain(johansIdentifier);
    const forJohan = await requestCredential(token.access_token, { credential_identifier: johansIdentifier });
    expect(forJohan.status).toBe(400);
    expect(forJohan.body.error).toBe('unknown_credential_identifier');

    const byConfiguration = await requestCredential(token.access_token, {
      credential_configuration_id: 'guardian_credential',
    });
    expect(byConfiguration.status).toBe(400);
    expect(byConfiguration.body.error).toBe('invalid_credential_request');
    expect(byConfiguration.body.error_description).toMatch(/credential_identifier/);

    // Nobody is guardian in the demo register but Karin: no offer for Tolvan.
    const noRecord = await createOffer(issuer.baseUrl, issuer.apiKey, 'skatteverket', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['guardian_credential'],
    });
    expect(noRecord.status).toBe(400);
    expect(noRecord.body.error).toBe('invalid_request');
  });
});
