import { getGlobalConfig, setGlobalConfig } from '@openid4vc/oauth2';
import type { DatabaseKind } from '@min-profil/shared/db';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import { createStaticTrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import { openDirectSession } from '../../wallet/test/direct-session.js';
import { startWallet, type RunningWallet } from '../../wallet/test/start-wallet.js';
import { api, type WalletSession } from '../../wallet/test/wallet-api.js';
import type { WalletSettings } from '../../wallet/src/context.js';
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
  stop(): Promise<void>;
}

/**
 * Our wallet with an issuer and a verifier assembled from oid4vc-ts, each on 127.0.0.1. The
 * operator lists both in the wallet's trust list (the verifier registered for `registeredClaims`
 * of the issuer's type), as for any issuer and verifier; the wallet's rules are not loosened.
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
  const issuer = await startOid4vcTsIssuer({ claims: options.claims });
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
    async stop() {
      await wallet.stop();
      await verifier.stop();
      await issuer.stop();
      setGlobalConfig({ allowInsecureUrls: insecureBefore });
    },
  };
}
