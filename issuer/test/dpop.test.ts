import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { createDpopProof, postFormWith } from './dpop-client.js';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import {
  createHolderKey,
  createOffer,
  createProof,
  fetchNonce,
  getJson,
  postJson,
  preAuthorizedGrant,
  type HolderKeyPair,
} from './wallet-client.js';

const tolvan = '191212121212';

/**
 * RFC 9449 at the token and credential endpoints, with ISSUER_REQUIRE_DPOP on (HAIP 1.0 §4.3).
 * Every refusal is checked to have changed nothing: the same code or token works afterwards.
 */
describe.each(testDatabaseKinds())('DPoP-bound access tokens on %s', (kind) => {
  let issuer: RunningIssuer;
  let second: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind, { settings: { requireDpop: true } });
    second = await startIssuer(kind, { settings: { requireDpop: true }, shareWith: issuer });
  });
  afterAll(async () => {
    await second?.stop();
    await issuer?.stop();
  });

  const tokenUrl = () => `${issuer.baseUrl}/af/token`;
  const credentialUrl = () => `${issuer.baseUrl}/af/credential`;
  const now = () => issuer.ctx.now();

  async function offer() {
    const created = await createOffer(issuer.baseUrl, issuer.apiKey, 'af', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['registration_certificate'],
    });
    expect(created.status).toBe(201);
    return {
      'pre-authorized_code': created.body.credential_offer.grants[preAuthorizedGrant][
        'pre-authorized_code'
      ] as string,
      tx_code: created.body.tx_code as string,
    };
  }

  function redeem(grant: Record<string, string>, headers: Record<string, string>, url = tokenUrl()) {
    return postFormWith(url, { grant_type: preAuthorizedGrant, ...grant }, headers);
  }

  /** The nonce the token endpoint hands out when asked without one. */
  async function tokenNonce(key: HolderKeyPair): Promise<string> {
    const refused = await redeem(
      { 'pre-authorized_code': 'none', tx_code: '000000' },
      { dpop: await createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now() }) },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('use_dpop_nonce');
    return refused.headers.get('dpop-nonce')!;
  }

  async function boundToken(key: HolderKeyPair) {
    const nonce = await tokenNonce(key);
    const token = await redeem(await offer(), {
      dpop: await createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now(), nonce }),
    });
    expect(token.status).toBe(200);
    return { accessToken: token.body.access_token as string, nonce: token.headers.get('dpop-nonce')! };
  }

  async function credentialRequest(headers: Record<string, string>) {
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/af`,
      nonce: await fetchNonce(issuer.baseUrl, 'af'),
    });
    return postJson(
      credentialUrl(),
      { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
      headers,
    );
  }

  it('advertises DPoP in the authorization server metadata', async () => {
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/oauth-authorization-server/af`);
    expect(metadata.body.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256']));
  });

  it('binds the token to the proof key after a use_dpop_nonce round, and takes it only with a proof by that key', async () => {
    const key = await createHolderKey();
    const grant = await offer();
    // First try without a nonce: refused with one to use, the code untouched.
    const first = await redeem(grant, {
      dpop: await createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now() }),
    });
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({ error: 'use_dpop_nonce', error_description: expect.any(String) });
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toEqual(expect.any(String));

    const token = await redeem(grant, {
      dpop: await createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now(), nonce: nonce! }),
    });
    expect(token.status).toBe(200);
    expect(token.body.token_type).toBe('DPoP');
    const accessToken = token.body.access_token as string;

    // The bound token as a bearer token: refused (no downgrade).
    const asBearer = await credentialRequest({ authorization: `Bearer ${accessToken}` });
    expect(asBearer.status).toBe(401);
    expect(asBearer.body.error).toBe('invalid_token');

    const credentialNonce = token.headers.get('dpop-nonce')!;
    const issued = await credentialRequest({
      authorization: `DPoP ${accessToken}`,
      dpop: await createDpopProof({
        key,
        htm: 'POST',
        htu: credentialUrl(),
        iat: now(),
        nonce: credentialNonce,
        accessToken,
      }),
    });
    expect(issued.status).toBe(200);
    expect(issued.body.credentials).toHaveLength(1);
    expect(issued.headers.get('dpop-nonce')).toEqual(expect.any(String));
  });

  it('refuses a token request without a proof, or with a bad one, and the code still works after', async () => {
    const key = await createHolderKey();
    const grant = await offer();
    const nonce = await tokenNonce(key);
    const proof = (over: Partial<Parameters<typeof createDpopProof>[0]> = {}) =>
      createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now(), nonce, ...over });

    const missing = await redeem(grant, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_dpop_proof');

    const refusals: Array<[string, Record<string, string>, string]> = [
      ['not a JWT', { dpop: 'not-a-jwt' }, 'invalid_dpop_proof'],
      ['two proofs', { dpop: `${await proof()}, ${await proof()}` }, 'invalid_dpop_proof'],
      ['wrong typ', { dpop: await proof({ typ: 'JWT' }) }, 'invalid_dpop_proof'],
      [
        'signed by another key',
        { dpop: await proof({ signWith: await createHolderKey() }) },
        'invalid_dpop_proof',
      ],
      ['wrong htm', { dpop: await proof({ htm: 'GET' }) }, 'invalid_dpop_proof'],
      [
        'wrong htu',
        { dpop: await proof({ htu: `${issuer.baseUrl}/skatteverket/token` }) },
        'invalid_dpop_proof',
      ],
      ['iat too old', { dpop: await proof({ iat: now() - 3600 }) }, 'invalid_dpop_proof'],
      ['iat ahead', { dpop: await proof({ iat: now() + 3600 }) }, 'invalid_dpop_proof'],
      [
        'forged nonce',
        { dpop: await proof({ nonce: `${nonce.split('.')[0]}.${'A'.repeat(43)}` }) },
        'use_dpop_nonce',
      ],
    ];
    for (const [what, headers, error] of refusals) {
      const refused = await redeem(grant, headers);
      expect({ what, status: refused.status, error: refused.body.error }).toEqual({
        what,
        status: 400,
        error,
      });
      expect(refused.body.error_description).toEqual(expect.any(String));
    }
    // Nothing was spent: no tx_code try, not the code.
    const token = await redeem(grant, { dpop: await proof() });
    expect(token.status).toBe(200);
  });

  it('refuses a stale nonce with a fresh one to use', async () => {
    const key = await createHolderKey();
    const grant = await offer();
    const nonce = await tokenNonce(key);
    issuer.advanceClock(issuer.ctx.settings.dpopNonceTtl + 1);
    try {
      const stale = await redeem(grant, {
        dpop: await createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now(), nonce }),
      });
      expect(stale.status).toBe(400);
      expect(stale.body.error).toBe('use_dpop_nonce');
      const fresh = stale.headers.get('dpop-nonce')!;
      expect(fresh).not.toBe(nonce);
      const token = await redeem(grant, {
        dpop: await createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now(), nonce: fresh }),
      });
      expect(token.status).toBe(200);
    } finally {
      issuer.advanceClock(-(issuer.ctx.settings.dpopNonceTtl + 1));
    }
  });

  it('refuses a replayed proof at the other instance, which shares the database', async () => {
    const key = await createHolderKey();
    const nonce = await tokenNonce(key);
    const proof = await createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now(), nonce });
    const first = await redeem(await offer(), { dpop: proof });
    expect(first.status).toBe(200);
    const grant = await offer();
    const replayed = await redeem(grant, { dpop: proof }, `${second.instanceUrl}/af/token`);
    expect(replayed.status).toBe(400);
    expect(replayed.body).toMatchObject({
      error: 'invalid_dpop_proof',
      error_description: expect.stringMatching(/used before/),
    });
    // The second offer is untouched by the refusal.
    const fresh = await createDpopProof({ key, htm: 'POST', htu: tokenUrl(), iat: now(), nonce });
    expect((await redeem(grant, { dpop: fresh }, `${second.instanceUrl}/af/token`)).status).toBe(200);
  });

  it('refuses at the credential endpoint a proof by another key, without ath, replayed or for another URL; the token still works', async () => {
    const key = await createHolderKey();
    const { accessToken, nonce } = await boundToken(key);
    const proof = (over: Partial<Parameters<typeof createDpopProof>[0]> = {}) =>
      createDpopProof({ key, htm: 'POST', htu: credentialUrl(), iat: now(), nonce, accessToken, ...over });
    const other = await createHolderKey();
    const replay = await proof();
    expect((await credentialRequest({ authorization: `DPoP ${accessToken}`, dpop: replay })).status).toBe(
      200,
    );

    const refusals: Array<[string, Record<string, string>, string]> = [
      ['no proof', { authorization: `DPoP ${accessToken}` }, 'invalid_dpop_proof'],
      ['key is not the token binding', { dpop: await proof({ key: other }) }, 'invalid_dpop_proof'],
      ['no ath', { dpop: await proof({ accessToken: undefined }) }, 'invalid_dpop_proof'],
      ['ath of another token', { dpop: await proof({ accessToken: 'another-token' }) }, 'invalid_dpop_proof'],
      ['htu of the token endpoint', { dpop: await proof({ htu: tokenUrl() }) }, 'invalid_dpop_proof'],
      ['no nonce', { dpop: await proof({ nonce: undefined }) }, 'use_dpop_nonce'],
      ['replayed', { dpop: replay }, 'invalid_dpop_proof'],
    ];
    for (const [what, headers, error] of refusals) {
      const refused = await credentialRequest({ authorization: `DPoP ${accessToken}`, ...headers });
      expect({ what, status: refused.status, error: refused.body.error }).toEqual({
        what,
        status: 401,
        error,
      });
      expect(refused.headers.get('www-authenticate')).toMatch(new RegExp(`^DPoP error="${error}"`));
    }
    const issued = await credentialRequest({ authorization: `DPoP ${accessToken}`, dpop: await proof() });
    expect(issued.status).toBe(200);
  });

  it('binds a refresh token to the DPoP key of its sign-in (RFC 9449 §5): a proof by another key is refused', async () => {
    const key = await createHolderKey();
    const thief = await createHolderKey();
    const refreshToken = randomToken();
    const jkt = await calculateJwkThumbprint(key.publicJwk as JWK, 'sha256');
    // A usage_log sign-in's refresh token, as the authorization code exchange stores it.
    await issuer.ctx.refreshTokens.insert({
      tokenHash: hashSecret(refreshToken),
      familyId: randomUUID(),
      holderId: 'af',
      identityNumber: tolvan,
      scopes: ['usage_log'],
      clientId: 'wallet-under-test',
      dpopJkt: jkt,
      createdAt: now(),
      expiresAt: now() + 3600,
      usedAt: null,
      revokedAt: null,
    });
    const refresh = async (with_: HolderKeyPair) =>
      postFormWith(
        tokenUrl(),
        { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'wallet-under-test' },
        {
          dpop: await createDpopProof({
            key: with_,
            htm: 'POST',
            htu: tokenUrl(),
            iat: now(),
            nonce: await tokenNonce(with_),
          }),
        },
      );
    const stolen = await refresh(thief);
    expect(stolen.status).toBe(400);
    expect(stolen.body).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token is bound to another DPoP key',
    });
    // Refused before it was used: the holder of the key still refreshes, bound to the same key.
    const refreshed = await refresh(key);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.token_type).toBe('DPoP');
    const row = await issuer.ctx.refreshTokens.find(hashSecret(refreshed.body.refresh_token as string));
    expect(row?.dpopJkt).toBe(jkt);
  });

  it('keeps a spent jti only for the proof lifetime: housekeeping deletes it afterwards', async () => {
    const key = await createHolderKey();
    await boundToken(key);
    const count = async () =>
      Number(
        (
          (await issuer.ctx.db.dataSource.query('SELECT COUNT(*) AS n FROM spent_jti')) as Array<{
            n: string;
          }>
        )[0].n,
      );
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await issuer.ctx.store.purgeExpired(now());
    expect(await count()).toBe(before);
    // A jti is kept until its proof's nonce ends. An earlier test moved the clock ahead by a nonce
    // lifetime (and back), so a nonce may end up to two lifetimes from now: past that, all are gone.
    const { dpopNonceTtl } = issuer.ctx.settings;
    await issuer.ctx.store.purgeExpired(now() + 3 * dpopNonceTtl);
    expect(await count()).toBe(0);
  });
});
