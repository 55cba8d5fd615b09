import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getGlobalConfig, setGlobalConfig } from '@openid4vc/oauth2';
import { createCa } from '@min-profil/shared/pki/create-ca';
import { issueCertificate } from '@min-profil/shared/pki/issue-certificate';
import {
  certificateToBase64,
  importP256PublicKey,
  type JsonWebKey,
} from '@min-profil/shared/pki/x509-provider';
import type { DatabaseKind } from '@min-profil/shared/db';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import { createStaticTrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import { openDirectSession } from '../../wallet/test/direct-session.js';
import { startWallet, type RunningWallet } from '../../wallet/test/start-wallet.js';
import { api, type WalletSession } from '../../wallet/test/wallet-api.js';
import type { WalletSettings } from '../../wallet/src/context.js';
import { loadProviderKey } from '../../wallet/src/provider/provider-keys.js';
import { TestBrowser } from '../holder-sign-in.js';
import { startOid4vcTsIssuer } from './oid4vc-ts-issuer-server.js';
import { startOid4vcTsVerifier } from './oid4vc-ts-verifier-server.js';

export interface Oid4vcTsWorld {
  issuer: Awaited<ReturnType<typeof startOid4vcTsIssuer>>;
  verifier: Awaited<ReturnType<typeof startOid4vcTsVerifier>>;
  wallet: RunningWallet;
  /** The signed-in person, named by `pnr`. */
  person: WalletSession;
  /** The person takes an offer of the library issuer (with its tx_code); the wallet's answer. */
  receive(): Promise<Awaited<ReturnType<typeof api>>>;
  /**
   * The person fetches the issuer's credential from the wallet (authorization code flow): the
   * wallet's start link, the library's authorization endpoint (the test person consents at
   * once), back at the wallet's callback. The wallet's first answer, and its last redirect.
   */
  fetchFromIssuer(options?: {
    /** Runs when the library has sent the browser back, before the wallet's callback opens. */
    beforeCallback?: (state: string) => Promise<void>;
  }): Promise<{ started: Awaited<ReturnType<typeof api>>; opened?: Response; back?: URL }>;
  /** The wallet provider's certificate file (the wallet attests itself while it is set). */
  providerCertificateFile: string;
  stop(): Promise<void>;
}

/**
 * Our wallet with an issuer and a verifier assembled from oid4vc-ts, each on 127.0.0.1. The
 * operator lists both in the wallet's trust list (the verifier registered for `registeredClaims`
 * of the issuer's type), as for any issuer and verifier; the wallet's rules are not loosened.
 * As for HAIP: the issuer's authorization server registers the wallet as a client with its
 * redirect URI and trusts a CA made for this run, which certifies the wallet's provider key
 * (as `npm run ca -- issue --role wallet-provider` does), so the wallet attests itself there.
 * oid4vc-ts refuses http URLs unless told: that process-wide switch is set here and restored by
 * `stop()`.
 */
export async function startOid4vcTsWorld(options: {
  kind: DatabaseKind;
  pnr: string;
  claims: Record<string, unknown>;
  registeredClaims: string[];
  walletSettings?: Partial<WalletSettings>;
}): Promise<Oid4vcTsWorld> {
  const insecureBefore = getGlobalConfig().allowInsecureUrls;
  setGlobalConfig({ allowInsecureUrls: true });
  const issuer = await startOid4vcTsIssuer({ claims: options.claims, testPerson: options.pnr });
  const ca = await createCa({ name: 'CN=Interop wallet CA, O=Min profil test' });
  issuer.trustWalletCas([certificateToBase64(ca.certificate)]);
  const verifier = await startOid4vcTsVerifier({
    issuerKey: (iss) => (iss === issuer.baseUrl ? issuer.publicJwk : undefined),
  });
  const trustList = buildTrustList({
    operator: 'interop test operator',
    issuers: [issuer.trustListEntry()],
    consumers: [verifier.trustListEntry()],
    registrations: [
      {
        consumerId: 'oid4vc-ts-verifier',
        purpose: { sv: 'Medlemskontroll', en: 'Membership check' },
        credentials: [
          {
            issuerId: 'oid4vc-ts-issuer',
            credentialConfigurationId: issuer.configurationId,
            claims: options.registeredClaims.map((name) => [name]),
          },
        ],
      },
    ],
  });
  const wallet = await startWallet(options.kind, {
    trustList: createStaticTrustListSource(trustList),
    settings: options.walletSettings,
  });
  const person = await openDirectSession(wallet.ctx, options.pnr);
  issuer.registerClient({
    clientId: wallet.ctx.settings.oauthClientId,
    redirectUris: [`${wallet.baseUrl}/oid4vci/callback`],
  });
  const provider = await loadProviderKey(wallet.ctx);
  const certificate = await issueCertificate(ca, {
    subject: { role: 'wallet-provider', name: 'Min profil plånbok', host: '127.0.0.1', url: wallet.baseUrl },
    publicKey: await importP256PublicKey(provider.publicJwk as JsonWebKey),
    serialNumber: 'a77e57',
  });
  const certificateDir = mkdtempSync(join(tmpdir(), 'min-profil-interop-provider-'));
  const providerCertificateFile = join(certificateDir, 'wallet-provider.x5c.json');
  writeFileSync(
    providerCertificateFile,
    JSON.stringify({ x5c: [certificateToBase64(certificate), certificateToBase64(ca.certificate)] }),
  );
  wallet.ctx.settings.providerCertificateFile = providerCertificateFile;
  return {
    issuer,
    verifier,
    wallet,
    person,
    async receive() {
      const offer = await issuer.offer();
      const preview = await api(wallet.baseUrl, person, 'POST', '/api/credential-offers', {
        offer: offer.link,
        tx_code: offer.txCode,
      });
      if (preview.status !== 201) return preview;
      return api(wallet.baseUrl, person, 'POST', `/api/credential-offers/${preview.body.id}/accept`);
    },
    providerCertificateFile,
    async fetchFromIssuer(fetchOptions = {}) {
      const started = await api(wallet.baseUrl, person, 'POST', '/api/holders/oid4vc-ts-issuer/fetch', {
        credential_configuration_id: issuer.configurationId,
        return_to: '/credentials',
      });
      if (started.status !== 201) return { started };
      const browser = new TestBrowser(wallet.baseUrl, person.cookie);
      const opened = await browser.open(started.body.authorization_url);
      const toIssuer = opened.headers.get('location');
      if (opened.status !== 303 || !toIssuer) return { started, opened };
      const authorized = await browser.open(new URL(toIssuer, wallet.baseUrl).href);
      await authorized.body?.cancel();
      const callback = authorized.headers.get('location');
      if (!callback) return { started, opened: authorized };
      await fetchOptions.beforeCallback?.(started.body.state);
      const done = await browser.open(callback);
      await done.body?.cancel();
      return { started, opened: done, back: new URL(done.headers.get('location') ?? '/', wallet.baseUrl) };
    },
    async stop() {
      rmSync(certificateDir, { recursive: true, force: true });
      await wallet.stop();
      await verifier.stop();
      await issuer.stop();
      setGlobalConfig({ allowInsecureUrls: insecureBefore });
    },
  };
}
