import { join } from 'node:path';
import {
  readBool,
  readDataDir,
  readInt,
  readServiceAddress,
  readString,
  readDatabaseUrl,
} from '@min-profil/shared/config';
import { readOutboundSettings } from '@min-profil/shared/net/outbound-config';
import { loadOrCreateSecrets } from '@min-profil/shared/secrets-file';
import { parseRateLimits } from '@min-profil/shared/rate-limit/parse-rate-limits';
import { createLogger } from '@min-profil/shared/logger';
import { createConfiguredTrustListSource } from '@min-profil/shared/trust-list/configured-trust-list-source';
import { buildVerifierApp } from './app.js';
import { checkConsumerApiKeys, ConsumerKeyConfigError } from './consumers/consumer-api-keys.js';
import { demoConsumers } from './consumers/consumer-config.js';
import { fileRegistrationCertificates } from './consumers/registration-certificates.js';
import { fileAccessCertificates } from './consumers/access-certificates.js';
import { clientIdPrefixes, type ClientIdPrefix } from './consumers/client-identifier.js';
import { consumerProfiles, type ConsumerProfile } from './consumers/consumer-profile.js';
import { createVerifierContext } from './create-verifier-context.js';
import { collectProcessMetrics } from '@min-profil/shared/metrics/service-metrics';
import { installGracefulShutdown, readShutdownSettings } from '@min-profil/shared/graceful-shutdown';
import { installStartUpErrors } from '@min-profil/shared/start-up-errors';
import { readPkcs11Config } from '@min-profil/shared/signing/pkcs11-config';

/**
 * Starts the verifier alone: `npm run start -w verifier`. Every variable, with its default, is in
 * docs/configuration.md ("Verifier" and "Every service"): the address, the database, the
 * consumers' API keys (VERIFIER_API_KEYS or VERIFIER_API_KEY_<ID>, 32+ characters), the KMS and
 * data keys, the trust list and its state file, retention, the demo pages, webhooks and the
 * outbound policy (OUTBOUND_ALLOWED_ORIGINS, OUTBOUND_ALLOW_INTERNAL).
 */
installStartUpErrors('verifier');
const env = process.env;
const address = readServiceAddress('verifier');
const dataDir = readDataDir();

const apiKeysFromEnv = orExit(() =>
  parsePairs('VERIFIER_API_KEYS', readString(env, 'VERIFIER_API_KEYS'), 'KEY'),
);
const perConsumerVariable = (id: string) => `VERIFIER_API_KEY_${id.toUpperCase().replace(/-/g, '_')}`;
const { secrets, generated } = loadOrCreateSecrets({
  file: join(dataDir, 'verifier-secrets.json'),
  names: {
    kmsKey: 'VERIFIER_KMS_KEY',
    dataKey: 'VERIFIER_DATA_KEY',
    ...Object.fromEntries(demoConsumers.map((c) => [`apiKey:${c.id}`, perConsumerVariable(c.id)])),
  } as Record<string, string>,
});
const apiKeys: Record<string, string> = Object.fromEntries(
  demoConsumers.map((c) => [c.id, apiKeysFromEnv[c.id] ?? secrets[`apiKey:${c.id}`]]),
);
orExit(() =>
  checkConsumerApiKeys(
    apiKeys,
    demoConsumers.map((c) => c.id),
    (id) => (apiKeysFromEnv[id] ? 'VERIFIER_API_KEYS' : perConsumerVariable(id)),
  ),
);

const pkcs11 = readPkcs11Config(env, 'VERIFIER');

const ctx = await createVerifierContext({
  baseUrl: address.baseUrl,
  databaseUrl: readDatabaseUrl(env, 'verifier', join(dataDir, 'verifier.sqlite')),
  kmsSecretKey: secrets.kmsKey,
  // The consumers' signing keys in a PKCS#11 token (docs/operations.md, "Signing keys in an HSM").
  ...(pkcs11 ? { pkcs11 } : {}),
  dataKey: secrets.dataKey,
  apiKeys,
  clientIdPrefixes: orExit(() => readClientIdPrefixes(readString(env, 'VERIFIER_CLIENT_ID_PREFIXES'))),
  consumerProfiles: orExit(() => readConsumerProfiles(readString(env, 'VERIFIER_CONSUMER_PROFILES'))),
  // Re-read when it changes: a renewed access certificate takes effect without a restart.
  accessCertificates: fileAccessCertificates(
    readString(env, 'VERIFIER_ACCESS_CERTIFICATES', join(dataDir, 'verifier-access-certificates.json')),
  ),
  registrationCertificates: fileRegistrationCertificates(
    readString(
      env,
      'VERIFIER_REGISTRATION_CERTIFICATES',
      join(dataDir, 'verifier-registration-certificates.json'),
    ),
  ),
  // Read when first needed, so the verifier can start before the operator publishes the list.
  trustList: createConfiguredTrustListSource({
    file: readString(env, 'TRUST_LIST_FILE', join(dataDir, 'trust-list.jwt')),
    operatorJwkFile: readString(
      env,
      'TRUST_LIST_OPERATOR_JWK',
      join(dataDir, 'trust-list-operator.pub.json'),
    ),
    stateFile: readString(
      env,
      'VERIFIER_TRUST_LIST_STATE_FILE',
      join(dataDir, 'verifier-trust-list-state.json'),
    ),
    logger: createLogger('verifier'),
  }),
  settings: {
    issuerBaseUrl: readServiceAddress('issuer').baseUrl,
    walletBaseUrl: readServiceAddress('wallet').baseUrl,
    claimRetention: readInt(env, 'VERIFIER_CLAIM_RETENTION', 3600),
    outboxRetention: readInt(env, 'VERIFIER_OUTBOX_RETENTION', 7 * 86_400),
    approvalRetention: readInt(env, 'VERIFIER_APPROVAL_RETENTION', 10 * 365 * 86_400),
    demoPages: readBool(env, 'VERIFIER_DEMO_PAGES', false),
    demoPageMaxPending: readInt(env, 'VERIFIER_DEMO_PAGE_MAX_PENDING', 200),
    webhookPollMs: readInt(env, 'VERIFIER_WEBHOOK_POLL_MS', 5000),
    apiKeyRateLimitPerMinute: readInt(env, 'VERIFIER_API_RATE_LIMIT', 6000),
    apiKeyRateLimits: parseRateLimits(
      'VERIFIER_API_RATE_LIMITS',
      readString(env, 'VERIFIER_API_RATE_LIMITS'),
    ),
    ...(readString(env, 'TRUST_LIST_URI') ? { trustListUri: readString(env, 'TRUST_LIST_URI') } : {}),
    standingPermissionWebhooks: orExit(() =>
      parsePairs(
        'VERIFIER_STANDING_PERMISSION_WEBHOOKS',
        readString(env, 'VERIFIER_STANDING_PERMISSION_WEBHOOKS'),
        'URL',
      ),
    ),
    webhookAllowInternal: readBool(
      env,
      'VERIFIER_WEBHOOK_ALLOW_INTERNAL',
      readBool(env, 'ALLOW_INSECURE_URLS', false),
    ),
  },
  allowInsecureUrls: readBool(env, 'ALLOW_INSECURE_URLS', false),
  outbound: readOutboundSettings(env),
  redisUrl: readString(env, 'REDIS_URL'),
});

collectProcessMetrics(ctx.metrics);
const app = buildVerifierApp(ctx);
const server = app.listen(address.port, address.host, (error?: Error) => {
  // Express 5 hands a failed listen (a port in use) to this callback: fail the start.
  if (error) throw error;
  console.log(`Verifier listening on ${address.baseUrl}`);
  for (const consumer of ctx.consumers.values()) {
    // The demo page only where it is served (VERIFIER_DEMO_PAGES=1).
    const page = ctx.settings.demoPages ? `${address.baseUrl}/${consumer.config.id}  ` : '';
    console.log(`  ${consumer.config.name.sv}: ${page}(${consumer.keys.clientId})`);
  }
  if (!env.VERIFIER_API_KEYS) {
    const how = generated.some((name) => name.startsWith('apiKey:')) ? 'generated and kept' : 'kept';
    console.log(`  API keys (${how} in ${dataDir}/verifier-secrets.json):`);
    console.log(
      `  VERIFIER_API_KEYS=${Object.entries(apiKeys)
        .map(([id, key]) => `${id}:${key}`)
        .join(',')}`,
    );
  }
});

installGracefulShutdown({
  server,
  settings: readShutdownSettings(process.env),
  close: () => ctx.close(),
  logger: ctx.logger,
});

/** A configuration mistake ends the start in one line the operator can act on, no stack trace. */
function orExit<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof ConsumerKeyConfigError)) throw err;
    console.error(`verifier: ${err.message}`);
    process.exit(1);
  }
}

/** `consumer:VALUE,consumer:VALUE` (a URL value keeps its own colons). */
function parsePairs(variable: string, value: string | undefined, what: string): Record<string, string> {
  if (!value) return {};
  const out: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const at = pair.indexOf(':');
    if (at <= 0) throw new ConsumerKeyConfigError(`${variable}: expected insurer:${what},university:${what}`);
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

/** `VERIFIER_CLIENT_ID_PREFIXES=university:x509_hash,school:x509_san_dns` (docs/configuration.md). */
function readClientIdPrefixes(value: string | undefined): Record<string, ClientIdPrefix> {
  const pairs = parsePairs('VERIFIER_CLIENT_ID_PREFIXES', value, 'x509_hash');
  for (const [id, prefix] of Object.entries(pairs)) {
    if (!(clientIdPrefixes as readonly string[]).includes(prefix))
      throw new ConsumerKeyConfigError(
        `VERIFIER_CLIENT_ID_PREFIXES: ${id}:${prefix} is not one of ${clientIdPrefixes.join(', ')}`,
      );
  }
  return pairs as Record<string, ClientIdPrefix>;
}

/** `VERIFIER_CONSUMER_PROFILES=university:haip` (docs/configuration.md). */
function readConsumerProfiles(value: string | undefined): Record<string, ConsumerProfile> {
  const pairs = parsePairs('VERIFIER_CONSUMER_PROFILES', value, 'haip');
  for (const [id, profile] of Object.entries(pairs)) {
    if (!(consumerProfiles as readonly string[]).includes(profile))
      throw new ConsumerKeyConfigError(
        `VERIFIER_CONSUMER_PROFILES: ${id}:${profile} is not one of ${consumerProfiles.join(', ')}`,
      );
  }
  return pairs as Record<string, ConsumerProfile>;
}
