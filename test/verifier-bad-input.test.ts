import { createPrivateKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { CompactEncrypt, calculateJwkThumbprint, exportJWK } from 'jose';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { readVectorJson, readVectorText } from '@min-profil/shared/sd-jwt/testing/read-sd-jwt-vectors';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
  type AuthorizationRequest,
  type PostedResponse,
} from '../verifier/test/test-wallet.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

const tolvan = '191212121212';
const DAY = 86_400;

// An issuer the operator lists (it is trusted) but for no credential type of its own.
const rogueKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rogueIssuerUrl = 'https://rogue.example/issuer';

describe.each(testDatabaseKinds())('verifier rejects bad presentations on %s', (kind) => {
  let world: VerifierWorld;
  let registration: IssuedCredential;

  beforeAll(async () => {
    const rogueJwk = { ...(await exportJWK(rogueKey.publicKey)), kid: 'rogue-1', alg: 'ES256' };
    const rogue: TrustedIssuer = {
      id: 'rogue',
      name: { sv: 'Skurk AB', en: 'Rogue Ltd' },
      credential_issuer: rogueIssuerUrl,
      jwks: { keys: [rogueJwk] },
      credential_types: [],
    };
    // Status lists are re-read on every check here, so a revocation shows at once.
    world = await startVerifierWorld(kind, {
      verifierSettings: { statusListMaxTtl: 0 },
      extraIssuers: [rogue],
    });
    registration = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
  });
  afterAll(async () => {
    await world.stop();
  });

  async function insurerRequest(body: Record<string, unknown> = { template: 'unemployment_claim' }) {
    const created = await createPresentationRequest(world.verifier, 'insurer', body);
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    return { id: created.body.id as string, request };
  }

  function present(
    request: AuthorizationRequest,
    overrides: Partial<Parameters<typeof presentCredential>[0]> = {},
  ) {
    return presentCredential({
      credential: registration.credential,
      holderPrivateKey: registration.holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
      ...overrides,
    });
  }

  /** The response is refused naming the failed check, and the result says the same. */
  async function expectRejected(id: string, response: PostedResponse, check: string) {
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: expect.stringContaining(`the presentation was rejected: ${check}: `),
      failed_checks: [check],
    });
    const result = await readPresentationResult(world.verifier, 'insurer', id);
    expect(result.body.status).toBe('rejected');
    expect(result.body).not.toHaveProperty('claims');
    expect(result.body.error).toBe('invalid_presentation');
    const failed = result.body.checks.filter((c: { passed: boolean }) => !c.passed);
    expect(failed).toEqual([
      expect.objectContaining({ name: check, passed: false, detail: expect.any(String) }),
    ]);
    return failed[0].detail as string;
  }

  it('rejects a vp_token that is not JSON', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: '{"registration": [',
      state: request.state,
    });
    expect(await expectRejected(id, response, 'vp_token')).toBe('vp_token is not JSON');
  });

  it('rejects a vp_token that is a bare presentation instead of an object keyed by query id', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: JSON.stringify(await present(request)),
      state: request.state,
    });
    expect(await expectRejected(id, response, 'vp_token')).toBe(
      'vp_token is not a JSON object keyed by credential query id',
    );
  });

  it('refuses an oversized response body with 413 and leaves the request open', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: ['x'.repeat(300 * 1024)] },
      state: request.state,
    });
    expect(response).toEqual({
      status: 413,
      body: { error: 'invalid_request', error_description: 'request body is too large' },
    });
    expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('pending');
  });

  it('rejects a presentation larger than the per-presentation limit', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [`${await present(request)}${'A'.repeat(70 * 1024)}`] },
      state: request.state,
    });
    await expectRejected(id, response, 'format');
  });

  it('rejects a KB-JWT bound to another nonce', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [await present(request, { nonce: 'a-nonce-from-another-request' })] },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'nonce')).toBe('the KB-JWT nonce is wrong');
  });

  it('rejects a KB-JWT made for another verifier audience', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: {
        registration: [await present(request, { audience: 'decentralized_identifier:did:web:evil.example' })],
      },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'audience')).toBe('the KB-JWT aud is wrong');
  });

  it('rejects a KB-JWT older than the allowed age', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: {
        registration: [await present(request, { issuedAt: Math.floor(Date.now() / 1000) - 3600 })],
      },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'key_binding')).toBe('the KB-JWT is too old');
  });

  it('rejects a presentation without a KB-JWT', async () => {
    const { id, request } = await insurerRequest();
    const withKb = await present(request);
    const withoutKb = withKb.slice(0, withKb.lastIndexOf('~') + 1);
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [withoutKb] },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'key_binding')).toBe('the presentation has no KB-JWT');
  });

  it('refuses a replayed response: state is single use', async () => {
    const { id, request } = await insurerRequest();
    const form = { vp_token: { registration: [await present(request)] }, state: request.state };
    expect((await postResponse(request.response_uri, form)).status).toBe(200);
    const replay = await postResponse(request.response_uri, form);
    expect(replay).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'the presentation request was already answered (state is single use)',
        failed_checks: ['state'],
      },
    });
    expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('verified');
  });

  it('refuses a response with a state that is not the request’s', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [await present(request)] },
      state: 'not-the-state',
    });
    expect(response).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'state does not belong to this request',
        failed_checks: ['state'],
      },
    });
    expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('pending');
  });

  it('rejects a vp_token keyed by a credential query id the request did not make', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: { diploma: [await present(request)] },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'query_ids')).toBe(
      'vp_token names credential queries the request did not make: diploma',
    );
  });

  it('rejects a presentation that leaves out a required claim', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: {
        registration: [await present(request, { disclose: { given_name: true, family_name: true } })],
      },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'dcql_satisfied')).toMatch(
      /registration \(missing registered_since\)/,
    );
  });

  it('rejects a presentation that discloses claims that were not asked for', async () => {
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [await present(request, { disclose: () => true })] },
      state: request.state,
    });
    const detail = await expectRejected(id, response, 'no_unrequested_claims');
    expect(detail).toBe(
      'claims disclosed that were not asked for: personal_identity_number, registration_status, office',
    );
  });

  it.each(['javascript:alert(1)', 'http://insurer.example/claim', 'https://user:pw@insurer.example/'])(
    'refuses to create a request whose redirect_uri %s would send the browser anywhere but https',
    async (redirectUri) => {
      const created = await createPresentationRequest(world.verifier, 'insurer', {
        template: 'unemployment_claim',
        redirect_uri: redirectUri,
      });
      expect(created.status).toBe(400);
      expect(created.body.error).toBe('invalid_request');
      expect(created.body.error_description).toMatch(/redirect_uri/);
    },
  );

  const registrationQuery = (extra: Record<string, unknown> = {}) => ({
    credentials: [
      {
        id: 'registration',
        format: 'dc+sd-jwt',
        meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
        ...extra,
      },
    ],
  });

  it('rejects a holder that discloses claims although the query names none (OpenID4VP 1.0 §6.4.1)', async () => {
    const { id, request } = await insurerRequest({ purpose: 'Inskriven?', dcql_query: registrationQuery() });
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [await present(request, { disclose: { given_name: true, office: true } })] },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'no_unrequested_claims')).toBe(
      'the query names no claims, so no selectively disclosable claim may be disclosed; disclosed: given_name, office',
    );
  });

  it('accepts the credential with no disclosure for a query that names no claims, returning no personal claim', async () => {
    const { id, request } = await insurerRequest({ purpose: 'Inskriven?', dcql_query: registrationQuery() });
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [await present(request, { disclose: {} })] },
      state: request.state,
    });
    expect(response.status).toBe(200);
    const result = await readPresentationResult(world.verifier, 'insurer', id);
    expect(result.body.status).toBe('verified');
    expect(Object.keys(result.body.claims.registration[0]).sort()).toEqual(['issuer', 'vct']);
  });

  it('rejects a holder that discloses the claims of two claim sets where one is to be chosen', async () => {
    const query = registrationQuery({
      claims: [
        { id: 'name', path: ['given_name'] },
        { id: 'since', path: ['registered_since'] },
        { id: 'office', path: ['office'] },
      ],
      claim_sets: [
        ['name', 'since'],
        ['name', 'office'],
      ],
    });
    const { id, request } = await insurerRequest({ purpose: 'Inskriven?', dcql_query: query });
    const both = { given_name: true, registered_since: true, office: true };
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [await present(request, { disclose: both })] },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'no_unrequested_claims')).toBe(
      'claims disclosed outside every claim set of the query: office',
    );

    // One claim set, as the wallet must answer, passes.
    const again = await insurerRequest({ purpose: 'Inskriven?', dcql_query: query });
    const one = await postResponse(again.request.response_uri, {
      vp_token: {
        registration: [await present(again.request, { disclose: { given_name: true, office: true } })],
      },
      state: again.request.state,
    });
    expect(one.status).toBe(200);
    const result = await readPresentationResult(world.verifier, 'insurer', again.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0]).toMatchObject({
      given_name: 'Tolvan',
      office: expect.any(String),
    });
  });

  it('rejects a presentation whose disclosure was tampered with', async () => {
    const { id, request } = await insurerRequest();
    const parts = (await present(request)).split('~');
    // Rewrite the family_name disclosure's value; its digest is then in no `_sd` array.
    const index = parts.findIndex((part, i) => {
      if (i === 0 || i === parts.length - 1) return false;
      return JSON.parse(Buffer.from(part, 'base64url').toString())[1] === 'family_name';
    });
    const [salt, name] = JSON.parse(Buffer.from(parts[index], 'base64url').toString());
    parts[index] = Buffer.from(JSON.stringify([salt, name, 'Someone Else'])).toString('base64url');
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [parts.join('~')] },
      state: request.state,
    });
    await expectRejected(id, response, 'disclosures');
  });

  it('rejects the EUDI reference PID: its issuer is not on the trust list', async () => {
    const pid = readVectorText('eudi', 'openid4vp-kt', 'example', 'sd-jwt-vc-pid.txt').trim();
    const holderJwk = readVectorJson<JsonWebKey>('eudi', 'openid4vp-kt', 'example', 'sd-jwt-vc-pid-key.json');
    const { id, request } = await insurerRequest({
      purpose: 'Identitet',
      dcql_query: readVectorJson('eudi', 'openid4vp-kt', 'example', 'sd-jwt-vc-pid-dcql-query.json'),
    });
    const presentation = await presentCredential({
      credential: pid,
      holderPrivateKey: createPrivateKey({ key: holderJwk, format: 'jwk' }),
      request,
      disclose: { family_name: true },
    });
    const response = await postResponse(request.response_uri, {
      vp_token: { eu_europa_ec_eudi_pid_1: [presentation] },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'issuer_trusted')).toBe(
      'the issuer https://dev.issuer-backend.eudiw.dev is not on the trust list',
    );
  });

  it('rejects a registration certificate from a listed issuer that is not authoritative for it', async () => {
    const { id, request } = await insurerRequest();
    const vct = `${world.issuer.baseUrl}/af/vct/registration-certificate`;
    const forged = await issueSdJwtVc({
      issuer: rogueIssuerUrl,
      vct,
      claims: { given_name: 'Tolvan', family_name: 'Tolvansson', registered_since: '2026-09-01' },
      disclosureFrame: { _sd: ['given_name', 'family_name', 'registered_since'] },
      holderJwk: registration.holderKey.publicJwk,
      issuedAt: Math.floor(Date.now() / 1000),
      signer: { privateKey: rogueKey.privateKey, kid: 'rogue-1', alg: 'ES256' },
    });
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [await present(request, { credential: forged })] },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'issuer_authoritative')).toBe(
      `rogue is not authoritative for ${vct}`,
    );
  });

  it('rejects a credential in Arbetsförmedlingen’s name signed with another key', async () => {
    const { id, request } = await insurerRequest();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const afKid = world.trustList.issuers.find((i) => i.id === 'af')!.jwks.keys[0].kid as string;
    const forged = await issueSdJwtVc({
      issuer: `${world.issuer.baseUrl}/af`,
      vct: `${world.issuer.baseUrl}/af/vct/registration-certificate`,
      claims: { given_name: 'Tolvan', family_name: 'Tolvansson', registered_since: '2020-01-01' },
      disclosureFrame: { _sd: ['given_name', 'family_name', 'registered_since'] },
      holderJwk: registration.holderKey.publicJwk,
      issuedAt: Math.floor(Date.now() / 1000),
      signer: { privateKey: other.privateKey, kid: afKid, alg: 'ES256' },
    });
    expect(afKid).toBe(await calculateJwkThumbprint(world.trustList.issuers[0].jwks.keys[0]));
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [await present(request, { credential: forged })] },
      state: request.state,
    });
    await expectRejected(id, response, 'issuer_signature');
  });

  it('rejects an expired credential', async () => {
    const { issuer } = world;
    // The issuer's clock goes back past the 90-day validity, issues, and comes forward again.
    issuer.advanceClock(-91 * DAY);
    let expired: IssuedCredential;
    try {
      expired = await obtainCredential(issuer, {
        holder: 'af',
        pnr: tolvan,
        configurationId: 'registration_certificate',
        proofIat: Math.floor(Date.now() / 1000) - 91 * DAY,
      });
    } finally {
      issuer.advanceClock(91 * DAY);
    }
    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: {
        registration: [
          await present(request, {
            credential: expired.credential,
            holderPrivateKey: expired.holderKey.privateKey,
          }),
        ],
      },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'validity_period')).toBe('the SD-JWT has expired');
  });

  it('rejects a credential its holder revoked through the issuer’s staff API', async () => {
    const { issuer } = world;
    const revoked = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const listed = await getJson(
      `${issuer.baseUrl}/af/admin/credentials?personal_identity_number=${tolvan}`,
      {
        authorization: `Bearer ${issuer.apiKey}`,
      },
    );
    // Staff find the credential by the status list entry it carries.
    const { idx } = (decodeSdJwtVc(revoked.credential).payload.status as any).status_list;
    const entry = listed.body.credentials.find((c: any) => c.status_list.idx === idx);
    const change = await postJson(
      `${issuer.baseUrl}/af/admin/credentials/${entry.id}/status`,
      { status: 'revoked' },
      { authorization: `Bearer ${issuer.apiKey}` },
    );
    expect(change.status).toBe(200);

    const { id, request } = await insurerRequest();
    const response = await postResponse(request.response_uri, {
      vp_token: {
        registration: [
          await present(request, {
            credential: revoked.credential,
            holderPrivateKey: revoked.holderKey.privateKey,
          }),
        ],
      },
      state: request.state,
    });
    expect(await expectRejected(id, response, 'status')).toBe('the credential is revoked');

    // The first credential, on the same list, is still valid.
    const again = await insurerRequest();
    const ok = await postResponse(again.request.response_uri, {
      vp_token: { registration: [await present(again.request)] },
      state: again.request.state,
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a response after the request expired and reports it expired', async () => {
    const { id, request } = await insurerRequest();
    const presentation = await present(request);
    world.verifier.advanceClock(601);
    try {
      const response = await postResponse(request.response_uri, {
        vp_token: { registration: [presentation] },
        state: request.state,
      });
      expect(response).toEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'the presentation request has expired',
          failed_checks: ['state'],
        },
      });
      expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('expired');
      const requestObject = await fetch(`${world.verifier.url}/openid4vp/requests/${id}`);
      expect(requestObject.status).toBe(410);
    } finally {
      world.verifier.advanceClock(-601);
    }
  });

  it('refuses a direct_post.jwt response encrypted to a key that is not the request’s', async () => {
    const { id, request } = await insurerRequest({
      template: 'unemployment_claim',
      response_mode: 'direct_post.jwt',
    });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwe = await new CompactEncrypt(
      new TextEncoder().encode(
        JSON.stringify({ vp_token: { registration: [await present(request)] }, state: request.state }),
      ),
    )
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM' })
      .encrypt(other.publicKey);
    const response = await postResponse(request.response_uri, { response: jwe });
    expect(response).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'the response JWE could not be decrypted with the key of this request',
        failed_checks: ['response_encryption'],
      },
    });
    expect((await readPresentationResult(world.verifier, 'insurer', id)).body.status).toBe('pending');
  });

  it('lists the consumer’s own requests and outcomes without claim values', async () => {
    const list = await getJson(`${world.verifier.url}/api/presentation-requests`, {
      authorization: `Bearer ${world.verifier.apiKeys.insurer}`,
    });
    expect(list.status).toBe(200);
    const items = list.body.presentation_requests as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThan(5);
    expect(new Set(items.map((i) => i.consumer))).toEqual(new Set(['insurer']));
    expect(items.some((i) => i.status === 'rejected')).toBe(true);
    for (const item of items) expect(item).not.toHaveProperty('claims');
    const university = await getJson(`${world.verifier.url}/api/presentation-requests`, {
      authorization: `Bearer ${world.verifier.apiKeys.university}`,
    });
    expect(university.body.presentation_requests).toEqual([]);
  });

  it('answers bad presentation requests from the consumer with invalid_request', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'invalid presentation request: dcql_query: give exactly one of dcql_query and template'],
      [{ template: 'nope' }, 'no template named nope; this consumer has: unemployment_claim'],
      [{ dcql_query: { credentials: [] }, purpose: 'x' }, 'invalid dcql_query: '],
      [
        {
          dcql_query: { credentials: [{ id: 'm', format: 'mso_mdoc', meta: { doctype_value: 'x' } }] },
          purpose: 'x',
        },
        'credential query m asks for format mso_mdoc',
      ],
      [{ template: 'unemployment_claim', extra: 1 }, 'invalid presentation request: '],
    ];
    for (const [body, description] of cases) {
      const response = await createPresentationRequest(world.verifier, 'insurer', body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'invalid_request',
        error_description: expect.stringContaining(description),
      });
    }
    const noKey = await postJson(`${world.verifier.url}/api/presentation-requests`, {
      template: 'unemployment_claim',
    });
    expect(noKey.status).toBe(401);
    expect(noKey.body.error).toBe('invalid_token');
  });
});
