import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import {
  companyContactProfileClaims,
  companyContactProfileVct,
} from '@min-profil/shared/contact-profile/company-contact-profile';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { hashTransactionData } from '@min-profil/shared/sd-jwt/verify-key-binding-jwt';
import { purgeOrphanedSecondSignatories } from '../verifier/src/approval/second-signatory.js';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { TestEid } from '@min-profil/eid/testing/start-test-eid';
import { testEidForIssuer } from './issuer-test-eid.js';
import { obtainEach } from './representation-helpers.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';
import {
  authorizeUrl,
  createPkce,
  getJson,
  postForm,
  postJson,
  pushAuthorizationRequest,
} from '../issuer/test/wallet-client.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';

const walletRedirect = 'http://127.0.0.1:9/wallet/callback';
const walletClient = {
  clientId: 'wallet-under-test',
  name: { sv: 'Testplånboken', en: 'The test wallet' },
  redirectUris: [walletRedirect],
  source: 'configuration' as const,
};
const tolvan = '191212121212';
const samir = '198806244417';
const karin = '197011082232';
const municipality = '212000-0004';
const DAY = 86_400;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const today = () => inDays(0);

/**
 * Companies and agents at a body, over the real issuer, test eID and verifier (issue #21): a
 * signatory applies for the company at the municipality; an agent with a power of attorney from
 * Mina ombud applies for the principal, until the principal revokes it.
 */
describe.each(testDatabaseKinds())('representation at the municipality on %s', (kind) => {
  let world: VerifierWorld;
  let eid: TestEid;
  beforeAll(async () => {
    world = await startVerifierWorld(kind, {
      consumers: ['municipality-permits'],
      issuer: {
        walletClients: [walletClient],
        eid: testEidForIssuer(kind, (started) => (eid = started)),
      },
    });
  });
  afterAll(async () => {
    await world?.stop();
    await eid?.close();
  });

  /** The municipality asks with `template`; the wallet answers each query with the credential given. */
  async function answer(
    template: string,
    credentials: Record<string, IssuedCredential>,
    options: { issuedAt?: number } = {},
  ) {
    const created = await createPresentationRequest(world.verifier, 'municipality-permits', { template });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    const vpToken: Record<string, string[]> = {};
    for (const [id, issued] of Object.entries(credentials)) {
      vpToken[id] = [
        await presentCredential({
          credential: issued.credential,
          holderPrivateKey: issued.holderKey.privateKey,
          request,
          disclose: discloseRequested(request, id),
          ...(options.issuedAt ? { issuedAt: options.issuedAt } : {}),
        }),
      ];
    }
    const response = await postResponse(request.response_uri, { vp_token: vpToken, state: request.state });
    const result = await readPresentationResult(world.verifier, 'municipality-permits', created.body.id);
    const check = (name: string) => result.body.checks.find((c: { name: string }) => c.name === name);
    return { response, result: result.body, check };
  }

  /** The second signatory answers the approval request at `openid4vpUrl`, approving its document. */
  async function approveAsSecond(openid4vpUrl: string, credentials: Record<string, IssuedCredential>) {
    const { request } = await fetchAuthorizationRequest({ openid4vpUrl, trustList: world.trustList });
    const hashes = (request.transaction_data as string[]).map((transactionData) =>
      hashTransactionData({ transactionData }),
    );
    const vpToken: Record<string, string[]> = {};
    for (const [id, issued] of Object.entries(credentials)) {
      vpToken[id] = [
        await presentCredential({
          credential: issued.credential,
          holderPrivateKey: issued.holderKey.privateKey,
          request,
          disclose: discloseRequested(request, id),
          transactionDataHashes: hashes,
        }),
      ];
    }
    return postResponse(request.response_uri, { vp_token: vpToken, state: request.state });
  }

  /** Karin, signed in through the test eID at Mina ombud, gives Samir a power of attorney. */
  async function karinGives(
    scope: unknown,
    validUntil = inDays(365),
  ): Promise<{ id: string; token: string }> {
    const { verifier, challenge } = createPkce();
    const pushed = await pushAuthorizationRequest(world.issuer.baseUrl, 'ombud', {
      response_type: 'code',
      client_id: walletClient.clientId,
      redirect_uri: walletRedirect,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope: 'mandates',
    });
    const back = await loginWithTestEid({
      authorizationUrl: authorizeUrl(
        world.issuer.baseUrl,
        'ombud',
        walletClient.clientId,
        pushed.body.request_uri,
      ),
      identityNumber: karin,
    });
    const token = await postForm(`${world.issuer.baseUrl}/ombud/token`, {
      grant_type: 'authorization_code',
      code: new URL(back).searchParams.get('code')!,
      redirect_uri: walletRedirect,
      code_verifier: verifier,
      client_id: walletClient.clientId,
    });
    const given = await postJson(
      `${world.issuer.baseUrl}/ombud/mandates`,
      { agent: { personal_identity_number: samir }, scope, valid_from: today(), valid_until: validUntil },
      { authorization: `Bearer ${token.body.access_token}` },
    );
    expect(given.status).toBe(201);
    return { id: given.body.id as string, token: token.body.access_token as string };
  }

  /** Samir's mandate credential for the grant `id`. */
  async function samirsMandate(id: string) {
    const mandates = await obtainEach(world.issuer, 'ombud', samir, 'mandate');
    // The newest grant is the last; each grant's credential is told apart by its scope and dates.
    const grant = (await world.issuer.ctx.mandates.find(id))!;
    const found = mandates.find(
      (m) =>
        JSON.stringify(m.claims.scope) === JSON.stringify(grant.scope) &&
        m.claims.valid_until === grant.validUntil,
    );
    expect(found).toBeDefined();
    return found!;
  }

  it('shows the permit office’s demo page, asking for the signatory and the company', async () => {
    const page = await fetch(`${world.verifier.url}/municipality-permits`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Exempelby kommun – tillstånd');
    expect(html).toContain('Firmatecknare');
    expect(html).toContain('Företagsidentitet');
    expect(html).toContain('>Organisationsnummer</label>');
    expect(html).toContain('>Firmateckning</label>');
  });

  it('takes a company permit application from a signatory who signs alone', async () => {
    const [signatory] = await obtainEach(world.issuer, 'bolagsverket', tolvan, 'signatory');
    const [company] = await obtainEach(world.issuer, 'bolagsverket', tolvan, 'company_identity');
    const { response, result, check } = await answer('company_permit', {
      signatory,
      company_identity: company,
    });
    expect(response.status).toBe(200);
    expect(result.status).toBe('verified');
    expect(check('signing_rule')).toMatchObject({ passed: true });
    expect(result.claims.signatory[0]).toMatchObject({
      org_number: '556812-3458',
      company_name: 'Tolvans Bygg AB',
      signing_rule: 'alone',
      personal_identity_number: tolvan,
    });
    expect(result.claims.company_identity[0]).toMatchObject({
      euid: 'SEBOLREG.5568123458',
      legal_name: 'Tolvans Bygg AB',
    });
  });

  /** A company contact profile as the wallet service signs it with the company key (issue #21). */
  async function companyProfile(
    key: { privateKey: KeyObject; publicKey: KeyObject },
    orgNumber: string,
    version: number,
    audience: string,
    nonce: string,
  ): Promise<string> {
    const { kty, crv, x, y } = key.publicKey.export({ format: 'jwk' }) as JWK;
    const jwk = { kty, crv, x, y };
    const did = `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
    const issued = await issueSdJwtVc({
      issuer: did,
      vct: companyContactProfileVct,
      claims: {
        org_number: orgNumber,
        profile_version: version,
        change_id: `change-${version}-${orgNumber}`,
        address: null,
        official_mail_address: {
          street_address: 'Box 1',
          postal_code: '111 11',
          locality: 'Exempelby',
          country: 'SE',
        },
        emails: [{ address: `v${version}@tolvansbygg.example` }],
        phones: null,
        preferred_language: 'sv',
      },
      disclosureFrame: { _sd: [...companyContactProfileClaims] },
      holderJwk: jwk,
      issuedAt: Math.floor(Date.now() / 1000),
      signer: { privateKey: key.privateKey, kid: `${did}#0`, alg: 'ES256' },
    });
    return presentSdJwtVc({
      compact: issued,
      disclose: () => true,
      keyBinding: {
        privateKey: key.privateKey,
        alg: 'ES256',
        audience,
        nonce,
        issuedAt: Math.floor(Date.now() / 1000),
      },
    });
  }

  it('keeps the company’s contact profile current for the company the signatory credentials name', async () => {
    const [signatory] = await obtainEach(world.issuer, 'bolagsverket', tolvan, 'signatory');
    const [company] = await obtainEach(world.issuer, 'bolagsverket', tolvan, 'company_identity');
    const companyKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const consumer = 'municipality-permits';
    const headers = { authorization: `Bearer ${world.verifier.apiKeys[consumer]}` };

    async function grant(orgNumber: string) {
      const created = await createPresentationRequest(world.verifier, consumer, {
        template: 'company_permit',
      });
      expect(created.body.standing_permission).toMatchObject({ credential_ids: ['company_contact_profile'] });
      const { request } = await fetchAuthorizationRequest({
        openid4vpUrl: created.body.openid4vp_url,
        trustList: world.trustList,
      });
      const vpToken: Record<string, string[]> = {};
      for (const [id, issued] of Object.entries({ signatory, company_identity: company })) {
        vpToken[id] = [
          await presentCredential({
            credential: issued.credential,
            holderPrivateKey: issued.holderKey.privateKey,
            request,
            disclose: discloseRequested(request, id),
          }),
        ];
      }
      vpToken.company_contact_profile = [
        await companyProfile(companyKey, orgNumber, 1, request.client_id, request.nonce as string),
      ];
      const permissionId = randomBytes(32).toString('base64url');
      const response = await postResponse(request.response_uri, {
        vp_token: vpToken,
        state: request.state,
        standing_permission_id: permissionId,
      });
      const result = await readPresentationResult(world.verifier, consumer, created.body.id);
      const check = (name: string) => result.body.checks.find((c: { name: string }) => c.name === name);
      return { response, result: result.body, check, permissionId, clientId: request.client_id };
    }

    // Another company's profile beside Tolvans Bygg's signatory: refused by its check, nothing kept.
    const other = await grant('556934-5670');
    expect(other.response.status).toBe(400);
    expect(other.check('company_profile_subject')).toMatchObject({ passed: false });
    const none = await getJson(
      `${world.verifier.url}/api/standing-permissions/${other.permissionId}`,
      headers,
    );
    expect(none.status).toBe(404);

    const granted = await grant('556812-3458');
    expect(granted.response.status).toBe(200);
    expect(granted.result.status).toBe('verified');
    expect(granted.check('company_profile_subject')).toMatchObject({ passed: true });
    const kept = await getJson(
      `${world.verifier.url}/api/standing-permissions/${granted.permissionId}`,
      headers,
    );
    expect(kept.body).toMatchObject({
      status: 'active',
      profile_vct: companyContactProfileVct,
      org_number: '556812-3458',
      whose: { number: { claim: 'org_number', value: '556812-3458' } },
      profile: { emails: [{ address: 'v1@tolvansbygg.example' }] },
    });

    // Updates: taken when signed by the company key registered at the grant, refused otherwise.
    const endpoints = `${world.verifier.url}/consumers/${consumer}/standing-permissions`;
    async function update(key: typeof companyKey, version: number) {
      const nonce = (await postJson(`${endpoints}/nonce`, {})).body.c_nonce as string;
      return postJson(`${endpoints}/updates`, {
        standing_permission_id: granted.permissionId,
        vp_token: await companyProfile(key, '556812-3458', version, granted.clientId, nonce),
      });
    }
    const applied = await update(companyKey, 2);
    expect(applied.body).toMatchObject({ status: 'applied', profile_version: 2 });
    const forged = await update(generateKeyPairSync('ec', { namedCurve: 'P-256' }), 3);
    expect(forged.status).toBe(400);
    const after = await getJson(
      `${world.verifier.url}/api/standing-permissions/${granted.permissionId}`,
      headers,
    );
    expect(after.body.profile.emails[0].address).toBe('v2@tolvansbygg.example');
  });

  it('leaves a company that signs två i förening pending its second signatory, and refuses another company’s identity', async () => {
    const signatories = await obtainEach(world.issuer, 'bolagsverket', karin, 'signatory');
    const companies = await obtainEach(world.issuer, 'bolagsverket', karin, 'company_identity');
    const jointly = signatories.find((s) => s.claims.org_number === '556934-5670')!;
    const itsCompany = companies.find((c) => c.claims.org_number === '556934-5670')!;
    const otherCompany = companies.find((c) => c.claims.org_number === '769612-3459')!;

    const pending = await answer('company_permit', { signatory: jointly, company_identity: itsCompany });
    expect(pending.response.status).toBe(200);
    expect(pending.result.status).toBe('pending_second_signatory');
    expect(pending.check('signing_rule')).toMatchObject({
      passed: true,
      detail: 'two_jointly: pending_second_signatory',
    });

    const mixed = await answer('company_permit', { signatory: jointly, company_identity: otherCompany });
    expect(mixed.response.status).toBe(400);
    expect(mixed.response.body.failed_checks).toEqual(['signing_rule']);
    expect(mixed.result.status).toBe('rejected');
    expect(mixed.result.claims).toBeUndefined();
  });

  it('completes två i förening when the second signatory the first named approves, and only then', async () => {
    const forCompany = async (pnr: string) => {
      const [signatories, companies] = await Promise.all([
        obtainEach(world.issuer, 'bolagsverket', pnr, 'signatory'),
        obtainEach(world.issuer, 'bolagsverket', pnr, 'company_identity'),
      ]);
      return {
        signatory: signatories.find((s) => s.claims.org_number === '556934-5670')!,
        company_identity: companies.find((c) => c.claims.org_number === '556934-5670')!,
      };
    };
    const karins = await forCompany(karin);
    const samirs = await forCompany(samir);
    const [tolvansSignatory] = await obtainEach(world.issuer, 'bolagsverket', tolvan, 'signatory');
    const [tolvansCompany] = await obtainEach(world.issuer, 'bolagsverket', tolvan, 'company_identity');
    const document = {
      media_type: 'application/json',
      content: { arende: 'Serveringstillstånd', bolag: '556934-5670' },
    };

    /** Karin applies; the municipality asks `named` to co-sign. */
    async function firstThenAsk(named: string) {
      const first = await answer('company_permit', karins);
      expect(first.result.status).toBe('pending_second_signatory');
      const asked = await postJson(
        `${world.verifier.url}/api/presentation-requests/${first.result.id}/second-signatory`,
        { personal_identity_number: named, title: 'Ansökan om serveringstillstånd', document },
        { authorization: `Bearer ${world.verifier.apiKeys['municipality-permits']}` },
      );
      return { first: first.result.id as string, asked };
    }
    const statusOf = async (id: string) =>
      (await readPresentationResult(world.verifier, 'municipality-permits', id)).body;

    // Karin cannot name herself.
    expect((await firstThenAsk(karin)).asked.body).toMatchObject({
      error: 'invalid_request',
      error_description: 'the second signatory must be another person than the first',
    });

    // Karin names Samir, but she (or Tolvan, who signs for another company) answers: refused, still pending.
    for (const [wrong, detail] of [
      [karins, 'the second signatory is the first signatory'],
      [{ signatory: tolvansSignatory, company_identity: tolvansCompany }, /another company/],
    ] as const) {
      const { first, asked } = await firstThenAsk(samir);
      expect(asked.status).toBe(201);
      const refused = await approveAsSecond(asked.body.openid4vp_url, wrong);
      expect(refused.status).toBe(400);
      expect(refused.body.failed_checks).toEqual(['signing_rule']);
      const second = await statusOf(asked.body.id);
      expect(second.status).toBe('rejected');
      expect(second.checks.find((c: { name: string; passed: boolean }) => !c.passed).detail).toMatch(detail);
      expect((await statusOf(first)).status).toBe('pending_second_signatory');
    }

    // Samir approves: both requests are verified.
    const { first, asked } = await firstThenAsk(samir);
    expect(asked.status).toBe(201);
    expect(asked.body.approval).toMatchObject({ title: 'Ansökan om serveringstillstånd' });
    const approved = await approveAsSecond(asked.body.openid4vp_url, samirs);
    expect(approved.status).toBe(200);
    const second = await statusOf(asked.body.id);
    expect(second.status).toBe('verified');
    expect(second.claims.signatory[0]).toMatchObject({
      personal_identity_number: samir,
      org_number: '556934-5670',
    });
    const completed = await statusOf(first);
    expect(completed.status).toBe('verified');
    expect(completed.checks.filter((c: { name: string }) => c.name === 'signing_rule').at(-1)).toEqual({
      name: 'signing_rule',
      passed: true,
      detail: `two_jointly: the second signatory approved (request ${asked.body.id})`,
    });
    // A verified request is not waiting any more.
    const again = await postJson(
      `${world.verifier.url}/api/presentation-requests/${first}/second-signatory`,
      { personal_identity_number: samir, title: 'Igen', document },
      { authorization: `Bearer ${world.verifier.apiKeys['municipality-permits']}` },
    );
    expect(again.status).toBe(400);

    // Once the first signatory's claims are no longer kept, the company is unknown: they answer again.
    const late = await firstThenAsk(samir);
    expect(late.asked.status).toBe(201);
    const stale = await answer('company_permit', karins);
    const retention = world.verifier.ctx.settings.claimRetention;
    world.verifier.advanceClock(retention + 1);
    try {
      const refusedLate = await postJson(
        `${world.verifier.url}/api/presentation-requests/${stale.result.id}/second-signatory`,
        { personal_identity_number: samir, title: 'Sent', document },
        { authorization: `Bearer ${world.verifier.apiKeys['municipality-permits']}` },
      );
      expect(refusedLate.status).toBe(400);
      expect(refusedLate.body.error_description).toMatch(/no longer kept/);
    } finally {
      world.verifier.advanceClock(-(retention + 1));
    }

    // Housekeeping: the named person's row goes with its approval request, not before.
    expect(await purgeOrphanedSecondSignatories(world.verifier.ctx)).toBe(0);
    await world.verifier.ctx.store.deleteRequests([asked.body.id]);
    expect(await purgeOrphanedSecondSignatories(world.verifier.ctx)).toBe(1);
    expect(await purgeOrphanedSecondSignatories(world.verifier.ctx)).toBe(0);
  });

  it('completes styrelsen gemensamt only when every board member the credential counts has approved, each once', async () => {
    const brf = '769640-1517';
    const forBoard = async (pnr: string, org = brf) => {
      const [signatories, companies] = await Promise.all([
        obtainEach(world.issuer, 'bolagsverket', pnr, 'signatory'),
        obtainEach(world.issuer, 'bolagsverket', pnr, 'company_identity'),
      ]);
      return {
        signatory: signatories.find((s) => s.claims.org_number === org)!,
        company_identity: companies.find((c) => c.claims.org_number === org)!,
      };
    };
    const karins = await forBoard(karin);
    const samirs = await forBoard(samir);
    const tolvans = await forBoard(tolvan);
    const samirsOther = await forBoard(samir, '556934-5670');
    // The board's size comes with the credential: three members sit on Brf Björkhagen's board.
    expect(karins.signatory.claims).toMatchObject({ signing_rule: 'board_jointly', board_size: 3 });
    const document = { media_type: 'application/json', content: { arende: 'Bygglov', forening: brf } };
    const auth = { authorization: `Bearer ${world.verifier.apiKeys['municipality-permits']}` };
    const statusOf = async (id: string) =>
      (await readPresentationResult(world.verifier, 'municipality-permits', id)).body;
    const ask = (first: string, named: string) =>
      postJson(
        `${world.verifier.url}/api/presentation-requests/${first}/second-signatory`,
        { personal_identity_number: named, title: 'Ansökan om bygglov', document },
        auth,
      );

    const firstAnswer = await answer('company_permit', karins);
    expect(firstAnswer.result.status).toBe('pending_second_signatory');
    expect(firstAnswer.check('signing_rule')).toMatchObject({
      passed: true,
      detail: 'board_jointly: pending_second_signatory',
    });
    const first = firstAnswer.result.id as string;

    // Samir answers for his other company (två i förening), not the board's: refused, still pending.
    const wrong = await ask(first, samir);
    expect(wrong.status).toBe(201);
    const refused = await approveAsSecond(wrong.body.openid4vp_url, samirsOther);
    expect(refused.status).toBe(400);
    expect(refused.body.failed_checks).toEqual(['signing_rule']);
    expect((await statusOf(first)).status).toBe('pending_second_signatory');

    // Samir approves as a board member: one of two others, so the first stays pending.
    const bySamir = await ask(first, samir);
    expect((await approveAsSecond(bySamir.body.openid4vp_url, samirs)).status).toBe(200);
    expect((await statusOf(bySamir.body.id)).status).toBe('verified');
    expect((await statusOf(first)).status).toBe('pending_second_signatory');
    // Nobody twice.
    expect((await ask(first, samir)).body).toMatchObject({
      error: 'invalid_request',
      error_description: 'that board member has already approved',
    });

    // Tolvan, the last member, approves: the first is verified, the check naming both approvals.
    const byTolvan = await ask(first, tolvan);
    expect((await approveAsSecond(byTolvan.body.openid4vp_url, tolvans)).status).toBe(200);
    const completed = await statusOf(first);
    expect(completed.status).toBe('verified');
    expect(completed.checks.filter((c: { name: string }) => c.name === 'signing_rule').at(-1)).toEqual({
      name: 'signing_rule',
      passed: true,
      detail: `board_jointly: all 3 board members approved (requests ${bySamir.body.id}, ${byTolvan.body.id})`,
    });
  });

  it('refuses the first signatory’s request when the second signatory or a board member declines, and refuses a decline once it is final', async () => {
    const forCompany = async (pnr: string, org: string) => {
      const [signatories, companies] = await Promise.all([
        obtainEach(world.issuer, 'bolagsverket', pnr, 'signatory'),
        obtainEach(world.issuer, 'bolagsverket', pnr, 'company_identity'),
      ]);
      return {
        signatory: signatories.find((s) => s.claims.org_number === org)!,
        company_identity: companies.find((c) => c.claims.org_number === org)!,
      };
    };
    const bergHaddad = '556934-5670';
    const brf = '769640-1517';
    const document = { media_type: 'application/json', content: { arende: 'Bygglov' } };
    const auth = { authorization: `Bearer ${world.verifier.apiKeys['municipality-permits']}` };
    const statusOf = async (id: string) =>
      (await readPresentationResult(world.verifier, 'municipality-permits', id)).body;
    const ask = (first: string, named: string) =>
      postJson(
        `${world.verifier.url}/api/presentation-requests/${first}/second-signatory`,
        { personal_identity_number: named, title: 'Ansökan om bygglov', document },
        auth,
      );
    /** The named person's wallet says no (OpenID4VP 1.0 §8.5 `access_denied`). */
    async function decline(openid4vpUrl: string) {
      const { request } = await fetchAuthorizationRequest({ openid4vpUrl, trustList: world.trustList });
      return postResponse(request.response_uri, { error: 'access_denied', state: request.state });
    }
    const signingRule = (result: Record<string, any>) =>
      (result.checks as Array<{ name: string }>).filter((c) => c.name === 'signing_rule').at(-1);

    // Två i förening: Samir declines Karin's application; it is refused, its claims dropped.
    const karinsBh = await forCompany(karin, bergHaddad);
    const first = (await answer('company_permit', karinsBh)).result.id as string;
    const asked = await ask(first, samir);
    expect(asked.status).toBe(201);
    expect((await decline(asked.body.openid4vp_url)).status).toBe(200);
    const refused = await statusOf(first);
    expect(refused.status).toBe('rejected');
    expect(refused.claims ?? null).toBeNull();
    expect(signingRule(refused)).toEqual({
      name: 'signing_rule',
      passed: false,
      detail: `two_jointly: declined by the second signatory (request ${asked.body.id})`,
    });
    expect((await statusOf(asked.body.id)).status).toBe('rejected');
    // Nobody more can be asked: it no longer waits.
    expect((await ask(first, samir)).status).toBe(400);

    // Once it is final, a decline is refused and changes nothing: Samir approves one of two requests.
    const second = (await answer('company_permit', karinsBh)).result.id as string;
    const one = await ask(second, samir);
    const other = await ask(second, samir);
    expect((await approveAsSecond(one.body.openid4vp_url, await forCompany(samir, bergHaddad))).status).toBe(
      200,
    );
    expect((await statusOf(second)).status).toBe('verified');
    const late = await decline(other.body.openid4vp_url);
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({ error: 'invalid_request' });
    expect(late.body.error_description).toMatch(/already verified/);
    expect((await statusOf(second)).status).toBe('verified');
    expect((await statusOf(other.body.id)).status).toBe('pending');

    // Styrelsen gemensamt: Samir approves, Tolvan declines: the first is refused.
    const board = (await answer('company_permit', await forCompany(karin, brf))).result.id as string;
    const bySamir = await ask(board, samir);
    expect((await approveAsSecond(bySamir.body.openid4vp_url, await forCompany(samir, brf))).status).toBe(
      200,
    );
    expect((await statusOf(board)).status).toBe('pending_second_signatory');
    const byTolvan = await ask(board, tolvan);
    expect((await decline(byTolvan.body.openid4vp_url)).status).toBe(200);
    const boardResult = await statusOf(board);
    expect(boardResult.status).toBe('rejected');
    expect(signingRule(boardResult)).toMatchObject({
      passed: false,
      detail: `board_jointly: declined by a board member (request ${byTolvan.body.id})`,
    });
  });

  it('refuses a revoked or expired signatory credential', async () => {
    const [signatory] = await obtainEach(world.issuer, 'bolagsverket', tolvan, 'signatory');
    const [company] = await obtainEach(world.issuer, 'bolagsverket', tolvan, 'company_identity');
    // A year and a day on, the signatory credential (valid a year) has expired.
    world.verifier.advanceClock(366 * DAY);
    try {
      const expired = await answer(
        'company_permit',
        { signatory, company_identity: company },
        { issuedAt: Math.floor(Date.now() / 1000) + 366 * DAY },
      );
      expect(expired.response.status).toBe(400);
      expect(expired.response.body.failed_checks).toContain('validity_period');
      expect(expired.result.status).toBe('rejected');
    } finally {
      world.verifier.advanceClock(-366 * DAY);
    }
    const staff = { authorization: `Bearer ${world.issuer.apiKey}` };
    const { status } = signatory.claims as { status: { status_list: { idx: number; uri: string } } };
    const listed = await getJson(
      `${world.issuer.baseUrl}/bolagsverket/admin/credentials?personal_identity_number=${tolvan}`,
      staff,
    );
    const row = listed.body.credentials.find(
      (c: { credential_configuration_id: string; status_list: { idx: number } }) =>
        c.credential_configuration_id === 'signatory' && c.status_list.idx === status.status_list.idx,
    );
    expect(
      (
        await postJson(
          `${world.issuer.baseUrl}/bolagsverket/admin/credentials/${row.id}/status`,
          { status: 'revoked' },
          staff,
        )
      ).status,
    ).toBe(200);
    // The verifier keeps a status list for its ttl; dropped here as that expiry would.
    world.verifier.ctx.statusLists.invalidate(status.status_list.uri);
    const refused = await answer('company_permit', { signatory, company_identity: company });
    expect(refused.response.status).toBe(400);
    expect(refused.response.body.failed_checks).toEqual(['status']);
  });

  it('accepts a power of attorney for this body and purpose, and refuses it on the next use once the principal revokes it', async () => {
    const identity = await obtainCredential(world.issuer, {
      holder: 'skatteverket',
      pnr: samir,
      configurationId: 'person_identity',
    });
    const grant = await karinGives({ relying_parties: [municipality], purposes: ['building_permit'] });
    const mandate = await samirsMandate(grant.id);

    const used = await answer('building_permit', { agent_identity: identity, mandate });
    expect(used.response.status).toBe(200);
    expect(used.result.status).toBe('verified');
    for (const name of ['mandate_valid', 'mandate_scope', 'agent_matches']) {
      expect(used.check(name)).toMatchObject({ passed: true });
    }
    expect(used.result.claims.mandate[0]).toMatchObject({
      principal: { given_name: 'Karin', family_name: 'Berg', personal_identity_number: karin },
      agent: { personal_identity_number: samir },
    });

    const revoked = await postJson(
      `${world.issuer.baseUrl}/ombud/mandates/${grant.id}/revoke`,
      {},
      {
        authorization: `Bearer ${grant.token}`,
      },
    );
    expect(revoked.status).toBe(200);
    // The verifier keeps a status list for its ttl; dropped here as that expiry would.
    const { status } = JSON.parse(Buffer.from(mandate.credential.split('.')[1], 'base64url').toString());
    world.verifier.ctx.statusLists.invalidate(status.status_list.uri);
    const next = await answer('building_permit', { agent_identity: identity, mandate });
    expect(next.response.status).toBe(400);
    expect(next.response.body.failed_checks).toEqual(['status', 'mandate_valid']);
    expect(next.result.status).toBe('rejected');
    expect(next.result.claims).toBeUndefined();
  });

  it('refuses a mandate for another body or purpose, one presented with someone else’s identity, and an expired one', async () => {
    const samirs = await obtainCredential(world.issuer, {
      holder: 'skatteverket',
      pnr: samir,
      configurationId: 'person_identity',
    });
    const tolvans = await obtainCredential(world.issuer, {
      holder: 'skatteverket',
      pnr: tolvan,
      configurationId: 'person_identity',
    });

    const otherBody = await samirsMandate(
      (await karinGives({ relying_parties: ['202100-5521'], purposes: 'all' })).id,
    );
    const atMunicipality = await answer('building_permit', { agent_identity: samirs, mandate: otherBody });
    expect(atMunicipality.response.body.failed_checks).toEqual(['mandate_scope']);
    expect(atMunicipality.check('mandate_scope').detail).toMatch(/this body/);

    const otherPurpose = await samirsMandate(
      (await karinGives({ relying_parties: 'all', purposes: ['company_permit'] })).id,
    );
    const forBuilding = await answer('building_permit', { agent_identity: samirs, mandate: otherPurpose });
    expect(forBuilding.response.body.failed_checks).toEqual(['mandate_scope']);
    expect(forBuilding.check('mandate_scope').detail).toMatch(/this purpose/);

    const everything = await samirsMandate(
      (await karinGives({ relying_parties: 'all', purposes: 'all' }, inDays(1))).id,
    );
    const notTheAgent = await answer('building_permit', { agent_identity: tolvans, mandate: everything });
    expect(notTheAgent.response.body.failed_checks).toEqual(['agent_matches']);
    expect(notTheAgent.result.status).toBe('rejected');

    // Three days on, the mandate (valid until tomorrow) has expired.
    world.verifier.advanceClock(3 * DAY);
    try {
      const expired = await answer(
        'building_permit',
        { agent_identity: samirs, mandate: everything },
        {
          issuedAt: Math.floor(Date.now() / 1000) + 3 * DAY,
        },
      );
      expect(expired.response.status).toBe(400);
      expect(expired.response.body.failed_checks).toContain('mandate_valid');
      expect(expired.check('mandate_valid').detail).toMatch(/validity_period/);
    } finally {
      world.verifier.advanceClock(-3 * DAY);
    }
  });
});
