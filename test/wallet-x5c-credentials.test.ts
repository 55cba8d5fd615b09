import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { caTrustAnchor, initCa, issueLeaf } from '@min-profil/shared/pki/ca-commands';
import { certifyIssuerHolders } from '@min-profil/shared/pki/certify-demo-keys';
import { certificateFromBase64, x509 } from '@min-profil/shared/pki/x509-provider';
import { startTestCa, type TestCa } from './demo-ca-server.js';
import { startStandInVerifier } from './wallet-stand-in-verifier.js';
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

  it('matches DCQL trusted_authorities of type aki by the CA of the credential’s x5c chain (OpenID4VP 1.0 §6.1.1)', async () => {
    const verifier = await startStandInVerifier({ trustList: () => world.trustList });
    try {
      world.addConsumer(
        verifier.consumer([
          {
            purpose: { sv: 'Ersättning vid arbetslöshet', en: 'Unemployment insurance claim' },
            credentials: [
              {
                format: 'dc+sd-jwt',
                type: `${world.issuer.baseUrl}/af/vct/registration-certificate`,
                claims: [['given_name']],
              },
            ],
          },
        ]),
      );
      // The CA's own key identifier (its certificate's SKI), as a verifier would name it.
      const caKeyId = certificateFromBase64(caTrustAnchor(ca.caDir).certificate).getExtension(
        x509.SubjectKeyIdentifierExtension,
      )!.keyId;
      const matches = async (aki: string) => {
        const link = await verifier.signedRequest({
          credentials: [
            {
              id: 'certificate',
              format: 'dc+sd-jwt',
              meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
              claims: [{ path: ['given_name'] }],
              trusted_authorities: [{ type: 'aki', values: [aki] }],
            },
          ],
        });
        const shown = await api(world.wallet.baseUrl, person, 'POST', '/api/presentation-requests', {
          request: link,
        });
        expect(shown.status).toBe(201);
        return (shown.body.credential_queries[0].matches as unknown[]).length;
      };
      expect(await matches(Buffer.from(caKeyId, 'hex').toString('base64url'))).toBe(1);
      expect(await matches(Buffer.alloc(20, 7).toString('base64url'))).toBe(0);
    } finally {
      await verifier.stop();
    }
  });

  it('refuses a credential whose chain ends at a CA the trust list does not name, storing nothing', async () => {
    const before = (await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential')).length;
    // Unsigned metadata, so that the credential's own chain is what the wallet checks (signed
    // metadata under the same chain is refused before: the next test).
    world.issuer.ctx.settings.signedMetadata = false;
    const received = await receive('skatteverket', 'registered_address').finally(() => {
      world.issuer.ctx.settings.signedMetadata = true;
    });
    expect(received.status).toBe(502);
    expect(received.body.error_description).toMatch(
      /did not verify \(issuer_key_unresolved\): the x5c chain is refused \(untrusted_anchor\)/,
    );
    const after = (await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential')).length;
    expect(after).toBe(before);
  });

  it('serves issuer metadata signed with x5c to a client that accepts application/jwt (OID4VCI 1.0 §12.2.2), JSON otherwise', async () => {
    const url = `${world.issuer.baseUrl}/.well-known/openid-credential-issuer/af`;
    const plain = await fetch(url);
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    const json = (await plain.json()) as { credential_issuer: string };
    const signed = await fetch(url, { headers: { accept: 'application/jwt' } });
    expect(signed.headers.get('content-type')).toMatch(/^application\/jwt/);
    expect(signed.headers.get('vary')).toMatch(/Accept/);
    const jwt = await signed.text();
    const header = decodeProtectedHeader(jwt);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'openidvci-issuer-metadata+jwt' });
    expect(header.x5c).toHaveLength(1);
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ ...json, sub: json.credential_issuer, iss: json.credential_issuer });
    expect(claims.exp! - claims.iat!).toBe(24 * 3600);
    // A holder without a certificate has nothing to sign with under HAIP: plain JSON.
    const uncertified = await fetch(`${world.issuer.baseUrl}/.well-known/openid-credential-issuer/skola`, {
      headers: { accept: 'application/jwt' },
    });
    expect(uncertified.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses an offer whose signed issuer metadata does not check out, storing nothing', async () => {
    const before = (await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential')).length;
    // Skatteverket's chain ends at a CA the trust list does not name.
    const foreign = await receive('skatteverket', 'registered_address');
    expect(foreign.status).toBe(502);
    expect(foreign.body).toMatchObject({
      error: 'access_denied',
      error_description: expect.stringMatching(
        /^the signed issuer metadata is refused: its x5c chain \(untrusted_anchor\)/,
      ),
    });
    // Now a certificate from the trusted CA for Skatteverket's key, naming another host.
    const skatteverket = world.issuer.ctx.holders.get('skatteverket')!;
    const file = join(certificatesDir, 'skatteverket.x5c.json');
    const foreignChain = readFileSync(file, 'utf8');
    const elsewhere = await issueLeaf({
      dir: ca.caDir,
      subject: { role: 'holder', name: 'skatteverket', host: 'skatteverket.example' },
      publicJwk: skatteverket.keys.active.publicJwk,
    });
    writeFileSync(file, JSON.stringify({ x5c: elsewhere.x5c }));
    const mismatch = await receive('skatteverket', 'registered_address').finally(() =>
      writeFileSync(file, foreignChain),
    );
    expect(mismatch.status).toBe(502);
    expect(mismatch.body.error_description).toMatch(/its x5c chain \(san_mismatch\)/);
    expect((await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential')).length).toBe(
      before,
    );
  });

  it('the issuer signs with x5c: what the wallet verified above', async () => {
    const response = await fetch(`${world.issuer.baseUrl}/af/status-lists/1`);
    expect(decodeProtectedHeader(await response.text()).x5c).toHaveLength(1);
  });
});
