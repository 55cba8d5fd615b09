import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { createCa } from '@min-profil/shared/pki/create-ca';
import { createCrl } from '@min-profil/shared/pki/create-crl';
import { issueCertificate } from '@min-profil/shared/pki/issue-certificate';
import {
  certificateToBase64,
  importP256PublicKey,
  type JsonWebKey,
} from '@min-profil/shared/pki/x509-provider';
import { loadProviderKey } from '../wallet/src/provider/provider-keys.js';
import { api, tokenSession } from '../wallet/test/wallet-api.js';
import { TestBrowser } from './holder-sign-in.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const samir = '198806244417';
const crlUri = 'https://ca.test.example/crl';

/**
 * Our wallet as its own wallet provider (HAIP): the issuer requires `min-profil-wallet` to
 * authenticate with a wallet attestation at PAR and token. The operator certifies the wallet's
 * provider key with the demo CA (here a CA made for this run, which the issuer trusts) and gives
 * the wallet the chain; the wallet then attests itself, and a holder fetch goes through.
 */
describe.each(testDatabaseKinds())('our wallet attests itself to a holder that requires it on %s', (kind) => {
  let world: WalletWorld;
  beforeAll(async () => {
    const ca = await createCa({ name: 'CN=Test wallet CA, O=Min profil test' });
    const crl = new Uint8Array((await createCrl(ca, [])).rawData);
    world = await startWalletWorld(kind, {
      walletAttestation: {
        anchors: [{ certificate: certificateToBase64(ca.certificate), crl_uri: crlUri }],
        crlFetcher: async (uri) => {
          if (uri !== crlUri) throw new Error(`no CRL at ${uri}`);
          return crl;
        },
      },
    });
    // As `npm run ca -- issue --role wallet-provider --public-key …` does, for the wallet's key.
    const { ctx, baseUrl } = world.wallet;
    const provider = await loadProviderKey(ctx);
    const certificate = await issueCertificate(ca, {
      subject: { role: 'wallet-provider', name: 'Min profil plånbok', host: '127.0.0.1', url: baseUrl },
      publicKey: await importP256PublicKey(provider.publicJwk as JsonWebKey),
      serialNumber: 'a77e57',
      crlUri,
    });
    // As the operator puts the chain where WALLET_PROVIDER_CERTIFICATE_FILE points.
    const file = join(mkdtempSync(join(tmpdir(), 'min-profil-provider-x5c-')), 'wallet-provider.x5c.json');
    writeFileSync(
      file,
      JSON.stringify({ x5c: [certificateToBase64(certificate), certificateToBase64(ca.certificate)] }),
    );
    ctx.settings.providerCertificateFile = file;
  });
  afterAll(async () => {
    await world?.stop();
  });

  const pushedRequests = async () =>
    Number(
      (
        (await world.issuer.ctx.db.dataSource.query(
          'SELECT COUNT(*) AS n FROM pushed_authorization_request',
        )) as Array<{ n: string }>
      )[0].n,
    );

  async function fetchWorkPermit() {
    const wallet = world.wallet.baseUrl;
    const person = await tokenSession(wallet, samir);
    const started = await api(wallet, person, 'POST', '/api/holders/migrationsverket/fetch', {
      credential_configuration_id: 'work_permit',
      return_to: '/credentials',
    });
    expect(started.status).toBe(201);
    const browser = new TestBrowser(wallet);
    const authorizationUrl = await browser.followToOtherOrigin(started.body.authorization_url);
    const callback = await loginWithTestEid({ authorizationUrl, identityNumber: samir });
    const done = await browser.open(callback);
    return new URL(done.headers.get('location')!, wallet);
  }

  it('fetches a credential with an attestation at PAR and token', async () => {
    const back = await fetchWorkPermit();
    expect(back.searchParams.get('received')).toEqual(expect.any(String));
  });

  it('is refused without its certificate: the holder wants the attestation', async () => {
    const file = world.wallet.ctx.settings.providerCertificateFile;
    world.wallet.ctx.settings.providerCertificateFile = undefined;
    try {
      const started = await api(
        world.wallet.baseUrl,
        await tokenSession(world.wallet.baseUrl, samir),
        'POST',
        '/api/holders/migrationsverket/fetch',
        {
          credential_configuration_id: 'work_permit',
          return_to: '/credentials',
        },
      );
      const pushedBefore = await pushedRequests();
      const opened = await new TestBrowser(world.wallet.baseUrl).open(started.body.authorization_url);
      // The holder refused the PAR (invalid_client): the wallet shows its error page instead of
      // sending the person on (with the certificate, the same link answers 303 to the holder),
      // and the holder stored nothing.
      expect(opened.status).toBe(400);
      expect(opened.headers.get('location')).toBeNull();
      expect(await pushedRequests()).toBe(pushedBefore);
    } finally {
      world.wallet.ctx.settings.providerCertificateFile = file;
    }
  });
});
