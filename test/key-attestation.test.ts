import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { caTrustAnchor, initCa, issueLeaf } from '@min-profil/shared/pki/ca-commands';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createHolderKey,
  createProof,
  fetchNonce,
  getJson,
  postJson,
  redeemOffer,
  type HolderKeyPair,
} from '../issuer/test/wallet-client.js';
import { startTestCa, type TestCa } from './demo-ca-server.js';

/**
 * Key attestations (OID4VCI 1.0 Appendix D) at the issuer: a proof's `key_attestation` signed by
 * a wallet provider on the trust list, whose x5c chain leads to the trust list's CA, attesting
 * the proof key, is recorded with the credential; a configuration can require one
 * (`key_attestations_required`). Every bad attestation is `invalid_proof` with the reason, and
 * leaves the nonce usable (nothing changed).
 */
const tolvan = '191212121212';

interface ProviderKey {
  privateJwk: JWK;
  x5c: string[];
}

describe.each(testDatabaseKinds())('key attestations at the issuer on %s', (kind) => {
  let ca: TestCa;
  let issuer: RunningIssuer;
  let provider: ProviderKey;
  /** Certified by the trust list's CA but not a wallet provider's key on the list. */
  let stranger: ProviderKey;
  /** A wallet provider key certified by a CA the trust list does not name. */
  let untrusted: ProviderKey;
  let listedProviders: WalletProvider[];

  async function providerKey(caDir: string): Promise<ProviderKey> {
    const { x5c, privateJwk } = await issueLeaf({
      dir: caDir,
      subject: { role: 'wallet-provider', name: 'Test wallet', host: '127.0.0.1' },
    });
    return { x5c, privateJwk: privateJwk as JWK };
  }

  beforeAll(async () => {
    ca = await startTestCa();
    provider = await providerKey(ca.caDir);
    stranger = await providerKey(ca.caDir);
    const otherCaDir = join(ca.tmp, 'other-ca');
    await initCa({ dir: otherCaDir, name: 'CN=Another CA, O=Elsewhere', crlUri: `${ca.caUrl}/crl` });
    untrusted = await providerKey(otherCaDir);
    const { d: _d, ...providerPublic } = provider.privateJwk;
    const { d: _d2, ...untrustedPublic } = untrusted.privateJwk;
    listedProviders = [
      {
        id: 'test-wallet',
        name: { sv: 'Testplånbok', en: 'Test wallet' },
        jwks: { keys: [providerPublic, untrustedPublic] as Array<Record<string, unknown>> },
      },
    ];
    issuer = await startIssuer(kind, {
      walletProviders: async () => listedProviders,
      x509Anchors: async () => [caTrustAnchor(ca.caDir)],
      outbound: { allowedOrigins: [new URL(ca.caUrl).origin] },
      settings: {
        keyAttestationsRequired: { skatteverket: { person_identity: { key_storage: ['iso_18045_basic'] } } },
      },
    });
  });
  afterAll(async () => {
    await issuer?.stop();
    await ca?.stop();
  });

  async function attestation(
    signer: ProviderKey,
    keys: JWK[],
    options: { iat?: number; exp?: number; nonce?: string; keyStorage?: string[] } = {},
  ): Promise<string> {
    const iat = options.iat ?? Math.floor(Date.now() / 1000);
    return new SignJWT({
      attested_keys: keys,
      key_storage: options.keyStorage ?? ['iso_18045_basic'],
      user_authentication: ['iso_18045_basic'],
      ...(options.nonce ? { nonce: options.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'key-attestation+jwt', x5c: signer.x5c })
      .setIssuedAt(iat)
      .setExpirationTime(options.exp ?? iat + 300)
      .sign(await importJWK(signer.privateJwk, 'ES256'));
  }

  /** Offer, token, nonce; then a credential request whose proof carries `keyAttestation`. */
  async function request(options: {
    holder: string;
    configurationId: string;
    key?: HolderKeyPair;
    keyAttestation?: (key: HolderKeyPair, nonce: string) => Promise<string | undefined>;
  }) {
    const { accessToken } = await redeemOffer({
      baseUrl: issuer.baseUrl,
      apiKey: issuer.apiKey,
      holder: options.holder,
      pnr: tolvan,
      configurationIds: [options.configurationId],
    });
    const nonce = await fetchNonce(issuer.baseUrl, options.holder);
    const key = options.key ?? (await createHolderKey());
    const keyAttestation = await options.keyAttestation?.(key, nonce);
    const send = async () =>
      postJson(
        `${issuer.baseUrl}/${options.holder}/credential`,
        {
          credential_configuration_id: options.configurationId,
          proofs: {
            jwt: [
              await createProof({
                key,
                audience: `${issuer.baseUrl}/${options.holder}`,
                nonce,
                header: keyAttestation ? { key_attestation: keyAttestation } : {},
              }),
            ],
          },
        },
        { authorization: `Bearer ${accessToken}` },
      );
    return { response: await send(), nonce, accessToken };
  }

  /** What was recorded with the credentials issued by `act` (rows issued in one second sort by random id). */
  async function recordedBy(holder: string, act: () => Promise<{ response: { status: number } }>) {
    const ids = async () =>
      (await issuer.ctx.store.listIssuedCredentials(holder, { limit: 1000 })).map((r) => r.id);
    const before = new Set(await ids());
    const { response } = await act();
    const rows = await issuer.ctx.store.listIssuedCredentials(holder, { limit: 1000 });
    return { response, records: rows.filter((r) => !before.has(r.id)).map((r) => r.keyAttestation) };
  }

  it('records a valid key attestation with the credential: provider, levels, times, certificate', async () => {
    const { response, records } = await recordedBy('af', () =>
      request({
        holder: 'af',
        configurationId: 'registration_certificate',
        keyAttestation: (key, nonce) => attestation(provider, [key.publicJwk], { nonce }),
      }),
    );
    expect(response.status).toBe(200);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      wallet_provider: 'test-wallet',
      key_storage: ['iso_18045_basic'],
      user_authentication: ['iso_18045_basic'],
      certificate_serial: expect.any(String),
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
  });

  it('records the key attestation of a deferred request with the credential it finally issues', async () => {
    const record = (await issuer.ctx.registerStore.find('af', tolvan, 'registration'))!;
    await issuer.ctx.registerStore.upsert({ ...record, readyAt: issuer.ctx.now() + 3600 });
    let transactionId = '';
    let accessToken = '';
    try {
      const deferred = await request({
        holder: 'af',
        configurationId: 'registration_certificate',
        keyAttestation: (key, nonce) => attestation(provider, [key.publicJwk], { nonce }),
      });
      expect(deferred.response.status).toBe(202);
      transactionId = deferred.response.body.transaction_id;
      accessToken = deferred.accessToken;
    } finally {
      await issuer.ctx.registerStore.upsert({ ...record, readyAt: null });
    }
    const { response, records } = await recordedBy('af', async () => ({
      response: await postJson(
        `${issuer.baseUrl}/af/deferred_credential`,
        { transaction_id: transactionId },
        { authorization: `Bearer ${accessToken}` },
      ),
    }));
    expect(response.status).toBe(200);
    expect(records).toEqual([
      expect.objectContaining({
        wallet_provider: 'test-wallet',
        key_storage: ['iso_18045_basic'],
        certificate_serial: expect.any(String),
      }),
    ]);
  });

  it('issues as before without a key attestation where none is required (recording none)', async () => {
    const { response, records } = await recordedBy('af', () =>
      request({ holder: 'af', configurationId: 'registration_certificate' }),
    );
    expect(response.status).toBe(200);
    expect(records).toEqual([null]);
  });

  it('names key_attestations_required in the metadata of the configuration that requires it, only there', async () => {
    const { body } = await getJson(`${issuer.baseUrl}/.well-known/openid-credential-issuer/skatteverket`);
    const configurations = body.credential_configurations_supported;
    expect(configurations.person_identity.proof_types_supported.jwt.key_attestations_required).toEqual({
      key_storage: ['iso_18045_basic'],
    });
    expect(configurations.registered_address.proof_types_supported.jwt).not.toHaveProperty(
      'key_attestations_required',
    );
  });

  it('requires a key attestation where the configuration says so, and issues with one', async () => {
    const without = await request({ holder: 'skatteverket', configurationId: 'person_identity' });
    expect(without.response.status).toBe(400);
    expect(without.response.body).toEqual({
      error: 'invalid_proof',
      error_description: expect.stringContaining('requires a key_attestation'),
    });
    const weak = await request({
      holder: 'skatteverket',
      configurationId: 'person_identity',
      keyAttestation: (key) => attestation(provider, [key.publicJwk], { keyStorage: ['vendor_special'] }),
    });
    expect(weak.response.status).toBe(400);
    expect(weak.response.body.error_description).toContain('key_storage is none of iso_18045_basic');
    const attested = await request({
      holder: 'skatteverket',
      configurationId: 'person_identity',
      keyAttestation: (key) => attestation(provider, [key.publicJwk]),
    });
    expect(attested.response.status).toBe(200);
  });

  const other = createHolderKey();
  it.each([
    [
      'expired',
      (key: HolderKeyPair) => {
        const iat = Math.floor(Date.now() / 1000) - 3600;
        return attestation(provider, [key.publicJwk], { iat, exp: iat + 300 });
      },
      'the key_attestation has expired',
    ],
    [
      'signed by a key no wallet provider on the trust list has',
      (key: HolderKeyPair) => attestation(stranger, [key.publicJwk]),
      'not signed by a key of a wallet provider on the trust list',
    ],
    [
      'certified by a CA the trust list does not name',
      (key: HolderKeyPair) => attestation(untrusted, [key.publicJwk]),
      'x5c chain is refused (untrusted_anchor)',
    ],
    [
      'attesting another key than the proof key',
      async () => attestation(provider, [(await other).publicJwk]),
      "not signed by a key in the key_attestation's attested_keys",
    ],
    [
      'with a wrong nonce',
      (key: HolderKeyPair) => attestation(provider, [key.publicJwk], { nonce: 'not-the-c-nonce' }),
      "nonce is not the proof's c_nonce",
    ],
    [
      'signed with a key other than its certificate names',
      async (key: HolderKeyPair) => {
        const forged = await attestation(stranger, [key.publicJwk]);
        // The stranger's signature under the listed provider's certificate chain.
        const [, payload, signature] = forged.split('.');
        const header = Buffer.from(
          JSON.stringify({ alg: 'ES256', typ: 'key-attestation+jwt', x5c: provider.x5c }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
      "signature does not verify with its certificate's key",
    ],
  ] as const)(
    'refuses a key attestation %s with invalid_proof, issuing nothing',
    async (_case, make, reason) => {
      const before = (await issuer.ctx.store.listIssuedCredentials('af', { limit: 1000 })).length;
      const { response, nonce, accessToken } = await request({
        holder: 'af',
        configurationId: 'registration_certificate',
        keyAttestation: (key) => make(key),
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_proof');
      expect(response.body.error_description).toContain(reason);
      expect((await issuer.ctx.store.listIssuedCredentials('af', { limit: 1000 })).length).toBe(before);
      // Nothing changed: the same nonce still works for a good proof.
      const key = await createHolderKey();
      const retry = await postJson(
        `${issuer.baseUrl}/af/credential`,
        {
          credential_configuration_id: 'registration_certificate',
          proofs: { jwt: [await createProof({ key, audience: `${issuer.baseUrl}/af`, nonce })] },
        },
        { authorization: `Bearer ${accessToken}` },
      );
      expect(retry.status).toBe(200);
    },
  );
});
