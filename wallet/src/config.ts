import { join } from 'node:path';
import {
  readBool,
  readDataDir,
  readInt,
  readServiceAddress,
  readString,
  readDatabaseUrl,
} from '@min-profil/shared/config';
import { createLogger } from '@min-profil/shared/logger';
import { readOutboundSettings } from '@min-profil/shared/net/outbound-config';
import { loadOrCreateSecrets } from '@min-profil/shared/secrets-file';
import { createConfiguredTrustListSource } from '@min-profil/shared/trust-list/configured-trust-list-source';
import type { WalletOptions } from './create-wallet-context.js';

/**
 * Reads the wallet's configuration from the environment (docs/configuration.md):
 * WALLET_PORT / WALLET_HOST / WALLET_BASE_URL, WALLET_DATABASE_URL or DATABASE_URL
 * (WALLET_DATABASE_SCHEMA on PostgreSQL, default wallet),
 * WALLET_MASTER_KEY and WALLET_KMS_KEY (64 hex; generated into DATA_DIR when unset),
 * WALLET_EID_CLIENT_ID (default min-profil-wallet, a public client), WALLET_EID_CLIENT_SECRET,
 * EID_BASE_URL, TRUST_LIST_FILE, TRUST_LIST_OPERATOR_JWK (a JWK or JWK Set file),
 * WALLET_TRUST_LIST_STATE_FILE (highest sequence and learnt operator keys, docs/trust-list.md;
 * default DATA_DIR/wallet-trust-list-state.json), ALLOW_INSECURE_URLS=1,
 * OUTBOUND_ALLOWED_ORIGINS, OUTBOUND_ALLOW_INTERNAL=1 (docs/outbound-requests.md),
 * WALLET_DEMO_OUTBOX=1 (one-time codes go to the demo outbox at /demo/outbox, not to anyone).
 * WALLET_DELIVERY_POLL_SECONDS / _RETRY_BASE_SECONDS / _RETRY_CAP_SECONDS (standing-permission outbox).
 * WALLET_KEY_IDLE_SECONDS (default 900: how long the page keeps passkey-unlocked keys unused).
 * WALLET_ALLOW_UNSIGNED_REQUESTS=1 (development only: share with askers that cannot be identified).
 * TRUST_LIST_URI (the list's identifier in DCQL trusted_authorities, as the verifier reads it).
 */
export function readWalletOptions(env: Record<string, string | undefined> = process.env): WalletOptions {
  const address = readServiceAddress('wallet', env);
  const dataDir = readDataDir(env);
  const { secrets } = loadOrCreateSecrets({
    file: join(dataDir, 'wallet-secrets.json'),
    names: { masterKey: 'WALLET_MASTER_KEY', kmsKey: 'WALLET_KMS_KEY' },
    env,
  });
  const trustListFile = readString(env, 'TRUST_LIST_FILE', join(dataDir, 'trust-list.jwt'));
  const operatorJwkFile = readString(
    env,
    'TRUST_LIST_OPERATOR_JWK',
    join(dataDir, 'trust-list-operator.pub.json'),
  );
  const trustListUri = readString(env, 'TRUST_LIST_URI');
  return {
    baseUrl: address.baseUrl,
    databaseUrl: readDatabaseUrl(env, 'wallet', join(dataDir, 'wallet.sqlite')),
    schema: readString(env, 'WALLET_DATABASE_SCHEMA', 'wallet'),
    kmsSecretKey: secrets.kmsKey,
    masterKey: secrets.masterKey,
    eid: {
      issuer: readString(env, 'EID_BASE_URL') ?? readServiceAddress('eid', env).baseUrl,
      clientId: readString(env, 'WALLET_EID_CLIENT_ID', 'min-profil-wallet'),
      clientSecret: readString(env, 'WALLET_EID_CLIENT_SECRET'),
    },
    // Read lazily: the operator may publish the list after the wallet starts.
    // A missing, refused or stale list fails closed: 503, never an empty list.
    trustList: createConfiguredTrustListSource({
      file: trustListFile,
      operatorJwkFile,
      stateFile: readString(
        env,
        'WALLET_TRUST_LIST_STATE_FILE',
        join(dataDir, 'wallet-trust-list-state.json'),
      ),
      logger: createLogger('wallet'),
    }),
    allowInsecureUrls: readBool(env, 'ALLOW_INSECURE_URLS', false),
    outbound: readOutboundSettings(env),
    demoOutbox: readBool(env, 'WALLET_DEMO_OUTBOX', false),
    redisUrl: readString(env, 'REDIS_URL'),
    // Standing permissions: how often the delivery outbox is polled (it is also woken on enqueue).
    settings: {
      deliveryPollSeconds: readInt(env, 'WALLET_DELIVERY_POLL_SECONDS', 30),
      tokenRateLimitPerMinute: readInt(env, 'WALLET_TOKEN_RATE_LIMIT', 600),
      keyIdleSeconds: readInt(env, 'WALLET_KEY_IDLE_SECONDS', 900),
      deliveryRetryBaseSeconds: readInt(env, 'WALLET_DELIVERY_RETRY_BASE_SECONDS', 30),
      deliveryRetryCapSeconds: readInt(env, 'WALLET_DELIVERY_RETRY_CAP_SECONDS', 6 * 3600),
      // After a crash, a claimed delivery waits this long before another worker may take it.
      deliveryLeaseSeconds: readInt(env, 'WALLET_DELIVERY_LEASE_SECONDS', 60),
      // Off by default: an unsigned request could collect data at any URL its link names.
      allowUnsignedRequests: readBool(env, 'WALLET_ALLOW_UNSIGNED_REQUESTS', false),
      ...(trustListUri ? { trustListUri } : {}),
      ...(env.WALLET_PROVIDER_CERTIFICATE_FILE
        ? { providerCertificateFile: env.WALLET_PROVIDER_CERTIFICATE_FILE }
        : {}),
    },
  };
}
