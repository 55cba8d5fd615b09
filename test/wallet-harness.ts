import type { DatabaseKind } from '@min-profil/shared/db';
import type { Logger } from '@min-profil/shared/logger';
import type { TrustList, TrustedConsumer, WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
import { startTestEid, type TestEid } from '@min-profil/eid/testing/start-test-eid';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import type { CrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import type { X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import { createOffer } from '../issuer/test/wallet-client.js';
import { startWallet, type RunningWallet } from '../wallet/test/start-wallet.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import type { WalletSettings } from '../wallet/src/context.js';

/**
 * The wallet's world for cross-service tests: the real test eID, the real issuer (four
 * holders) and the wallet, each on its own port with a fresh database, and a trust list
 * built from the running issuer (consumers are added by the tests).
 */
export interface WalletWorld {
  eid: TestEid;
  issuer: RunningIssuer;
  wallet: RunningWallet;
  trustList: TrustList;
  addConsumer(consumer: TrustedConsumer): void;
  /** Staff at a holder create an offer; returns the issuer's answer (links, tx_code). */
  offer(
    holder: string,
    pnr: string,
    configurationIds: string[],
    txCode?: boolean,
  ): Promise<Record<string, any>>;
  stop(): Promise<void>;
}

export function trustListFromIssuer(issuer: RunningIssuer): TrustList {
  return {
    version: 1,
    operator: 'Min profil test operator',
    issued_at: '2026-11-29T00:00:00Z',
    issuers: [...issuer.ctx.holders.values()].map((h) => ({
      id: h.definition.id,
      name: h.definition.name,
      credential_issuer: h.issuerUrl,
      jwks: { keys: h.keys.all.map((k) => k.publicJwk as Record<string, unknown>) },
      credential_types: h.definition.configurations.map((c) => ({
        format: c.format,
        type: c.format === 'dc+sd-jwt' ? `${h.issuerUrl}/vct/${c.typeName}` : c.typeName,
        credential_configuration_id: c.id,
        name: c.name,
      })),
    })),
    consumers: [],
  };
}

export async function startWalletWorld(
  kind: DatabaseKind,
  options: {
    walletSettings?: Partial<WalletSettings>;
    /** The wallet's host name: `localhost` where WebAuthn needs a domain (passkeys). */
    walletPublicHost?: string;
    walletLogger?: Logger;
    /** The test eID's single sign-on in seconds; none by default (every sign-in asks). */
    eidSingleSignOnSeconds?: number;
    /** The issuer's trust (key attestations: CAs, wallet providers, CRL origin) and settings. */
    issuerOptions?: Pick<
      NonNullable<Parameters<typeof startIssuer>[1]>,
      'x509Anchors' | 'walletProviders' | 'outbound' | 'settings'
    >;
    /**
     * The issuer trusts these CAs and requires the wallet to attest itself (HAIP); the test then
     * certifies the wallet's provider key with one of them.
     */
    walletAttestation?: { anchors: X509TrustAnchor[]; crlFetcher: CrlFetcher };
  } = {},
): Promise<WalletWorld> {
  let eid!: TestEid;
  let issuer!: RunningIssuer;
  const trustList: TrustList = {
    version: 1,
    operator: 'test',
    issued_at: '2026-11-29T00:00:00Z',
    issuers: [],
    consumers: [],
  };
  const wallet = await startWallet(kind, {
    trustList: { get: async () => trustList },
    settings: options.walletSettings,
    logger: options.walletLogger,
    ...(options.walletPublicHost ? { publicHost: options.walletPublicHost } : {}),
    eid: async (walletBaseUrl) => {
      issuer = await startIssuer(kind, {
        ...options.issuerOptions,
        // As deployed (ISSUER_REQUIRE_DPOP defaults on, HAIP): only DPoP-bound tokens.
        settings: { requireDpop: true, ...options.issuerOptions?.settings },
        // The wallet as a registered client of the holders (as ISSUER_WALLET_CLIENTS does it).
        walletClients: [
          {
            clientId: 'min-profil-wallet',
            name: { sv: 'Min profil plånbok', en: 'Min profil wallet' },
            redirectUris: [`${walletBaseUrl}/oid4vci/callback`],
            source: 'configuration',
            ...(options.walletAttestation ? { authMethod: 'attest_jwt_client_auth' as const } : {}),
          },
        ],
        ...(options.walletAttestation
          ? {
              x509Anchors: async () => options.walletAttestation!.anchors,
              crlFetcher: options.walletAttestation.crlFetcher,
              // The wallet provider on the trust list: its certified key also signs the key
              // attestations the wallet's proofs then carry, which the issuer checks against it.
              walletProviders: async () => [
                {
                  id: 'min-profil-wallet',
                  name: { sv: 'Min profil plånbok', en: 'Min profil wallet' },
                  jwks: (await (
                    await fetch(`${walletBaseUrl}/.well-known/jwks.json`)
                  ).json()) as WalletProvider['jwks'],
                },
              ],
            }
          : {}),
        eid: async (issuerBaseUrl) => {
          eid = await startTestEid({
            kind,
            singleSignOnSeconds: options.eidSingleSignOnSeconds,
            clients: [
              {
                client_id: 'min-profil-issuer',
                client_secret: 'issuer-secret-for-tests',
                redirect_uris: [
                  'af',
                  'skatteverket',
                  'migrationsverket',
                  'skola',
                  'bolagsverket',
                  'ombud',
                ].map((h) => `${issuerBaseUrl}/${h}/eid/callback`),
              },
              {
                client_id: 'min-profil-wallet',
                token_endpoint_auth_method: 'none',
                client_name: 'Min profil',
                redirect_uris: [`${walletBaseUrl}/auth/callback`],
              },
            ],
          });
          return {
            issuer: eid.issuer,
            clientId: 'min-profil-issuer',
            clientSecret: 'issuer-secret-for-tests',
          };
        },
      });
      return { issuer: eid.issuer, clientId: 'min-profil-wallet' };
    },
  });
  Object.assign(trustList, trustListFromIssuer(issuer));
  return {
    eid,
    issuer,
    wallet,
    trustList,
    addConsumer: (consumer) => {
      trustList.consumers = [...trustList.consumers.filter((c) => c.id !== consumer.id), consumer];
    },
    offer: async (holder, pnr, configurationIds, txCode = true) => {
      const created = await createOffer(issuer.baseUrl, issuer.apiKey, holder, {
        personal_identity_number: pnr,
        credential_configuration_ids: configurationIds,
        tx_code: txCode,
      });
      if (created.status !== 201) throw new Error(`offer: ${JSON.stringify(created.body)}`);
      return created.body;
    },
    stop: async () => {
      await wallet?.stop();
      await issuer?.stop();
      await eid?.close();
    },
  };
}

/** Staff at `holder` offer a credential to `pnr`, and that person's wallet receives the offer. */
export async function receiveOffer(
  world: WalletWorld,
  session: WalletSession,
  options: { holder: string; pnr: string; configurationId: string },
) {
  const offer = await world.offer(options.holder, options.pnr, [options.configurationId]);
  return api(world.wallet.baseUrl, session, 'POST', '/api/credential-offers', {
    offer: offer.offer_link,
    tx_code: offer.tx_code,
  });
}
