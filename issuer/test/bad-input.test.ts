import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import {
  createHolderKey,
  createOffer,
  createProof,
  fetchNonce,
  postForm,
  postJson,
  preAuthorizedGrant,
  redeemOffer,
} from './wallet-client.js';

const tolvan = '191212121212';

describe.each(testDatabaseKinds())('bad input to the issuer on %s', (kind) => {
  let issuer: RunningIssuer;
  let af: string;
  beforeAll(async () => {
    issuer = await startIssuer(kind, { settings: { txCodeAttempts: 3 } });
    af = `${issuer.baseUrl}/af`;
  });
  afterAll(async () => {
    await issuer.stop();
  });

  async function offerCode(txCode = false) {
    const offer = await createOffer(issuer.baseUrl, issuer.apiKey, 'af', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['registration_certificate'],
      tx_code: txCode,
    });
    return {
      code: offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'] as string,
      txCode: offer.body.tx_code as string | undefined,
    };
  }

  describe('offer endpoint', () => {
    it('refuses a request without the staff API key', async () => {
      const response = await createOffer(issuer.baseUrl, 'wrong', 'af', {
        personal_identity_number: tolvan,
        credential_configuration_ids: ['registration_certificate'],
      });
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_token');
    });

    it('refuses an identity number with a wrong check digit', async () => {
      const response = await createOffer(issuer.baseUrl, issuer.apiKey, 'af', {
        personal_identity_number: '191212121213',
        credential_configuration_ids: ['registration_certificate'],
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_request' });
      expect(response.body.error_description).toMatch(/personal_identity_number/);
      expect(response.body.error_description).not.toMatch(/191212121213/);
    });

    it('refuses an offer for a person the register does not know', async () => {
      const response = await createOffer(issuer.baseUrl, issuer.apiKey, 'af', {
        personal_identity_number: '197011082232',
        credential_configuration_ids: ['registration_certificate'],
      });
      expect(response.status).toBe(400);
      expect(response.body.error_description).toMatch(/register holds no registration record/);
    });

    it('refuses an unknown credential configuration', async () => {
      const response = await createOffer(issuer.baseUrl, issuer.apiKey, 'af', {
        personal_identity_number: tolvan,
        credential_configuration_ids: ['nope'],
      });
      expect(response.status).toBe(400);
      expect(response.body.error_description).toMatch(/unknown credential_configuration_id 'nope'/);
    });
  });

  describe('token endpoint', () => {
    it('answers an unknown grant type with unsupported_grant_type', async () => {
      const response = await postForm(`${af}/token`, { grant_type: 'password', username: 'x' });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('unsupported_grant_type');
    });

    it('answers a JSON token request with invalid_request', async () => {
      const response = await postJson(`${af}/token`, { grant_type: preAuthorizedGrant });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
    });

    it('redeems a pre-authorized code only once', async () => {
      const { code } = await offerCode();
      const first = await postForm(`${af}/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': code,
      });
      expect(first.status).toBe(200);
      const second = await postForm(`${af}/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': code,
      });
      expect(second.status).toBe(400);
      expect(second.body).toEqual({
        error: 'invalid_grant',
        error_description: 'the pre-authorized code has already been used',
      });
    });

    it('redeems a code exactly once when two wallets race for it', async () => {
      const { code } = await offerCode();
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          postForm(`${af}/token`, { grant_type: preAuthorizedGrant, 'pre-authorized_code': code }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.body.error === 'invalid_grant')).toHaveLength(4);
    });

    it('refuses an expired pre-authorized code', async () => {
      const { code } = await offerCode();
      issuer.advanceClock(601);
      try {
        const response = await postForm(`${af}/token`, {
          grant_type: preAuthorizedGrant,
          'pre-authorized_code': code,
        });
        expect(response.body).toEqual({
          error: 'invalid_grant',
          error_description: 'the pre-authorized code has expired',
        });
      } finally {
        issuer.advanceClock(-601);
      }
    });

    it('asks for the tx_code when it is missing and refuses one that was not asked for', async () => {
      const withPin = await offerCode(true);
      const missing = await postForm(`${af}/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': withPin.code,
      });
      expect(missing.body.error).toBe('invalid_request');
      expect(missing.body.error_description).toMatch(/requires the tx_code/);
      const withoutPin = await offerCode(false);
      const extra = await postForm(`${af}/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': withoutPin.code,
        tx_code: '123456',
      });
      expect(extra.body.error).toBe('invalid_request');
    });

    it('blocks the offer after the allowed number of wrong tx_code tries', async () => {
      const { code, txCode } = await offerCode(true);
      const wrong = txCode === '000000' ? '111111' : '000000';
      for (let i = 0; i < 3; i++) {
        const response = await postForm(`${af}/token`, {
          grant_type: preAuthorizedGrant,
          'pre-authorized_code': code,
          tx_code: wrong,
        });
        expect(response.body).toEqual({
          error: 'invalid_grant',
          error_description: 'the tx_code does not match',
        });
      }
      const right = await postForm(`${af}/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': code,
        tx_code: txCode!,
      });
      expect(right.status).toBe(400);
      expect(right.body.error_description).toMatch(/too many wrong tx_code attempts/);
    });

    it('refuses a code from another holder', async () => {
      const { code } = await offerCode();
      const response = await postForm(`${issuer.baseUrl}/skatteverket/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': code,
      });
      expect(response.body.error).toBe('invalid_grant');
      // …and the code is still good at its own holder: a failed request changes nothing.
      const own = await postForm(`${af}/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': code,
      });
      expect(own.status).toBe(200);
    });
  });

  describe('credential endpoint', () => {
    let accessToken: string;
    beforeAll(async () => {
      ({ accessToken } = await redeemOffer({
        ...issuer,
        holder: 'af',
        pnr: tolvan,
        configurationIds: ['registration_certificate'],
      }));
    });
    const auth = () => ({ authorization: `Bearer ${accessToken}` });

    async function request(body: unknown, headers = auth()) {
      return postJson(`${af}/credential`, body, headers);
    }
    async function proofWith(
      options: { nonce?: string; audience?: string; typ?: string; iat?: number } = {},
    ) {
      const nonce = 'nonce' in options ? options.nonce : await fetchNonce(issuer.baseUrl, 'af');
      return createProof({
        key: await createHolderKey(),
        audience: options.audience ?? af,
        nonce,
        typ: options.typ,
        iat: options.iat,
      });
    }

    it('requires an access token', async () => {
      const response = await request(
        { credential_configuration_id: 'registration_certificate' },
        { authorization: '' },
      );
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_token');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('refuses an unknown credential configuration', async () => {
      const response = await request({
        credential_configuration_id: 'drivers_licence',
        proofs: { jwt: [await proofWith()] },
      });
      expect(response.body.error).toBe('unknown_credential_configuration');
    });

    it('refuses a configuration the token does not cover', async () => {
      const response = await request({
        credential_configuration_id: 'registration_certificate_jwt_vc',
        proofs: { jwt: [await proofWith()] },
      });
      expect(response.status).toBe(403);
      expect(response.body.error).toBe('insufficient_scope');
    });

    it('refuses a request without a proof', async () => {
      const response = await request({ credential_configuration_id: 'registration_certificate' });
      expect(response.body.error).toBe('invalid_proof');
    });

    it('refuses a proof without a nonce and one with a nonce it never issued', async () => {
      const missing = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ nonce: undefined })] },
      });
      // OID4VCI 1.0 §8.3.1.2: no nonce at all is an invalid proof; a wrong one an invalid nonce.
      expect(missing.body.error).toBe('invalid_proof');
      const unknown = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ nonce: 'made-up' })] },
      });
      expect(unknown.body.error).toBe('invalid_nonce');
    });

    it('refuses a replayed nonce', async () => {
      const nonce = await fetchNonce(issuer.baseUrl, 'af');
      const first = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ nonce })] },
      });
      expect(first.status).toBe(200);
      const replay = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ nonce })] },
      });
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_nonce');
    });

    it('refuses a proof for another audience', async () => {
      const response = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ audience: `${issuer.baseUrl}/skatteverket` })] },
      });
      expect(response.body).toEqual({
        error: 'invalid_proof',
        error_description: `proof aud must be the credential issuer ${af}`,
      });
    });

    it('refuses a proof with the wrong typ or a stale iat', async () => {
      const typ = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ typ: 'JWT' })] },
      });
      expect(typ.body.error).toBe('invalid_proof');
      const stale = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ iat: Math.floor(Date.now() / 1000) - 3600 })] },
      });
      expect(stale.body.error_description).toMatch(/older than/);
    });

    it('keeps the nonce usable when the request fails for another reason', async () => {
      const nonce = await fetchNonce(issuer.baseUrl, 'af');
      const bad = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ nonce, audience: 'x' })] },
      });
      expect(bad.body.error).toBe('invalid_proof');
      const good = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith({ nonce })] },
      });
      expect(good.status).toBe(200);
    });

    it('answers malformed JSON, a wrong media type and an oversized body with invalid_request', async () => {
      const malformed = await postJson(`${af}/credential`, '{"credential_configuration_id":', auth());
      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual({
        error: 'invalid_request',
        error_description: 'request body is not valid JSON',
      });
      const text = await fetch(`${af}/credential`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'text/plain' },
        body: 'hi',
      });
      expect(text.status).toBe(400);
      expect(((await text.json()) as { error: string }).error).toBe('invalid_credential_request');
      const huge = await postJson(
        `${af}/credential`,
        { credential_configuration_id: 'x'.repeat(200_000) },
        auth(),
      );
      expect(huge.status).toBe(413);
      expect(huge.body.error).toBe('invalid_request');
    });

    it('refuses both credential_identifier and credential_configuration_id at once', async () => {
      const response = await request({
        credential_identifier: 'registration_certificate',
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: [await proofWith()] },
      });
      expect(response.body.error).toBe('invalid_credential_request');
    });

    it('never answers with a stack trace', async () => {
      const response = await request({
        credential_configuration_id: 'registration_certificate',
        proofs: { jwt: ['a.b.c'] },
      });
      expect(response.body.error).toBe('invalid_proof');
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    });
  });

  it('answers unknown paths and holders with not_found', async () => {
    const response = await postJson(`${issuer.baseUrl}/nobody/nonce`, '');
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not_found');
  });
});
