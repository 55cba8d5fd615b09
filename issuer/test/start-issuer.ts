import type { OutboundSettings } from '@min-profil/shared/net/outbound-config';
import type { X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DatabaseKind } from '@min-profil/shared/db';
import { createTestDatabase, type TestDatabase } from '@min-profil/shared/testing/test-database';
import { buildIssuerApp } from '../src/app.js';
import type { EidSettings, IssuerContext, IssuerSettings } from '../src/context.js';
import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
import type { CrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import type { Pkcs11TokenConfig } from '@min-profil/shared/signing/pkcs11-token';
import type { RegisteredClient } from '../src/clients/registered-client.js';
import { createIssuerContext } from '../src/create-issuer-context.js';
import { demoHolders } from '../src/holders/catalog.js';
import { createStaffKeyRing } from '../src/staff-keys/staff-key-ring.js';

export interface RunningIssuer {
  ctx: IssuerContext;
  /** The public base URL the issuer announces (shared by instances behind one load balancer). */
  baseUrl: string;
  /** Where this instance itself listens. */
  instanceUrl: string;
  database: TestDatabase;
  secrets: { kms: string; code: string };
  /** The demo shorthand (`ISSUER_API_KEY`): staff at every holder, no key rotation. */
  apiKey: string;
  /** Per-holder staff keys (`ISSUER_API_KEYS`). */
  staffKeys: Record<string, string>;
  /** Per-holder signing-key rotation keys (`ISSUER_KEY_ROTATION_KEYS`). */
  rotationKeys: Record<string, string>;
  /** Moves the issuer's clock (seconds) for expiry tests. */
  advanceClock(seconds: number): void;
  stop(): Promise<void>;
}

/**
 * A real issuer on 127.0.0.1 with a fresh database. The server listens first so the
 * issuer's identifiers (and did:web) carry the real port.
 */
export async function startIssuer(
  kind: DatabaseKind,
  options: {
    /** The eID provider, or a function that starts one once the issuer's URL is known. */
    eid?: EidSettings | ((issuerBaseUrl: string) => Promise<EidSettings>);
    settings?: Partial<IssuerSettings>;
    /** Wallets registered by configuration (as `ISSUER_WALLET_CLIENTS`). */
    walletClients?: RegisteredClient[];
    /** The trust list's wallet providers (registered wallets when they name a client_id). */
    walletProviders?: () => Promise<WalletProvider[]>;
    /** The trust list's CAs (key and wallet attestations chain to one). */
    x509Anchors?: () => Promise<X509TrustAnchor[]>;
    /** How CRLs are fetched (default: through the outbound policy). */
    crlFetcher?: CrlFetcher;
    /** The outbound policy (e.g. the test CA's origin for CRLs). */
    outbound?: OutboundSettings;
    /** A second instance behind the same public URL, on the same database and secrets. */
    shareWith?: RunningIssuer;
    /** The holders' signing keys in this PKCS#11 token (as ISSUER_PKCS11_*). */
    pkcs11?: Pkcs11TokenConfig;
  } = {},
): Promise<RunningIssuer> {
  const shared = options.shareWith;
  const testDb = shared?.database ?? createTestDatabase(kind, 'issuer');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = shared?.baseUrl ?? instanceUrl;
  let offset = 0;
  const apiKey = shared?.apiKey ?? randomBytes(32).toString('base64url');
  const holderIds = demoHolders.map((holder) => holder.id);
  const keysPerHolder = () =>
    Object.fromEntries(holderIds.map((id) => [id, randomBytes(32).toString('base64url')]));
  const staffKeys = shared?.staffKeys ?? keysPerHolder();
  const rotationKeys = shared?.rotationKeys ?? keysPerHolder();
  const secrets = shared?.secrets ?? {
    kms: randomBytes(32).toString('hex'),
    code: randomBytes(32).toString('hex'),
  };
  // A context that fails to start (a bad key, say) must not leave the server listening.
  const ctx = await createIssuerContext({
    baseUrl,
    databaseUrl: testDb.url,
    schema: testDb.schema,
    kmsSecretKey: secrets.kms,
    codeSecret: secrets.code,
    staffKeys: createStaffKeyRing(
      { everyHolderStaff: apiKey, staff: staffKeys, keyRotation: rotationKeys },
      { holderIds },
    ),
    eid: typeof options.eid === 'function' ? await options.eid(baseUrl) : options.eid,
    seedDemoRegister: true,
    // Housekeeping only where a test sets an interval, so moving the clock loses no rows.
    settings: { housekeepingIntervalMs: 0, ...options.settings },
    walletClients: options.walletClients,
    walletProviders: options.walletProviders,
    x509Anchors: options.x509Anchors,
    crlFetcher: options.crlFetcher,
    outbound: options.outbound,
    ...(options.pkcs11 ? { pkcs11: options.pkcs11 } : {}),
    now: () => Math.floor(Date.now() / 1000) + offset,
  }).catch(async (err: unknown) => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  });
  server.on('request', buildIssuerApp(ctx));
  return {
    ctx,
    baseUrl,
    instanceUrl,
    database: testDb,
    secrets,
    apiKey,
    staffKeys,
    rotationKeys,
    advanceClock: (seconds) => {
      offset += seconds;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.close();
      // The first instance owns the database; a sharing instance leaves it to that one.
      if (!shared) await testDb.cleanup();
    },
  };
}
