import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { caTrustAnchor, initCa, issueLeaf } from '@min-profil/shared/pki/ca-commands';
import { certifyIssuerHolders } from '@min-profil/shared/pki/certify-demo-keys';
import { startTestCa, type TestCa } from './demo-ca-server.js';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { receiveOffer, startWalletWorld, type WalletWorld } from './wallet-harness.js';

/**
 * Our wallet checks an x5c-signed credential as it arrives (docs/wallet.md, docs/pki.md): the
 * chain must lead to a CA the trust list names, the leaf naming the iss host and not revoked.
 * A credential whose chain fails is refused with the reason and nothing is stored.
 */
const tolvan = '191212121212';

describe.each(testDatabaseKinds())('the wallet receives x5c-signed credentials on %s', (kind) => {
  let ca: TestCa;
  let certificatesDir: string;
  let world: WalletWorld;
  let person: WalletSession;

  beforeAll(async () => {
    ca = await startTestCa();
    certificatesDir = join(ca.tmp, 'issuer-certificates');
    world = await startWalletWorld(kind);
    person = await tokenSession(world.wallet.baseUrl, tolvan);
    world.issuer.ctx.certificatesDir = certificatesDir;
    await certifyIssuerHolders({
      caDir: ca.caDir,
      certificatesDir,
      issuerBaseUrl: world.issuer.baseUrl,
      holderIds: ['af'],
    });
    // Skatteverket's key certified by a CA the trust list does not name.
    const otherCaDir = join(ca.tmp, 'other-ca');
    await initCa({ dir: otherCaDir, name: 'CN=Another CA, O=Elsewhere', crlUri: `${ca.caUrl}/crl` });
    const skatteverket = world.issuer.ctx.holders.get('skatteverket')!;
    const foreign = await issueLeaf({
      dir: otherCaDir,
      subject: { role: 'holder', name: 'skatteverket', host: '127.0.0.1', url: skatteverket.issuerUrl },
      publicJwk: skatteverket.keys.active.publicJwk,
    });
    writeFileSync(join(certificatesDir, 'skatteverket.x5c.json'), JSON.stringify({ x5c: foreign.x5c }));
    // A version 2 list naming the demo CA (the harness's list is version 1, which names no CA).
    Object.assign(world.trustList, {
      version: 2,
      next_update: new Date(Date.now() + 3600_000).toISOString(),
      sequence: 2,
      x509_trust_anchors: [caTrustAnchor(ca.caDir)],
    });
  });
  afterAll(async () => {
    await world?.stop();
    await ca?.stop();
  });

  const receive = (holder: string, configurationId: string) =>
    receiveOffer(world, person, { holder, pnr: tolvan, configurationId });

  it('keeps a credential whose x5c chain leads to the trust list CA', async () => {
    const received = await receive('af', 'registration_certificate');
    expect(received.status).toBe(201);
    const accepted = await api(
      world.wallet.baseUrl,
      person,
      'POST',
      `/api/credential-offers/${received.body.id}/accept`,
    );
    expect(accepted.status).toBe(200);
    const rows = await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential');
    expect(rows).toHaveLength(1);
  });

  it('refuses a credential whose chain ends at a CA the trust list does not name, storing nothing', async () => {
    const before = (await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential')).length;
    const received = await receive('skatteverket', 'registered_address');
    expect(received.status).toBe(502);
    expect(received.body.error_description).toMatch(
      /did not verify \(issuer_key_unresolved\): the x5c chain is refused \(untrusted_anchor\)/,
    );
    const after = (await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential')).length;
    expect(after).toBe(before);
  });

  it('the issuer signs with x5c: what the wallet verified above', async () => {
    const response = await fetch(`${world.issuer.baseUrl}/af/status-lists/1`);
    expect(decodeProtectedHeader(await response.text()).x5c).toHaveLength(1);
  });
});
