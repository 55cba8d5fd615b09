import type { DatabaseKind } from '@min-profil/shared/db';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { startTestEid, type TestEid } from '@min-profil/eid/testing/start-test-eid';
import { startIssuer, type RunningIssuer } from '../../issuer/test/start-issuer.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../../verifier/test/start-verifier.js';
import { startWallet, type RunningWallet } from '../../wallet/test/start-wallet.js';

export interface RunningSystem {
  eid: TestEid;
  issuer: RunningIssuer;
  wallet: RunningWallet;
  verifier: RunningVerifier;
  stop(): Promise<void>;
}

const holders = ['af', 'skatteverket', 'migrationsverket', 'skola'];

/**
 * The whole system on ephemeral ports, as the demo runs it: the test eID with the issuer and
 * the wallet as clients, the issuer's four holders, the verifier's consumers, and the trust
 * list built from what they publish. Each service listens before it is configured, so the
 * eID provider learns both clients' real redirect URIs.
 */
export async function startSystem(kind: DatabaseKind): Promise<RunningSystem> {
  const trustList = createMutableTrustList();
  let eid: TestEid | undefined;
  let wallet: RunningWallet | undefined;
  const issuerSecret = 'issuer-secret-for-system-tests';
  const issuer = await startIssuer(kind, {
    eid: async (issuerUrl) => {
      wallet = await startWallet(kind, {
        trustList,
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
  const verifier = await startVerifier(kind, { trustList });
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
    }),
  );

  return {
    eid: eid!,
    issuer,
    wallet: wallet!,
    verifier,
    stop: async () => {
      await verifier.stop();
      await wallet!.stop();
      await issuer.stop();
      await eid!.close();
    },
  };
}
