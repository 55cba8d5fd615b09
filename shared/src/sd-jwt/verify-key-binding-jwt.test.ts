import { createKeyBindingJwt } from './create-key-binding-jwt.js';
import { createDisclosureFrameForAll, issueSdJwtVc } from './issue-sd-jwt-vc.js';
import { signCompactJwt } from './jws.js';
import { presentSdJwtVc } from './present-sd-jwt-vc.js';
import { createTestKeyPair, createTestSigner, type TestKeyPair } from './testing/test-keys.js';
import { hashTransactionData, type KeyBindingExpectation } from './verify-key-binding-jwt.js';
import { verifySdJwtVc } from './verify-sd-jwt-vc.js';

const NOW = 1_750_000_000;
const NONCE = 'nonce-from-the-request';
const AUDIENCE = 'x509_san_dns:forsakring.example';
const claims = { given_name: 'Astrid', family_name: 'Lindqvist', registered_at: '2025-01-02' };

let issuer: TestKeyPair;
let holder: TestKeyPair;
let issued: string;

beforeAll(async () => {
  issuer = await createTestKeyPair();
  holder = await createTestKeyPair();
  issued = await issueSdJwtVc({
    issuer: 'https://issuer.example/af',
    vct: 'urn:min-profil:inskrivningsintyg:1',
    claims,
    disclosureFrame: createDisclosureFrameForAll(claims),
    holderJwk: holder.publicJwk,
    issuedAt: NOW - 3600,
    signer: createTestSigner(issuer),
  });
});

async function present(
  overrides: { nonce?: string; audience?: string; issuedAt?: number; key?: TestKeyPair } = {},
) {
  return presentSdJwtVc({
    compact: issued,
    disclose: { registered_at: true },
    keyBinding: {
      nonce: overrides.nonce ?? NONCE,
      audience: overrides.audience ?? AUDIENCE,
      issuedAt: overrides.issuedAt ?? NOW,
      privateKey: (overrides.key ?? holder).privateKey,
      alg: 'ES256',
    },
  });
}

const verify = (compact: string, keyBinding: Partial<KeyBindingExpectation> = {}) =>
  verifySdJwtVc({
    compact,
    resolveIssuerKey: async () => issuer.publicKey,
    keyBinding: { nonce: NONCE, audience: AUDIENCE, ...keyBinding },
    now: NOW,
  });

describe('verifySdJwtVc: key binding (RFC 9901 §4.3, §7.3)', () => {
  it('accepts a fresh KB-JWT for this nonce and audience, signed by the cnf key', async () => {
    const verified = await verify(await present());
    expect(verified.claims).toMatchObject({ registered_at: '2025-01-02' });
    expect(verified.claims).not.toHaveProperty('given_name');
    expect(verified.keyBinding?.header.typ).toBe('kb+jwt');
  });

  it('requires a KB-JWT when the verifier asks for key binding', async () => {
    await expect(verify(issued)).rejects.toMatchObject({ code: 'kb_jwt_missing' });
  });

  it('rejects a KB-JWT made for another nonce or another verifier', async () => {
    await expect(verify(await present({ nonce: 'old-nonce' }))).rejects.toMatchObject({
      code: 'kb_jwt_nonce_mismatch',
    });
    await expect(verify(await present({ audience: 'x509_san_dns:evil.example' }))).rejects.toMatchObject({
      code: 'kb_jwt_aud_mismatch',
    });
  });

  it('rejects a stale KB-JWT and one issued in the future', async () => {
    await expect(verify(await present({ issuedAt: NOW - 301 }))).rejects.toMatchObject({
      code: 'kb_jwt_stale',
    });
    await expect(
      verify(await present({ issuedAt: NOW - 900 }), { maxAgeSeconds: 1000 }),
    ).resolves.toBeDefined();
    await expect(verify(await present({ issuedAt: NOW + 61 }))).rejects.toMatchObject({
      code: 'kb_jwt_issued_in_future',
    });
    await expect(verify(await present({ issuedAt: NOW + 30 }))).resolves.toBeDefined();
  });

  it('rejects a KB-JWT moved onto a presentation with other disclosures', async () => {
    const presented = await present();
    const kbJwt = presented.slice(presented.lastIndexOf('~') + 1);
    const more = await presentSdJwtVc({
      compact: issued,
      disclose: { registered_at: true, given_name: true },
    });
    await expect(verify(more + kbJwt)).rejects.toMatchObject({ code: 'sd_hash_mismatch' });
  });

  it('rejects a KB-JWT signed by a key other than cnf.jwk', async () => {
    const stranger = await createTestKeyPair();
    await expect(verify(await present({ key: stranger }))).rejects.toMatchObject({
      code: 'kb_jwt_invalid_signature',
    });
  });

  it('rejects a KB-JWT without typ kb+jwt', async () => {
    const sdJwtPart = await presentSdJwtVc({ compact: issued, disclose: {} });
    const payload = { iat: NOW, aud: AUDIENCE, nonce: NONCE, sd_hash: 'x' };
    const kbJwt = await signCompactJwt({
      header: { alg: 'ES256', typ: 'JWT' },
      payload,
      privateKey: holder.privateKey,
    });
    await expect(verify(sdJwtPart + kbJwt)).rejects.toMatchObject({ code: 'kb_jwt_malformed' });
  });

  it('rejects key binding for a credential without cnf', async () => {
    const unbound = await issueSdJwtVc({
      issuer: 'https://issuer.example/af',
      vct: 'urn:min-profil:inskrivningsintyg:1',
      claims,
      disclosureFrame: {},
      issuedAt: NOW,
      signer: createTestSigner(issuer),
    });
    const kbJwt = await createKeyBindingJwt({
      sdJwtPart: unbound,
      sdAlg: 'sha-256',
      nonce: NONCE,
      audience: AUDIENCE,
      issuedAt: NOW,
      privateKey: holder.privateKey,
      alg: 'ES256',
    });
    await expect(verify(unbound + kbJwt)).rejects.toMatchObject({ code: 'cnf_missing' });
  });

  it('checks transaction_data_hashes against the request transaction data (OpenID4VP 1.0 §8.4)', async () => {
    const transactionData = [
      Buffer.from(JSON.stringify({ type: 'approve', credential_ids: ['q'] })).toString('base64url'),
    ];
    const hash = hashTransactionData({ transactionData: transactionData[0] });
    const presented = await presentSdJwtVc({
      compact: issued,
      disclose: {},
      keyBinding: {
        nonce: NONCE,
        audience: AUDIENCE,
        issuedAt: NOW,
        privateKey: holder.privateKey,
        alg: 'ES256',
        transactionDataHashes: [hash],
        transactionDataHashesAlg: 'sha-256',
      },
    });
    await expect(verify(presented, { transactionData })).resolves.toBeDefined();
    await expect(verify(presented, { transactionData: ['ZXZpbA'] })).rejects.toMatchObject({
      code: 'transaction_data_mismatch',
    });
    await expect(verify(await present(), { transactionData })).rejects.toMatchObject({
      code: 'transaction_data_mismatch',
    });
  });
});
