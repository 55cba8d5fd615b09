import type { DatabaseKind } from '@min-profil/shared/db';
import {
  buildTrustList,
  fetchTrustedIssuer,
  fetchWalletProvider,
} from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { startTestEid, type TestEid } from '@min-profil/eid/testing/start-test-eid';
import { startIssuer, type RunningIssuer } from '../../issuer/test/start-issuer.js';
import { demoConsumers } from '../../verifier/src/consumers/consumer-config.js';
import {
  createMutableTrustList,
  startVerifier,
  testApiKeys,
  type RunningVerifier,
} from '../../verifier/test/start-verifier.js';
import type { WalletSettings } from '../../wallet/src/context.js';
import { startWallet, type RunningWallet } from '../../wallet/test/start-wallet.js';

export interface RunningSystem {
  eid: TestEid;
  issuer: RunningIssuer;
  wallet: RunningWallet;
  /** Replaced by a test that restarts the verifier; `stop` stops whichever runs then. */
  verifier: RunningVerifier;
  trustList: ReturnType<typeof createMutableTrustList>;
  stop(): Promise<void>;
}

const holders = ['af', 'skatteverket', 'migrationsverket', 'skola', 'bolagsverket', 'ombud'];

/**
 * The whole system on ephemeral ports, as the demo runs it: the test eID with the issuer and
 * the wallet as clients, the issuer's four holders, the verifier's consumers, and the trust
 * list built from what they publish. Each service listens before it is configured, so the
 * eID provider learns both clients' real redirect URIs.
 */
export async function startSystem(
  kind: DatabaseKind,
  options: { walletSettings?: Partial<WalletSettings> } = {},
): Promise<RunningSystem> {
  const trustList = createMutableTrustList();
  let eid: TestEid | undefined;
  let wallet: RunningWallet | undefined;
  const issuerSecret = 'issuer-secret-for-system-tests';
  const issuer = await startIssuer(kind, {
    // The wallet is a registered client through the trust list's wallet provider entry.
    walletProviders: async () => (await trustList.get()).wallet_providers ?? [],
    eid: async (issuerUrl) => {
      wallet = await startWallet(kind, {
        trustList,
        settings: options.walletSettings,
        eid: async (walletUrl) => {
          eid = await startTestEid({
            kind,
            clients: [
              {
                client_id: 'min-profil-issuer',
                client_secret: issuerSecret,
                redirect_uris: holders.map((h) => `${issuerUrl}/${h}/eid/callback`),
              },
              {
                client_id: 'min-profil-wallet',
                token_endpoint_auth_method: 'none',
                redirect_uris: [`${walletUrl}/auth/callback`],
              },
            ],
          });
          return { issuer: eid.issuer, clientId: 'min-profil-wallet' };
        },
      });
      return { issuer: eid!.issuer, clientId: 'min-profil-issuer', clientSecret: issuerSecret };
    },
  });
  const verifier = await startVerifier(kind, {
    trustList,
    apiKeys: testApiKeys(demoConsumers.map((c) => c.id)),
  });
  verifier.ctx.settings.issuerBaseUrl = issuer.baseUrl;
  verifier.ctx.settings.walletBaseUrl = wallet!.baseUrl;

  const issuers = await Promise.all(
    holders.map((id) => fetchTrustedIssuer({ id, credentialIssuer: `${issuer.baseUrl}/${id}` })),
  );
  const consumers = ((await (await fetch(`${verifier.url}/api/consumers`)).json()) as { consumers: never[] })
    .consumers;
  trustList.set(
    buildTrustList({
      operator: 'system test operator',
      issuers,
      consumers,
      registrations: demoRegistrations,
      walletProviders: [
        await fetchWalletProvider({
          id: 'min-profil-wallet',
          name: { sv: 'Min profil plånbok', en: 'Min profil wallet' },
          walletUrl: wallet!.baseUrl,
        }),
      ],
    }),
  );

  const system: RunningSystem = {
    eid: eid!,
    issuer,
    wallet: wallet!,
    verifier,
    trustList,
    stop: async () => {
      await system.verifier.stop();
      await wallet!.stop();
      await issuer.stop();
      await eid!.close();
    },
  };
  return system;
}
