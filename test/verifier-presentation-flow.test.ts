import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postEncryptedResponse,
  postResponse,
  presentCredential,
  presentJwtVc,
} from '../verifier/test/test-wallet.js';
import {
  answerRequest,
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type VerifierWorld,
} from './verifier-helpers.js';

const tolvan = '191212121212';
const samir = '198806244417';

const allChecksOfOnePresentation = [
  'issuer_trusted',
  'issuer_authoritative',
  'format',
  'issuer_signature',
  'validity_period',
  'disclosures',
  'key_binding',
  'sd_hash',
  'nonce',
  'audience',
  'status',
  'no_unrequested_claims',
];

describe.each(testDatabaseKinds())('verifier presentation flows on %s', (kind) => {
  let world: VerifierWorld;
  beforeAll(async () => {
    world = await startVerifierWorld(kind);
  });
  afterAll(async () => {
    await world.stop();
  });

  it('verifies the insurer request end to end and returns only the three requested claims', async () => {
    const { issuer, verifier, trustList } = world;
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });

    // The consumer asks, the wallet follows the link, checks the signed request object and answers.
    const { created, request, contentType, header, response } = await answerRequest({
      verifier,
      trustList,
      consumerId: 'insurer',
      body: { template: 'unemployment_claim' },
      credentials: { registration: { credential, holderKey } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      request_uri: `${verifier.baseUrl}/openid4vp/requests/${created.body.id}`,
      beyond_registration: [],
    });
    expect(created.body.openid4vp_url).toMatch(
      /^openid4vp:\/\/\?client_id=decentralized_identifier%3Adid%3Aweb%3A/,
    );
    // The QR code is drawn on request: served at qr_code_uri while the request is pending,
    // inline only when asked for.
    expect(created.body.qr_svg).toBeUndefined();
    const withQr = await createPresentationRequest(verifier, 'insurer', {
      template: 'unemployment_claim',
      include_qr_svg: true,
    });
    expect(withQr.body.qr_svg).toMatch(/^<svg/);
    const qr = await fetch(withQr.body.qr_code_uri);
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await qr.text()).toMatch(/^<svg/);

    expect(contentType).toMatch(/^application\/oauth-authz-req\+jwt/);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'oauth-authz-req+jwt' });
    expect(header.kid).toMatch(/^did:web:127\.0\.0\.1%3A\d+:consumers:insurer#/);
    expect(request).toMatchObject({
      client_id: expect.stringMatching(
        /^decentralized_identifier:did:web:127\.0\.0\.1%3A\d+:consumers:insurer$/,
      ),
      response_type: 'vp_token',
      response_mode: 'direct_post',
      response_uri: `${verifier.baseUrl}/openid4vp/responses/${created.body.id}`,
      aud: 'https://self-issued.me/v2',
    });
    expect(request.client_metadata.vp_formats_supported).toHaveProperty(['dc+sd-jwt']);
    expect(request.client_metadata.vp_formats_supported).toHaveProperty(['jwt_vc_json']);
    expect(request.dcql_query.credentials).toEqual([
      {
        id: 'registration',
        format: 'dc+sd-jwt',
        meta: { vct_values: [`${issuer.baseUrl}/af/vct/registration-certificate`] },
        claims: [{ path: ['given_name'] }, { path: ['family_name'] }, { path: ['registered_since'] }],
        multiple: false,
        require_cryptographic_holder_binding: true,
      },
    ]);
    // The did:web document names the signing key.
    const didDocument = await getJson(`${verifier.url}/consumers/insurer/did.json`);
    expect(didDocument.body.assertionMethod).toEqual([header.kid]);

    expect(response).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });

    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims).toEqual({
      registration: [
        {
          given_name: 'Tolvan',
          family_name: 'Tolvansson',
          registered_since: '2026-09-01',
          issuer: `${issuer.baseUrl}/af`,
          vct: `${issuer.baseUrl}/af/vct/registration-certificate`,
        },
      ],
    });
    expect(result.body.checks.every((c: { passed: boolean }) => c.passed)).toBe(true);
    const names = result.body.checks.map((c: { name: string }) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([...allChecksOfOnePresentation, 'vp_token', 'query_ids', 'dcql_satisfied']),
    );
  });

  it('verifies residence permit, work permit and registered address asked for in one af-praktik request', async () => {
    const { issuer, verifier, trustList } = world;
    const [residence, work, address] = await Promise.all([
      obtainCredential(issuer, {
        holder: 'migrationsverket',
        pnr: samir,
        configurationId: 'residence_permit',
      }),
      obtainCredential(issuer, { holder: 'migrationsverket', pnr: samir, configurationId: 'work_permit' }),
      obtainCredential(issuer, { holder: 'skatteverket', pnr: samir, configurationId: 'registered_address' }),
    ]);
    const { created, request, response } = await answerRequest({
      verifier,
      trustList,
      consumerId: 'af-praktik',
      body: { template: 'internship' },
      credentials: { residence_permit: residence, work_permit: work, registered_address: address },
    });
    expect(request.dcql_query.credentials.map((c) => c.id)).toEqual([
      'residence_permit',
      'work_permit',
      'registered_address',
    ]);
    expect(response.status).toBe(200);

    const result = await readPresentationResult(verifier, 'af-praktik', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.residence_permit[0]).toEqual({
      given_name: 'Samir',
      family_name: 'Haddad',
      permit_type: 'Tidsbegränsat uppehållstillstånd',
      valid_until: '2027-01-31',
      issuer: `${issuer.baseUrl}/migrationsverket`,
      vct: `${issuer.baseUrl}/migrationsverket/vct/residence-permit`,
    });
    expect(result.body.claims.work_permit[0]).toMatchObject({
      permit_type: 'Arbetstillstånd',
      valid_until: '2027-01-31',
    });
    expect(result.body.claims.registered_address[0]).toEqual({
      address: {
        street_address: 'Rosengårdsvägen 4',
        postal_code: '213 71',
        locality: 'Malmö',
        municipality: 'Malmö',
      },
      issuer: `${issuer.baseUrl}/skatteverket`,
      vct: `${issuer.baseUrl}/skatteverket/vct/registered-address`,
    });
    const queryIds = new Set(result.body.checks.filter((c: any) => c.query_id).map((c: any) => c.query_id));
    expect(queryIds).toEqual(new Set(['residence_permit', 'work_permit', 'registered_address']));
  });

  it('checks the status of a jwt_vc_json credential at its top-level status claim, and at vc.credentialStatus for one issued before', async () => {
    const { issuer, verifier, trustList } = world;
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate_jwt_vc',
    });
    const current = JSON.parse(Buffer.from(credential.split('.')[1]!, 'base64url').toString());
    const { idx, uri } = current.status.status_list as { idx: number; uri: string };
    // The same credential as the issuer signed it before: the status under vc.credentialStatus,
    // no top-level status claim, no kid in the header; same key, holder and status entry.
    const active = issuer.ctx.holders.get('af')!.keys.active;
    const legacy = await issuer.ctx.keys.agent.createVerifiableCredential({
      proofFormat: 'jwt',
      keyRef: active.signingKey.kmsKid,
      credential: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'RegistrationCertificate'],
        issuer: { id: active.did },
        issuanceDate: new Date().toISOString(),
        credentialSubject: { ...current.vc.credentialSubject, id: current.sub },
        credentialStatus: {
          id: `${uri}#${idx}`,
          type: 'TokenStatusListEntry',
          status_list: { idx, uri },
        },
      },
    });
    const legacyJwt = legacy.proof.jwt as string;
    expect(JSON.parse(Buffer.from(legacyJwt.split('.')[1]!, 'base64url').toString()).status).toBeUndefined();

    const present = async (jwt: string) => {
      const created = await createPresentationRequest(verifier, 'insurer', {
        purpose: 'Ersättning vid arbetslöshet',
        dcql_query: {
          credentials: [
            {
              id: 'registration',
              format: 'jwt_vc_json',
              meta: { type_values: [['VerifiableCredential', 'RegistrationCertificate']] },
              claims: [{ path: ['credentialSubject', 'given_name'] }],
            },
          ],
        },
      });
      const { request } = await fetchAuthorizationRequest({
        openid4vpUrl: created.body.openid4vp_url,
        trustList,
      });
      const vp = await presentJwtVc({
        credential: jwt,
        holderPrivateKey: holderKey.privateKey,
        request,
      });
      return postResponse(request.response_uri, { vp_token: { registration: [vp] }, state: request.state });
    };
    expect(await present(legacyJwt)).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });

    // Staff revoke the credential's status entry: the old form is refused under `status`.
    const staff = { authorization: `Bearer ${issuer.apiKey}` };
    const listed = await getJson(
      `${issuer.baseUrl}/af/admin/credentials?personal_identity_number=${tolvan}&limit=1000`,
      staff,
    );
    const row = listed.body.credentials.find(
      (c: { status_list: { idx: number } }) => c.status_list.idx === idx,
    );
    await postJson(`${issuer.baseUrl}/af/admin/credentials/${row.id}/status`, { status: 'revoked' }, staff);
    // The verifier keeps a list for its ttl; dropped here as that expiry would.
    verifier.ctx.statusLists.invalidate(uri);
    for (const jwt of [legacyJwt, credential]) {
      const refused = await present(jwt);
      expect(refused.status).toBe(400);
      expect(refused.body.failed_checks).toEqual(['status']);
    }
  });

  it('takes a jwt_vc_json credential without a VP only where the query asks for no holder binding (OpenID4VP 1.0 §6.1, B.1)', async () => {
    const { issuer, verifier, trustList } = world;
    const { credential } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate_jwt_vc',
    });
    const answer = async (requireBinding: boolean) => {
      const created = await createPresentationRequest(verifier, 'insurer', {
        purpose: 'Ersättning vid arbetslöshet',
        dcql_query: {
          credentials: [
            {
              id: 'registration',
              format: 'jwt_vc_json',
              meta: { type_values: [['VerifiableCredential', 'RegistrationCertificate']] },
              claims: [{ path: ['credentialSubject', 'given_name'] }],
              ...(requireBinding ? {} : { require_cryptographic_holder_binding: false }),
            },
          ],
        },
      });
      const { request } = await fetchAuthorizationRequest({
        openid4vpUrl: created.body.openid4vp_url,
        trustList,
      });
      // The VC-JWT itself, as the issuer signed it: no VP, no nonce, no audience.
      const response = await postResponse(request.response_uri, {
        vp_token: { registration: [credential] },
        state: request.state,
      });
      return { created, response };
    };

    const unbound = await answer(false);
    expect(unbound.response).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });
    const result = await readPresentationResult(verifier, 'insurer', unbound.created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0].credentialSubject).toEqual({ given_name: 'Tolvan' });
    expect(result.body.checks.find((c: { name: string }) => c.name === 'key_binding')).toMatchObject({
      passed: true,
      detail: expect.stringContaining('no holder binding'),
    });

    const bound = await answer(true);
    expect(bound.response.status).toBe(400);
    expect(bound.response.body.failed_checks).toEqual(['key_binding']);
  });

  it('verifies a W3C VC-JWT registration certificate (jwt_vc_json) and keeps only the requested claims', async () => {
    const { issuer, verifier, trustList } = world;
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate_jwt_vc',
    });
    const created = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'Ersättning vid arbetslöshet',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'jwt_vc_json',
            meta: { type_values: [['VerifiableCredential', 'RegistrationCertificate']] },
            claims: [
              { path: ['credentialSubject', 'given_name'] },
              { path: ['credentialSubject', 'family_name'] },
              { path: ['credentialSubject', 'registered_since'] },
            ],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList,
    });
    const form = (nonce?: string) =>
      presentJwtVc({ credential, holderPrivateKey: holderKey.privateKey, request, nonce }).then((vp) => ({
        vp_token: { registration: [vp] },
        state: request.state,
      }));
    const response = await postResponse(request.response_uri, await form());
    expect(response).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration).toEqual([
      {
        credentialSubject: {
          given_name: 'Tolvan',
          family_name: 'Tolvansson',
          registered_since: '2026-09-01',
        },
        issuer: trustList.issuers.find((i) => i.id === 'af')!.did,
        vct: 'RegistrationCertificate',
      },
    ]);
    expect(result.body.checks.every((c: { passed: boolean }) => c.passed)).toBe(true);

    // The same VP JWT with another nonce is refused under that check's name.
    const second = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'x',
      dcql_query: created.body.dcql_query,
    });
    const { request: other } = await fetchAuthorizationRequest({
      openid4vpUrl: second.body.openid4vp_url,
      trustList,
    });
    const replayed = await postResponse(other.response_uri, { ...(await form()), state: other.state });
    expect(replayed.status).toBe(400);
    expect(replayed.body.failed_checks).toEqual(['nonce']);

    // A VC-JWT whose payload was edited no longer verifies with the issuer's key.
    const third = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'x',
      dcql_query: created.body.dcql_query,
    });
    const { request: last } = await fetchAuthorizationRequest({
      openid4vpUrl: third.body.openid4vp_url,
      trustList,
    });
    const [header, payload, signature] = credential.split('.');
    const edited = JSON.parse(Buffer.from(payload, 'base64url').toString());
    edited.vc.credentialSubject.registered_since = '2020-01-01';
    const forged = [header, Buffer.from(JSON.stringify(edited)).toString('base64url'), signature].join('.');
    const vp = await presentJwtVc({
      credential: forged,
      holderPrivateKey: holderKey.privateKey,
      request: last,
    });
    const refused = await postResponse(last.response_uri, {
      vp_token: { registration: [vp] },
      state: last.state,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.failed_checks).toEqual(['issuer_signature']);
  });

  it('accepts an encrypted direct_post.jwt response to the key in client_metadata', async () => {
    const { issuer, verifier, trustList } = world;
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const created = await createPresentationRequest(verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: 'direct_post.jwt',
    });
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList,
    });
    expect(request.response_mode).toBe('direct_post.jwt');
    expect(request.client_metadata.jwks!.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      use: 'enc',
      alg: 'ECDH-ES',
    });
    expect(request.client_metadata.jwks!.keys[0]).not.toHaveProperty('d');
    expect(request.client_metadata.encrypted_response_enc_values_supported).toEqual(['A128GCM', 'A256GCM']);

    // Sent in the clear instead, the response is refused without using up the request.
    const clear = await postResponse(request.response_uri, {
      vp_token: { registration: ['x'] },
      state: request.state,
    });
    expect(clear.status).toBe(400);
    expect(clear.body.failed_checks).toEqual(['response_encryption']);

    const presentation = await presentCredential({
      credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    const response = await postEncryptedResponse(request, {
      vp_token: { registration: [presentation] },
      state: request.state,
    });
    expect(response).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0].given_name).toBe('Tolvan');
  });

  it('sends the person back with a response_code in the same-device flow and POSTs the result to the callback', async () => {
    const { issuer, verifier, trustList } = world;
    const received: Array<Record<string, any>> = [];
    const hook: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body: JSON.parse(body), signature: req.headers['x-signature-sha256'], raw: body });
        // The first delivery fails; the verifier retries.
        res.statusCode = received.length === 1 ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    try {
      const { credential, holderKey } = await obtainCredential(issuer, {
        holder: 'af',
        pnr: tolvan,
        configurationId: 'registration_certificate',
      });
      const { created, response } = await answerRequest({
        verifier,
        trustList,
        consumerId: 'insurer',
        body: {
          template: 'unemployment_claim',
          redirect_uri: 'https://insurer.example/claim/done',
          callback_url: hookUrl,
        },
        credentials: { registration: { credential, holderKey } },
      });
      expect(response.status).toBe(200);
      expect(response.body.redirect_uri).toMatch(
        /^https:\/\/insurer\.example\/claim\/done#response_code=[\w-]{43}$/,
      );
      const code = response.body.redirect_uri.split('#response_code=')[1];

      const withCode = await getJson(
        `${verifier.url}/api/presentation-requests/${created.body.id}?response_code=${code}`,
        { authorization: `Bearer ${verifier.apiKeys.insurer}` },
      );
      expect(withCode.body.status).toBe('verified');
      const wrongCode = await getJson(
        `${verifier.url}/api/presentation-requests/${created.body.id}?response_code=nope`,
        { authorization: `Bearer ${verifier.apiKeys.insurer}` },
      );
      expect(wrongCode.status).toBe(400);
      expect(wrongCode.body).toEqual({
        error: 'invalid_request',
        error_description: 'the response_code does not belong to this request',
      });

      await verifier.ctx.webhooks.idle();
      expect(received).toHaveLength(2);
      expect(received[1].body).toMatchObject({ id: created.body.id, status: 'verified' });
      expect(received[1].body.claims.registration[0].family_name).toBe('Tolvansson');
      // Signed with the consumer's API key, so the consumer knows the result came from the verifier.
      const expected = createHmac('sha256', verifier.apiKeys.insurer).update(received[1].raw).digest('hex');
      expect(received[1].signature).toBe(`sha256=${expected}`);
    } finally {
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });

  it('marks the request rejected with the reason when the wallet declines', async () => {
    const { verifier, trustList } = world;
    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList,
    });
    const response = await postResponse(request.response_uri, {
      error: 'access_denied',
      error_description: 'the person declined',
      state: request.state,
    });
    expect(response).toEqual({ status: 200, body: {} });
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body).toMatchObject({
      status: 'rejected',
      error: 'access_denied',
      error_description: 'the person declined',
      checks: [{ name: 'wallet_response', passed: false, detail: 'access_denied: the person declined' }],
    });
    expect(result.body).not.toHaveProperty('claims');
  });

  it('flags a request for more than the consumer is registered for, and shows a consumer only its own requests', async () => {
    const { issuer, verifier } = world;
    const created = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'Ersättning',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }, { path: ['personal_identity_number'] }],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.beyond_registration).toEqual([
      { type: `${issuer.baseUrl}/af/vct/registration-certificate`, claims: [['personal_identity_number']] },
    ]);
    const own = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(own.body).toMatchObject({
      status: 'pending',
      beyond_registration: created.body.beyond_registration,
    });

    const other = await readPresentationResult(verifier, 'university', created.body.id);
    expect(other.status).toBe(404);
    expect(other.body).toEqual({
      error: 'not_found',
      error_description: 'no presentation request with that id',
    });
    const anonymous = await getJson(`${verifier.url}/api/presentation-requests/${created.body.id}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_token');
  });
});
