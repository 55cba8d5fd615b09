import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { caTrustAnchor } from '@min-profil/shared/pki/ca-commands';
import { certifyWalletProvider } from '@min-profil/shared/pki/certify-demo-keys';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
import { decodeJwt } from 'jose';
import { AccountEntity } from '../wallet/src/persistence/entities.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { askToReceive, makePageKeys, protectWithPasskey, signAll } from './passkey-signing-helpers.js';
import { startTestCa, type TestCa } from './demo-ca-server.js';
import { receiveOffer, startWalletWorld, type WalletWorld } from './wallet-harness.js';

/**
 * Our wallet as wallet provider attests the holder keys of its proofs (OID4VCI 1.0 Appendix D),
 * signed with its provider key certified by the demo CA; the real issuer verifies the attestation
 * against the trust list and records it, also where the configuration requires one.
 */
const tolvan = '191212121212';

describe.each(testDatabaseKinds())('our wallet sends key attestations to the issuer on %s', (kind) => {
  let ca: TestCa;
  let world: WalletWorld;
  let person: WalletSession;
  let providers: WalletProvider[] = [];
  let certificateFile: string;

  beforeAll(async () => {
    ca = await startTestCa();
    certificateFile = join(ca.tmp, 'wallet-provider.x5c.json');
    world = await startWalletWorld(kind, {
      walletSettings: { providerCertificateFile: certificateFile },
      issuerOptions: {
        walletProviders: async () => providers,
        x509Anchors: async () => [caTrustAnchor(ca.caDir)],
        outbound: { allowedOrigins: [new URL(ca.caUrl).origin] },
        settings: { keyAttestationsRequired: { skatteverket: { person_identity: {} } } },
      },
    });
    person = await tokenSession(world.wallet.baseUrl, tolvan);
  });
  afterAll(async () => {
    await world?.stop();
    await ca?.stop();
  });

  const receive = (holder: string, configurationId: string) =>
    receiveOffer(world, person, { holder, pnr: tolvan, configurationId });

  it('does not ask where the issuer requires a key attestation it cannot make (no provider certificate yet), saying why', async () => {
    const received = await receive('skatteverket', 'person_identity');
    expect(received.status).toBe(502);
    expect(received.body.error_description).toMatch(/requires a key attestation for this credential/);
  });

  it('attests its keys once certified; the issuer records the attestation with each credential', async () => {
    await certifyWalletProvider({ caDir: ca.caDir, file: certificateFile, walletUrl: world.wallet.baseUrl });
    const jwks = (await (
      await fetch(`${world.wallet.baseUrl}/.well-known/jwks.json`)
    ).json()) as WalletProvider['jwks'];
    providers = [{ id: 'min-profil-wallet', name: { sv: 'Min profil', en: 'Min profil' }, jwks }];
    const received = await receive('skatteverket', 'person_identity');
    expect(received.status).toBe(201);
    const rows = await world.issuer.ctx.store.listIssuedCredentials('skatteverket', { limit: 10 });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.keyAttestation).toMatchObject({
        wallet_provider: 'min-profil-wallet',
        key_storage: ['iso_18045_basic'],
        user_authentication: ['iso_18045_basic'],
        // Keys the service made and holds say so (docs/passkeys.md#key-attestation).
        min_profil_key_protection: 'service',
      });
    }
    // The provider's chain is the demo CA's.
    const { x5c } = JSON.parse(readFileSync(certificateFile, 'utf8')) as { x5c: string[] };
    expect(x5c[1]).toBe(caTrustAnchor(ca.caDir).certificate);
  });

  it('says passkey for keys the page made (issuance signed in the page); the issuer records it', async () => {
    const ctx = world.wallet.ctx;
    const account = await protectWithPasskey(world, (await ctx.store.findAccountByIdentity(tolvan))!);
    const keys = await makePageKeys(world, account, 3);
    const offer = await world.offer('skatteverket', tolvan, ['person_identity']);
    const { asked } = await askToReceive(world, person, offer, keys);
    expect(asked.status).toBe(202);
    const signing = asked.body.signing_request;
    const header = JSON.parse(
      Buffer.from((signing.inputs[0].signing_input as string).split('.')[0]!, 'base64url').toString('utf8'),
    );
    expect(decodeJwt(header.key_attestation as string)).toMatchObject({
      min_profil_key_protection: 'passkey',
      attested_keys: keys.map((k) => k.publicJwk),
    });
    const issuedBefore = await world.issuer.ctx.store.listIssuedCredentials('skatteverket', { limit: 100 });
    const done = await api(world.wallet.baseUrl, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: await signAll(signing, keys),
    });
    // Back to service-held keys for the next case (the account's keys were never the page's).
    await ctx.db.dataSource.getRepository(AccountEntity).update({ id: account.id }, { keyProtection: null });
    expect(done.status).toBe(201);
    const known = new Set(issuedBefore.map((r) => r.id));
    const added = (await world.issuer.ctx.store.listIssuedCredentials('skatteverket', { limit: 100 })).filter(
      (r) => !known.has(r.id),
    );
    expect(added).toHaveLength(3);
    for (const row of added) {
      expect(row.keyAttestation).toMatchObject({
        wallet_provider: 'min-profil-wallet',
        key_storage: ['iso_18045_basic'],
        user_authentication: ['iso_18045_basic'],
        min_profil_key_protection: 'passkey',
      });
    }
  });

  it('is refused when the trust list no longer names the wallet provider (wrong signer), storing nothing', async () => {
    providers = [];
    const count = async () =>
      (await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential')).length as number;
    const before = await count();
    const received = await receive('af', 'registration_certificate');
    expect(received.status).toBe(502);
    // The issuer's invalid_proof (its description names the reason; the wallet relays the code).
    expect(received.body.error_description).toMatch(/invalid_proof/);
    expect(await count()).toBe(before);
  });
});
