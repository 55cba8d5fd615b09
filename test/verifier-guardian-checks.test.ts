import { generateKeyPairSync } from 'node:crypto';
import { exportJWK } from 'jose';
import { contactProfileClaims } from '@min-profil/shared/contact-profile/contact-profile';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { karinsChildren } from '../issuer/src/register/demo-families.js';
import { createHolderKey, getJson, postJson } from '../issuer/test/wallet-client.js';
import {
  createTestHolder,
  issueContactProfile,
  presentContactProfile,
  randomChangeId,
  randomPermissionId,
  type TestHolder,
} from '../verifier/test/contact-profile-holder.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
  type AuthorizationRequest,
  type PostedResponse,
} from '../verifier/test/test-wallet.js';
import { obtainGuardianCredentials as obtainGuardian } from './guardian-credentials.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

const karin = '197011082232';
const tolvan = '191212121212';
const [elsa, oskar, johan] = karinsChildren;

// A register that got it wrong: listed as authoritative for guardian credentials, it signs one
// for Karin's son Johan, who is 20, valid for another year (guardian_valid checks the age itself).
const mistakenKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const mistakenIssuerUrl = 'https://mistaken-register.example/skatteverket';

describe.each(testDatabaseKinds())('the school checks whose data a guardian sends on %s', (kind) => {
  let world: VerifierWorld;
  let guardianCredentials: IssuedCredential[];
  let karinsIdentity: IssuedCredential;
  let tolvansIdentity: IssuedCredential;
  let profileHolder: TestHolder;
  let profile: string;
  let guardianshipVct: string;

  beforeAll(async () => {
    world = await startVerifierWorld(kind, {
      consumers: ['school'],
      verifierSettings: { statusListMaxTtl: 0 },
    });
    guardianshipVct = `${world.issuer.baseUrl}/skatteverket/vct/guardianship`;
    const mistaken: TrustedIssuer = {
      id: 'mistaken-register',
      name: { sv: 'Felaktigt register', en: 'Mistaken register' },
      credential_issuer: mistakenIssuerUrl,
      jwks: { keys: [{ ...(await exportJWK(mistakenKey.publicKey)), kid: 'mistaken-1', alg: 'ES256' }] },
      credential_types: [
        {
          format: 'dc+sd-jwt',
          type: guardianshipVct,
          credential_configuration_id: 'guardian_credential',
          name: { sv: 'Vårdnadshavare', en: 'Guardian' },
        },
      ],
    };
    world.setTrustList({ ...world.trustList, issuers: [...world.trustList.issuers, mistaken] });
    guardianCredentials = await obtainGuardianCredentials(karin);
    karinsIdentity = await obtainCredential(world.issuer, {
      holder: 'skatteverket',
      pnr: karin,
      configurationId: 'person_identity',
    });
    tolvansIdentity = await obtainCredential(world.issuer, {
      holder: 'skatteverket',
      pnr: tolvan,
      configurationId: 'person_identity',
    });
    profileHolder = await createTestHolder();
    profile = await issueContactProfile({
      holder: profileHolder,
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
  });
  afterAll(async () => {
    await world.stop();
  });

  const obtainGuardianCredentials = (pnr: string) => obtainGuardian(world.issuer, pnr);

  async function schoolRequest(children: string[] = [elsa, oskar].map((c) => c.personal_identity_number)) {
    const created = await createPresentationRequest(world.verifier, 'school', {
      template: 'guardian_contact',
      children,
    });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    return { id: created.body.id as string, request };
  }

  const present = (request: AuthorizationRequest, issued: IssuedCredential, queryId: string) =>
    presentCredential({
      credential: issued.credential,
      holderPrivateKey: issued.holderKey.privateKey,
      request,
      disclose: discloseRequested(request, queryId),
    });

  const presentProfile = (request: AuthorizationRequest) =>
    presentContactProfile({
      credential: profile,
      holder: profileHolder,
      fields: [...contactProfileClaims],
      nonce: request.nonce,
      audience: request.client_id,
    });

  /** The parent's answer: guardian credentials, identity and profile, each replaceable. */
  async function answer(
    request: AuthorizationRequest,
    parts: { guardians?: IssuedCredential[]; identity?: IssuedCredential | null; permissionId?: string } = {},
  ): Promise<PostedResponse> {
    const identity = parts.identity === undefined ? karinsIdentity : parts.identity;
    const vpToken: Record<string, string[]> = {
      guardian: await Promise.all(
        (parts.guardians ?? guardianCredentials).map((g) => present(request, g, 'guardian')),
      ),
      contact_profile: [await presentProfile(request)],
      ...(identity ? { identity: [await present(request, identity, 'identity')] } : {}),
    };
    return postResponse(request.response_uri, {
      vp_token: vpToken,
      state: request.state,
      standing_permission_id: parts.permissionId ?? randomPermissionId(),
    });
  }

  /** Refused with exactly the named check, nothing kept: no claims, no standing permission. */
  async function expectRefused(
    id: string,
    response: PostedResponse,
    check: string,
    permissionId: string,
    alsoFailed: string[] = [],
  ): Promise<string> {
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.failed_checks).toEqual([...alsoFailed, check]);
    const result = await readPresentationResult(world.verifier, 'school', id);
    expect(result.body.status).toBe('rejected');
    expect(result.body).not.toHaveProperty('claims');
    const failed = result.body.checks.filter((c: { passed: boolean }) => !c.passed);
    expect(failed.map((c: { name: string }) => c.name)).toEqual([...alsoFailed, check]);
    expect(await world.verifier.ctx.standingPermissions.findPermission(permissionId)).toBeNull();
    const detail = failed.at(-1).detail as string;
    // The detail names what failed, never a personal number.
    for (const child of karinsChildren) expect(detail).not.toContain(child.personal_identity_number);
    expect(detail).not.toContain(karin);
    return detail;
  }

  it("asks for each named child's guardian credential, the parent's identity (a choice) and profile", async () => {
    const { request } = await schoolRequest();
    const { credentials, credential_sets: sets } = request.dcql_query as unknown as {
      credentials: Array<{
        id: string;
        multiple?: boolean;
        meta: { vct_values: string[] };
        claims: unknown[];
      }>;
      credential_sets: Array<{ options: string[][] }>;
    };
    expect(credentials.map((c) => c.id)).toEqual([
      'guardian',
      'identity',
      'pid',
      'registered_address',
      'contact_profile',
    ]);
    const guardian = credentials.find((c) => c.id === 'guardian')!;
    expect(guardian.multiple).toBe(true);
    expect(guardian.meta.vct_values).toEqual([guardianshipVct]);
    expect(guardian.claims).toContainEqual({
      path: ['child', 'personal_identity_number'],
      values: [elsa.personal_identity_number, oskar.personal_identity_number],
    });
    expect(credentials.find((c) => c.id === 'pid')!.meta.vct_values).toEqual(['urn:eudi:pid:1']);
    expect(sets).toEqual([
      { options: [['guardian']], required: true },
      { options: [['identity'], ['pid'], ['registered_address']], required: true },
      { options: [['contact_profile']], required: true },
    ]);
  });

  it('refuses a request without the children, and children with a template not about children', async () => {
    const without = await createPresentationRequest(world.verifier, 'school', {
      template: 'guardian_contact',
    });
    expect(without.status).toBe(400);
    expect(without.body.error).toBe('invalid_request');
    expect(without.body.error_description).toMatch(/children/);
    const wrongTemplate = await createPresentationRequest(world.verifier, 'school', {
      template: 'contact_profile',
      children: [elsa.personal_identity_number],
    });
    expect(wrongTemplate.status).toBe(400);
    expect(wrongTemplate.body.error_description).toMatch(/children/);
  });

  it("verifies one answer for both children: the school's copy names each child and the guardian", async () => {
    const { id, request } = await schoolRequest();
    const permissionId = randomPermissionId();
    const response = await answer(request, { permissionId });
    expect(response.status).toBe(200);
    const result = await readPresentationResult(world.verifier, 'school', id);
    expect(result.body.status).toBe('verified');
    const passed = (name: string) =>
      result.body.checks.filter((c: { name: string; passed: boolean }) => c.name === name && c.passed);
    for (const name of ['profile_subject', 'guardian_valid', 'guardian_matches']) {
      expect(passed(name)).toHaveLength(1);
    }
    const children = result.body.claims.guardian.map((g: { child: unknown }) => g.child);
    expect(children).toHaveLength(2);
    expect(children).toEqual(expect.arrayContaining([elsa, oskar]));
    for (const g of result.body.claims.guardian) expect(g.personal_identity_number).toBe(karin);
    expect(result.body.claims.identity[0]).toMatchObject({
      given_name: 'Karin',
      family_name: 'Berg',
      personal_identity_number: karin,
    });
    expect(result.body.claims.contact_profile[0].emails).toEqual([
      expect.objectContaining({ address: 'karin@example.se' }),
    ]);
    // The standing permission keeps the parent's contact details current.
    const permission = await world.verifier.ctx.standingPermissions.findPermission(permissionId);
    // Whose contact details they are, kept with the permission from the identity credential.
    expect(permission!.subject).toEqual({
      given_name: 'Karin',
      family_name: 'Berg',
      number: { claim: 'personal_identity_number', value: karin },
      issuer: `${world.issuer.baseUrl}/skatteverket`,
      vct: `${world.issuer.baseUrl}/skatteverket/vct/person-identity`,
    });
  });

  it('keeps a permission granted with the profile alone (version 1) delivering, whose: unknown', async () => {
    const created = await createPresentationRequest(world.verifier, 'school', {
      template: 'contact_profile',
    });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    const permissionId = randomPermissionId();
    const response = await postResponse(request.response_uri, {
      vp_token: { contact_profile: [await presentProfile(request)] },
      state: request.state,
      standing_permission_id: permissionId,
    });
    expect(response.status).toBe(200);
    const result = await readPresentationResult(world.verifier, 'school', created.body.id);
    expect(result.body.checks.map((c: { name: string }) => c.name)).not.toContain('profile_subject');
    const copy = await getJson(`${world.verifier.url}/api/standing-permissions/${permissionId}`, {
      authorization: `Bearer ${world.verifier.apiKeys.school}`,
    });
    expect(copy.status).toBe(200);
    expect(copy.body.whose).toBeNull();
    expect(copy.body.profile.emails).toEqual([expect.objectContaining({ address: 'karin@example.se' })]);
  });

  it('refuses a profile without an identity credential (profile_subject)', async () => {
    const { id, request } = await schoolRequest();
    const permissionId = randomPermissionId();
    const response = await answer(request, { identity: null, permissionId });
    expect(await expectRefused(id, response, 'profile_subject', permissionId)).toMatch(/without an identity/);
  });

  it("refuses an identity credential for another person than the guardian credentials' holder (guardian_matches)", async () => {
    const { id, request } = await schoolRequest();
    const permissionId = randomPermissionId();
    const response = await answer(request, { identity: tolvansIdentity, permissionId });
    expect(await expectRefused(id, response, 'guardian_matches', permissionId)).toMatch(/another holder/);
  });

  it('refuses a guardian credential for a child the request did not name (guardian_matches)', async () => {
    const { id, request } = await schoolRequest([elsa.personal_identity_number]);
    const permissionId = randomPermissionId();
    const response = await answer(request, { permissionId });
    expect(await expectRefused(id, response, 'guardian_matches', permissionId)).toMatch(/did not name/);
  });

  it('refuses an answer that leaves out a child the request named (guardian_matches)', async () => {
    const { id, request } = await schoolRequest();
    const permissionId = randomPermissionId();
    const response = await answer(request, { guardians: guardianCredentials.slice(0, 1), permissionId });
    expect(await expectRefused(id, response, 'guardian_matches', permissionId)).toMatch(
      /no guardian credential/,
    );
  });

  it('refuses a guardian credential for a child over 18, even one still valid (guardian_valid)', async () => {
    const holderKey = await createHolderKey();
    const now = Math.floor(Date.now() / 1000);
    const forJohan = await issueSdJwtVc({
      issuer: mistakenIssuerUrl,
      vct: guardianshipVct,
      claims: {
        given_name: 'Karin',
        family_name: 'Berg',
        personal_identity_number: karin,
        role: 'vårdnadshavare',
        child: { ...johan },
      },
      disclosureFrame: {
        _sd: ['given_name', 'family_name', 'personal_identity_number', 'child'],
        child: { _sd: ['given_name', 'family_name', 'personal_identity_number', 'birthdate'] },
      },
      holderJwk: holderKey.publicJwk,
      issuedAt: now,
      expiresAt: now + 365 * 86_400,
      signer: { privateKey: mistakenKey.privateKey, kid: 'mistaken-1', alg: 'ES256' },
    });
    const { id, request } = await schoolRequest([johan.personal_identity_number]);
    const permissionId = randomPermissionId();
    const response = await answer(request, {
      guardians: [{ credential: forJohan, holderKey }],
      permissionId,
    });
    expect(await expectRefused(id, response, 'guardian_valid', permissionId)).toMatch(/turned 18/);
  });

  it('refuses a revoked guardian credential, though the other child’s is valid (guardian_valid)', async () => {
    const [revoked, valid] = await obtainGuardianCredentials(karin);
    const listed = await getJson(
      `${world.issuer.baseUrl}/skatteverket/admin/credentials?personal_identity_number=${karin}`,
      { authorization: `Bearer ${world.issuer.apiKey}` },
    );
    const payload = JSON.parse(Buffer.from(revoked.credential.split('.')[1], 'base64url').toString());
    const audit = listed.body.credentials.find(
      (c: { credential_configuration_id: string; status_list: { idx: number } }) =>
        c.credential_configuration_id === 'guardian_credential' &&
        c.status_list.idx === payload.status.status_list.idx,
    );
    expect(audit).toBeDefined();
    const revocation = await postJson(
      `${world.issuer.baseUrl}/skatteverket/admin/credentials/${audit.id}/status`,
      { status: 'revoked' },
      { authorization: `Bearer ${world.issuer.apiKey}` },
    );
    expect(revocation.status).toBe(200);
    const { id, request } = await schoolRequest();
    const permissionId = randomPermissionId();
    const response = await answer(request, { guardians: [revoked, valid], permissionId });
    expect(await expectRefused(id, response, 'guardian_valid', permissionId, ['status'])).toMatch(/revoked/);
  });
});
