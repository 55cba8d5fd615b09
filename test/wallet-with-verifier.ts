import type { DatabaseKind } from '@min-profil/shared/db';
import {
  buildTrustList,
  fetchTrustedIssuer,
  type ConsumerRegistrationInput,
} from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import type { X509TrustAnchorEntry } from '@min-profil/shared/trust-list/z-trust-list';
import { getJson } from '../issuer/test/wallet-client.js';
import type { AccessCertificateSource } from '../verifier/src/consumers/access-certificates.js';
import type { ClientIdPrefix } from '../verifier/src/consumers/client-identifier.js';
import type { VerifierSettings } from '../verifier/src/context.js';
import type { ConsumerProfile } from '../verifier/src/consumers/consumer-profile.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

/** Every demo holder and every demo consumer's registration in the trust list (options of startWalletWithVerifier). */
export const wholeDemoTrust = {
  holders: ['af', 'skatteverket', 'migrationsverket', 'skola'],
  registrations: demoRegistrations,
};

export interface WalletWithVerifier {
  world: WalletWorld;
  verifier: RunningVerifier;
  /** The verifier's trust list, for a test that starts the verifier again. */
  source: ReturnType<typeof createMutableTrustList>;
  /** Tolvan, signed in to the wallet, holding Arbetsförmedlingen's registration certificate. */
  person: WalletSession;
  stop(): Promise<void>;
}

/** What startWalletAndVerifier and startWalletWithVerifier take. */
export interface WalletAndVerifierOptions {
  /** The holders in the trust list (default Arbetsförmedlingen alone). */
  holders?: string[];
  /** The consumers' registrations in the trust list (default the insurer's). */
  registrations?: ConsumerRegistrationInput[];
  verifierSettings?: Partial<VerifierSettings>;
  clientIdPrefixes?: Record<string, ClientIdPrefix>;
  /** Consumers that follow the HAIP profile (`haip`), as VERIFIER_CONSUMER_PROFILES. */
  consumerProfiles?: Record<string, ConsumerProfile>;
  accessCertificates?: AccessCertificateSource;
  /** Runs once the verifier is up, before the trust list is built (e.g. to install certificates). */
  prepareVerifier?: (verifier: RunningVerifier) => Promise<void>;
  x509TrustAnchors?: X509TrustAnchorEntry[];
  /** The issuer's settings (e.g. `requireDpop: false` for a test that also uses the plain test client). */
  issuerSettings?: NonNullable<
    NonNullable<Parameters<typeof startWalletWorld>[1]>['issuerOptions']
  >['settings'];
  /** The wallet's public host (`localhost` where WebAuthn needs a domain, docs/passkeys.md). */
  walletPublicHost?: string;
}

/**
 * Our wallet's world and the real verifier, one trust list for both (Arbetsförmedlingen, the
 * verifier's consumers with their registrations and, when given, CAs): nobody holds anything yet.
 */
export async function startWalletAndVerifier(
  kind: DatabaseKind,
  options: WalletAndVerifierOptions = {},
): Promise<Omit<WalletWithVerifier, 'person'>> {
  const world = await startWalletWorld(kind, {
    ...(options.issuerSettings ? { issuerOptions: { settings: options.issuerSettings } } : {}),
    ...(options.walletPublicHost ? { walletPublicHost: options.walletPublicHost } : {}),
  });
  const source = createMutableTrustList();
  const verifier = await startVerifier(kind, {
    trustList: source,
    clientIdPrefixes: options.clientIdPrefixes,
    settings: options.verifierSettings,
    consumerProfiles: options.consumerProfiles,
    accessCertificates: options.accessCertificates,
  });
  verifier.ctx.settings.issuerBaseUrl = world.issuer.baseUrl;
  await options.prepareVerifier?.(verifier);
  const issuers = await Promise.all(
    (options.holders ?? ['af']).map((id) =>
      fetchTrustedIssuer({ id, credentialIssuer: `${world.issuer.baseUrl}/${id}` }),
    ),
  );
  const consumers = (await getJson(`${verifier.url}/api/consumers`)).body.consumers;
  const list = buildTrustList({
    operator: 'test operator',
    issuers,
    consumers,
    registrations: options.registrations ?? demoRegistrations.filter((r) => r.consumerId === 'insurer'),
    x509TrustAnchors: options.x509TrustAnchors,
  });
  source.set(list);
  Object.assign(world.trustList, list);
  return {
    world,
    verifier,
    source,
    stop: async () => {
      await verifier.stop();
      await world.stop();
    },
  };
}

/**
 * The same, and a person whose wallet holds a registration certificate: the setting of the
 * presentation tests end to end.
 */
export async function startWalletWithVerifier(
  kind: DatabaseKind,
  options: WalletAndVerifierOptions = {},
): Promise<WalletWithVerifier> {
  const pnr = '191212121212';
  const setting = await startWalletAndVerifier(kind, options);
  const { world } = setting;
  const person = await tokenSession(world.wallet.baseUrl, pnr);
  const offer = await world.offer('af', pnr, ['registration_certificate']);
  const received = await api(world.wallet.baseUrl, person, 'POST', '/api/credential-offers', {
    offer: offer.offer_link,
    tx_code: offer.tx_code,
  });
  await api(world.wallet.baseUrl, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
  return { ...setting, person };
}
