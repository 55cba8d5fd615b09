import { x509TrustAnchors } from '@min-profil/shared/trust-list/trust-queries';
import { parseKeyAttestationsRequired } from './credential/parse-key-attestations-required.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  readDataDir,
  readServiceAddress,
  readString,
  readBool,
  readDatabaseUrl,
  readInt,
} from '@min-profil/shared/config';
import { parseRateLimits } from '@min-profil/shared/rate-limit/parse-rate-limits';
import { readOutboundSettings } from '@min-profil/shared/net/outbound-config';
import { createConfiguredTrustListSource } from '@min-profil/shared/trust-list/configured-trust-list-source';
import { createLogger } from '@min-profil/shared/logger';
import { loadOrCreateSecrets } from '@min-profil/shared/secrets-file';
import { buildIssuerApp } from './app.js';
import { parseConfiguredClients } from './clients/registered-client.js';
import { createIssuerContext } from './create-issuer-context.js';
import { demoHolderIds, demoHolders } from './holders/catalog.js';
import { wellKnownUrl } from './metadata/endpoints.js';
import { collectProcessMetrics } from '@min-profil/shared/metrics/service-metrics';
import { installGracefulShutdown, readShutdownSettings } from '@min-profil/shared/graceful-shutdown';
import { installStartUpErrors } from '@min-profil/shared/start-up-errors';
import { readPkcs11Config } from '@min-profil/shared/signing/pkcs11-config';
import { parseStaffKeys } from './staff-keys/parse-staff-keys.js';
import { StaffKeyConfigError } from './staff-keys/staff-key-ring.js';

/**
 * Starts the issuer alone: `npm run start -w issuer`. Configuration (all optional):
 * ISSUER_PORT / ISSUER_HOST / ISSUER_BASE_URL, ISSUER_DATABASE_URL or DATABASE_URL,
 * ISSUER_KMS_KEY, ISSUER_CODE_SECRET (64 hex each; generated into DATA_DIR when unset),
 * ISSUER_PKCS11_MODULE / ISSUER_PKCS11_TOKEN_LABEL (or _SLOT) / ISSUER_PKCS11_PIN (the holders'
 * signing keys in a PKCS#11 token),
 * EID_BASE_URL, ISSUER_EID_CLIENT_ID, ISSUER_EID_CLIENT_SECRET, ISSUER_SEED_DEMO, the staff
 * keys (32+ characters each): ISSUER_API_KEYS (`af:KEY,skatteverket:KEY,…`), ISSUER_KEY_ROTATION_KEYS
 * (`af:KEY,…`), or the demo shorthand ISSUER_API_KEY (staff at every holder, no key rotation;
 * generated into DATA_DIR when neither it nor ISSUER_API_KEYS is set),
 * ISSUER_REQUIRE_DPOP (default true: token requests need a DPoP proof),
 * ISSUER_REQUIRE_WALLET_ATTESTATION (default false: only clients registered with
 * attest_jwt_client_auth must send a wallet attestation),
 * ISSUER_WALLET_CLIENTS (JSON list of registered wallets: client_id, name {sv,en}, redirect_uris),
 * TRUST_LIST_FILE / TRUST_LIST_OPERATOR_JWK (the signed trust list, whose wallet providers with a
 * client_id are registered wallets too; default in DATA_DIR), ISSUER_TRUST_LIST_STATE_FILE,
 * ISSUER_KEY_ATTESTATIONS_REQUIRED (`af/registration_certificate,…`: proofs need a key attestation),
 * ISSUER_CERTIFICATES_DIR (the holders' `<holder>.x5c.json` certificate chains, docs/issuer.md),
 * OUTBOUND_ALLOWED_ORIGINS / OUTBOUND_ALLOW_INTERNAL (docs/outbound-requests.md).
 */
installStartUpErrors('issuer');
const env = process.env;
const address = readServiceAddress('issuer');
const dataDir = readDataDir();
const perHolderKeys = Boolean(env.ISSUER_API_KEYS?.trim());
const { secrets, generated } = loadOrCreateSecrets({
  file: join(dataDir, 'issuer-secrets.json'),
  names: {
    kmsKey: 'ISSUER_KMS_KEY',
    codeSecret: 'ISSUER_CODE_SECRET',
    // The generated shorthand only for a deployment that names no per-holder keys.
    ...(perHolderKeys ? {} : { apiKey: 'ISSUER_API_KEY' }),
  } as Record<'kmsKey' | 'codeSecret' | 'apiKey', string>,
});

// The holders' signing keys in a PKCS#11 token (docs/operations.md, "Signing keys in an HSM").
const pkcs11 = readPkcs11Config(env, 'ISSUER');

const trustListFile = readString(env, 'TRUST_LIST_FILE', join(dataDir, 'trust-list.jwt'));
const operatorJwkFile = readString(
  env,
  'TRUST_LIST_OPERATOR_JWK',
  join(dataDir, 'trust-list-operator.pub.json'),
);
// Read lazily: the operator may publish the list after the issuer starts. With no list file,
// only the configured wallets are clients; a refused or stale list fails closed (503).
const trustList = createConfiguredTrustListSource({
  file: trustListFile,
  operatorJwkFile,
  stateFile: readString(env, 'ISSUER_TRUST_LIST_STATE_FILE', join(dataDir, 'issuer-trust-list-state.json')),
  logger: createLogger('issuer'),
});
async function walletProviders() {
  if (!existsSync(trustListFile)) return [];
  return (await trustList.get()).wallet_providers ?? [];
}
async function x509Anchors() {
  if (!existsSync(trustListFile)) return [];
  return x509TrustAnchors(await trustList.get());
}

let staffKeys;
try {
  staffKeys = parseStaffKeys({
    env,
    holderIds: demoHolderIds,
    demoKey: perHolderKeys ? undefined : secrets.apiKey,
  });
} catch (err) {
  if (!(err instanceof StaffKeyConfigError)) throw err;
  // One line the operator can act on; no stack trace, and never the key.
  console.error(`issuer: ${err.message}`);
  process.exit(1);
}
// The demo's generated shorthand is shown once, so the walk-through can use it.
const demoKeyNote =
  !perHolderKeys && !env.ISSUER_API_KEY
    ? `  Staff API key (${generated.includes('apiKey') ? 'generated and kept' : 'kept'} in ${dataDir}/issuer-secrets.json): ${secrets.apiKey}`
    : undefined;
// The keys are kept only as hashes from here on: drop the plain ones.
for (const name of ['ISSUER_API_KEYS', 'ISSUER_KEY_ROTATION_KEYS', 'ISSUER_API_KEY']) delete env[name];
delete (secrets as Partial<typeof secrets>).apiKey;

const ctx = await createIssuerContext({
  baseUrl: address.baseUrl,
  databaseUrl: readDatabaseUrl(env, 'issuer', join(dataDir, 'issuer.sqlite')),
  kmsSecretKey: secrets.kmsKey,
  ...(pkcs11 ? { pkcs11 } : {}),
  codeSecret: secrets.codeSecret,
  staffKeys,
  eid: {
    issuer: readServiceAddress('eid').baseUrl,
    clientId: readString(env, 'ISSUER_EID_CLIENT_ID', 'min-profil-issuer'),
    clientSecret: readString(env, 'ISSUER_EID_CLIENT_SECRET'),
  },
  seedDemoRegister: readBool(env, 'ISSUER_SEED_DEMO', true),
  walletClients: parseConfiguredClients(readString(env, 'ISSUER_WALLET_CLIENTS')),
  walletProviders,
  x509Anchors,
  outbound: readOutboundSettings(env),
  redisUrl: readString(env, 'REDIS_URL'),
  certificatesDir: readString(env, 'ISSUER_CERTIFICATES_DIR') || undefined,
  // HAIP 1.0: DPoP-bound tokens only; wallet attestations where required
  // (docs/authorization-server.md#dpop-sender-constrained-tokens-rfc-9449).
  settings: {
    keyAttestationsRequired: parseKeyAttestationsRequired(env.ISSUER_KEY_ATTESTATIONS_REQUIRED, demoHolders),
    requireDpop: readBool(env, 'ISSUER_REQUIRE_DPOP', true),
    requireWalletAttestation: readBool(env, 'ISSUER_REQUIRE_WALLET_ATTESTATION', false),
    staffRateLimitPerMinute: readInt(env, 'ISSUER_STAFF_RATE_LIMIT', 6000),
    staffRateLimits: parseRateLimits('ISSUER_STAFF_RATE_LIMITS', readString(env, 'ISSUER_STAFF_RATE_LIMITS')),
  },
});

collectProcessMetrics(ctx.metrics);
const app = buildIssuerApp(ctx);
const server = app.listen(address.port, address.host, (error?: Error) => {
  // Express 5 hands a failed listen (a port in use) to this callback: fail the start.
  if (error) throw error;
  console.log(`Issuer listening on ${address.baseUrl}`);
  for (const holder of ctx.holders.values()) {
    console.log(
      `  ${holder.definition.name.sv}: ${wellKnownUrl(holder.issuerUrl, 'openid-credential-issuer')}`,
    );
  }
  if (demoKeyNote) console.log(demoKeyNote);
});

installGracefulShutdown({
  server,
  settings: readShutdownSettings(process.env),
  close: () => ctx.close(),
  logger: ctx.logger,
});
