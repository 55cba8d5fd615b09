import { webcrypto } from 'node:crypto';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { JWK } from 'jose';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import { createHolderKey } from '../wallet/src/crypto/holder-keys.js';
import { purgeExpired } from '../wallet/src/housekeeping.js';
import type { AccountRow } from '../wallet/src/persistence/entities.js';
import { SigningRequestEntity } from '../wallet/src/persistence/signing-request-entities.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import { makePageKeys, protectWithPasskey, receiveInPage, signInPage } from './passkey-signing-helpers.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier, wholeDemoTrust } from './wallet-with-verifier.js';

const tolvan = '191212121212';
const subtle = webcrypto.subtle;

/**
 * Issue 25, presentations signed in the page: a credential bound to a key only the person's
 * browser holds is answered with a signing request (202); the page's signature completes the
 * answer, and the real verifier accepts it. The service alone, with its database and master key,
 * has no key to sign that KB-JWT with.
 */
describe.each(testDatabaseKinds())('presentations signed in the page on %s', (kind) => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let wallet: string;
  let account: AccountRow;
  let browserPrivateKey: webcrypto.CryptoKey;
  let browserJwk: JWK;
  let keyId: string;
  let credentialId: string;

  async function askVerifier() {
    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    expect(created.status).toBe(201);
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.status).toBe(201);
    return { verifierId: created.body.id as string, requestId: shown.body.id as string };
  }

  async function approve(requestId: string) {
    return api(wallet, person, 'POST', `/api/presentation-requests/${requestId}/response`, {
      decision: 'approve',
      credentials: { registration: credentialId },
    });
  }

  beforeAll(async () => {
    ({ world, verifier, person } = await startWalletWithVerifier(kind, wholeDemoTrust));
    wallet = world.wallet.baseUrl;
    const ctx = world.wallet.ctx;
    account = await protectWithPasskey(world, (await ctx.store.findAccountByIdentity(tolvan))!);
    // The page's key: made with WebCrypto, non-extractable; the server keeps its public JWK and
    // an opaque wrapped blob. The credential is received through issuance signed in the page
    // (one key: one copy), so its copy carries `keyId`, never `kmsKid`.
    const [pageKey] = await makePageKeys(world, account, 1);
    ({ id: keyId, publicJwk: browserJwk, privateKey: browserPrivateKey } = pageKey!);
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const received = await receiveInPage(world, person, offer, [pageKey!]);
    credentialId = received.body.credentials[0].id as string;
  });
  afterAll(async () => {
    await verifier?.stop();
    await world?.stop();
  });

  it('answers 202 with a signing request; the page signs; the verifier accepts the KB-JWT', async () => {
    const { verifierId, requestId } = await askVerifier();
    const asked = await approve(requestId);
    expect(asked.status).toBe(202);
    const { signing_request: signing } = asked.body;
    expect(signing).toMatchObject({ kind: 'presentation', inputs: [{ key_id: keyId, alg: 'ES256' }] });
    // Nothing went to the verifier yet.
    expect((await readPresentationResult(verifier, 'insurer', verifierId)).body.status).not.toBe('verified');
    const [header, payload] = (signing.inputs[0].signing_input as string)
      .split('.')
      .map((s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'ES256', typ: 'kb+jwt' });
    expect(payload).toMatchObject({
      aud: expect.any(String),
      nonce: expect.any(String),
      sd_hash: expect.any(String),
    });

    const signature = await signInPage(browserPrivateKey, signing.inputs[0].signing_input);
    const done = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: [signature],
    });
    expect(done.status).toBe(200);
    expect(done.body.delivered).toBe(true);
    const result = await readPresentationResult(verifier, 'insurer', verifierId);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.registration[0]).toMatchObject({
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
    });

    // Replayed: the signing request was taken once.
    const replay = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: [signature],
    });
    expect(replay.status).toBe(410);
    expect(replay.body.error).toBe('invalid_request');
  });

  it('completes an answer that also carries the contact profile once the page has signed', async () => {
    // The profile stands in for a credential (never stored): the continuation keeps its row.
    const saved = await api(wallet, person, 'PUT', '/api/profile', {
      address: {
        street_address: 'Storgatan 12',
        postal_code: '111 22',
        locality: 'Stockholm',
        country: 'SE',
      },
      emails: [{ address: 'tolvan@example.se' }],
      phones: [{ number: '+46 70 123 45 67' }],
      preferred_language: 'sv',
      contact_preferences: { default: ['email'] },
    });
    expect(saved.status).toBe(200);
    const template = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    const dcql = template.body.dcql_query as { credentials: unknown[] };
    const created = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'Ersättning och kontakt',
      dcql_query: {
        credentials: [
          ...dcql.credentials,
          {
            id: 'contact_profile',
            format: 'dc+sd-jwt',
            meta: { vct_values: [contactProfileVct] },
            claims: [{ path: ['emails'] }],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    const asked = await approve(shown.body.id as string);
    expect(asked.status).toBe(202);
    const { signing_request: signing } = asked.body;
    const done = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: [await signInPage(browserPrivateKey, signing.inputs[0].signing_input)],
    });
    expect(done.status).toBe(200);
    expect(done.body.sent.map((s: { credential_id: string }) => s.credential_id)).toContain(
      'contact-profile',
    );
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.contact_profile[0].emails).toEqual([
      expect.objectContaining({ address: 'tolvan@example.se' }),
    ]);
  });

  it('refuses a signature by another key, even one the service holds; the request is spent', async () => {
    const { verifierId, requestId } = await askVerifier();
    const asked = await approve(requestId);
    expect(asked.status).toBe(202);
    const input = asked.body.signing_request.inputs[0].signing_input as string;
    const other = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
    ])) as webcrypto.CryptoKeyPair;
    const refused = await api(
      wallet,
      person,
      'POST',
      `/api/signing-requests/${asked.body.signing_request.id}`,
      {
        signatures: [await signInPage(other.privateKey, input)],
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_request' });
    expect(refused.text).not.toMatch(/at .*\.js/);

    // The service's own key (what it could sign with: database and master key) fares no better.
    const again = await approve(requestId);
    expect(again.status).toBe(202);
    const serviceKey = await createHolderKey(world.wallet.ctx.keys);
    const { sign } = await import('node:crypto');
    const serviceSignature = sign(
      'sha256',
      Buffer.from(again.body.signing_request.inputs[0].signing_input as string, 'ascii'),
      { key: serviceKey.privateKey, dsaEncoding: 'ieee-p1363' },
    ).toString('base64url');
    const byService = await api(
      wallet,
      person,
      'POST',
      `/api/signing-requests/${again.body.signing_request.id}`,
      {
        signatures: [serviceSignature],
      },
    );
    expect(byService.status).toBe(400);
    // The right signature on a spent request is refused too.
    const late = await api(wallet, person, 'POST', `/api/signing-requests/${asked.body.signing_request.id}`, {
      signatures: [await signInPage(browserPrivateKey, input)],
    });
    expect(late.status).toBe(410);
    expect((await readPresentationResult(verifier, 'insurer', verifierId)).body.status).not.toBe('verified');
  });

  it('refuses an expired signing request, and malformed signatures', async () => {
    const { requestId } = await askVerifier();
    const asked = await approve(requestId);
    expect(asked.status).toBe(202);
    const { id, inputs } = asked.body.signing_request;
    const malformed = await api(wallet, person, 'POST', `/api/signing-requests/${id}`, {
      signatures: ['abc'],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid_request');
    const ctx = world.wallet.ctx;
    const realNow = ctx.now;
    ctx.now = () => realNow() + 301;
    try {
      const expired = await api(wallet, person, 'POST', `/api/signing-requests/${id}`, {
        signatures: [await signInPage(browserPrivateKey, inputs[0].signing_input)],
      });
      expect(expired.status).toBe(410);
    } finally {
      ctx.now = realNow;
    }
  });

  it('sweeps signing requests nobody completed once they expire', async () => {
    const { requestId } = await askVerifier();
    const asked = await approve(requestId);
    expect(asked.status).toBe(202);
    const ctx = world.wallet.ctx;
    const repository = ctx.db.dataSource.getRepository(SigningRequestEntity);
    const id = asked.body.signing_request.id as string;
    expect(await repository.countBy({ id })).toBe(1);
    // The continuation is sealed: neither the SD-JWT (`~`-separated) nor the decision in the clear.
    const stored = (await repository.findOneBy({ id }))!;
    expect(stored.continuation).not.toMatch(/~|approve/);
    expect(() => JSON.parse(stored.continuation)).toThrow();
    const realNow = ctx.now;
    ctx.now = () => realNow() + 301;
    try {
      await purgeExpired(ctx);
    } finally {
      ctx.now = realNow;
    }
    expect(await repository.countBy({ id })).toBe(0);
  });

  it('with the database and master key alone, the service has no key for a passkey-bound copy', async () => {
    const ctx = world.wallet.ctx;
    const row = (await ctx.store.findCredential(account.id, credentialId))!;
    // Everything the master key opens: the sealed copies name no KMS key, only the wrapped one.
    const sealed = openSealed(ctx, account, row);
    expect(sealed.copies.every((c) => c.kmsKid === undefined && c.keyId === keyId)).toBe(true);
    const cnf = decodeSdJwtVc(sealed.copies[0]!.compact).payload.cnf as { jwk: JWK };
    expect({ x: cnf.jwk.x, y: cnf.jwk.y }).toEqual({ x: browserJwk.x, y: browserJwk.y });
    // The stored key is the public half and a blob that only the person's account key opens.
    const stored = (await ctx.store.findWrappedKey(account.id, keyId))!;
    expect(Object.keys(stored.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    // And the service's own signing path stops at the signing request: no KB-JWT is made.
    const { requestId } = await askVerifier();
    expect((await approve(requestId)).status).toBe(202);
  });
});
