import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { readBool, readDataDir, readInt, readServiceAddress, readString } from '@min-profil/shared/config';
import { loadOrCreateSecrets } from '@min-profil/shared/secrets-file';
import {
  createFileTrustListSource,
  type TrustListSource,
} from '@min-profil/shared/trust-list/trust-list-source';
import { buildVerifierApp } from './app.js';
import { demoConsumers } from './consumers/consumer-config.js';
import { createVerifierContext } from './create-verifier-context.js';

/**
 * Starts the verifier alone: `npm run start -w verifier`. Configuration (all optional):
 * VERIFIER_PORT / VERIFIER_HOST / VERIFIER_BASE_URL, VERIFIER_DATABASE_URL or DATABASE_URL,
 * VERIFIER_API_KEYS (`insurer:KEY,university:KEY,af-praktik:KEY`; generated into DATA_DIR
 * and printed when unset), VERIFIER_KMS_KEY, TRUST_LIST_FILE, TRUST_LIST_OPERATOR_JWK (path to
 * the operator's public JWK), ISSUER_BASE_URL, WALLET_BASE_URL, VERIFIER_CLAIM_RETENTION
 * (seconds, default 3600), TRUST_LIST_URI (the list's id for DCQL trusted_authorities),
 * ALLOW_INSECURE_URLS=1 (plain http for the local demo), VERIFIER_STANDING_PERMISSION_WEBHOOKS
 * (`school:https://…,municipality:https://…`: events of permissions a wallet started itself),
 * VERIFIER_WEBHOOK_POLL_MS (how often the webhook outbox is polled, default 5000),
 * VERIFIER_DEMO_PAGES=1 (the consumers' demo pages; off by default), VERIFIER_DATA_KEY (64 hex:
 * the key claims, evidence and profiles are sealed with at rest; generated into DATA_DIR when
 * unset), VERIFIER_APPROVAL_RETENTION (seconds approval evidence is kept, default 10 years),
 * VERIFIER_DEMO_PAGE_MAX_PENDING (open page-created requests per consumer, default 200).
 */
const env = process.env;
const address = readServiceAddress('verifier');
const dataDir = readDataDir();

const apiKeysFromEnv = parsePairs(readString(env, 'VERIFIER_API_KEYS'), 'KEY');
const { secrets, generated } = loadOrCreateSecrets({
  file: join(dataDir, 'verifier-secrets.json'),
  names: {
    kmsKey: 'VERIFIER_KMS_KEY',
    dataKey: 'VERIFIER_DATA_KEY',
    ...Object.fromEntries(
      demoConsumers.map((c) => [
        `apiKey:${c.id}`,
        `VERIFIER_API_KEY_${c.id.toUpperCase().replace(/-/g, '_')}`,
      ]),
    ),
  } as Record<string, string>,
});
const apiKeys: Record<string, string> = Object.fromEntries(
  demoConsumers.map((c) => [c.id, apiKeysFromEnv[c.id] ?? secrets[`apiKey:${c.id}`]]),
);

const ctx = await createVerifierContext({
  baseUrl: address.baseUrl,
  databaseUrl:
    readString(env, 'VERIFIER_DATABASE_URL') ??
    readString(env, 'DATABASE_URL') ??
    join(dataDir, 'verifier.sqlite'),
  kmsSecretKey: secrets.kmsKey,
  dataKey: secrets.dataKey,
  apiKeys,
  trustList: lazyFileTrustList(
    readString(env, 'TRUST_LIST_FILE', join(dataDir, 'trust-list.jwt')),
    readString(env, 'TRUST_LIST_OPERATOR_JWK', join(dataDir, 'trust-list-operator.pub.json')),
  ),
  settings: {
    issuerBaseUrl: readServiceAddress('issuer').baseUrl,
    walletBaseUrl: readServiceAddress('wallet').baseUrl,
    claimRetention: readInt(env, 'VERIFIER_CLAIM_RETENTION', 3600),
    outboxRetention: readInt(env, 'VERIFIER_OUTBOX_RETENTION', 7 * 86_400),
    approvalRetention: readInt(env, 'VERIFIER_APPROVAL_RETENTION', 10 * 365 * 86_400),
    demoPages: readBool(env, 'VERIFIER_DEMO_PAGES', false),
    demoPageMaxPending: readInt(env, 'VERIFIER_DEMO_PAGE_MAX_PENDING', 200),
    webhookPollMs: readInt(env, 'VERIFIER_WEBHOOK_POLL_MS', 5000),
    ...(readString(env, 'TRUST_LIST_URI') ? { trustListUri: readString(env, 'TRUST_LIST_URI') } : {}),
    standingPermissionWebhooks: parsePairs(readString(env, 'VERIFIER_STANDING_PERMISSION_WEBHOOKS'), 'URL'),
    webhookAllowInternal: readBool(
      env,
      'VERIFIER_WEBHOOK_ALLOW_INTERNAL',
      readBool(env, 'ALLOW_INSECURE_URLS', false),
    ),
  },
  allowInsecureUrls: readBool(env, 'ALLOW_INSECURE_URLS', false),
});

const app = buildVerifierApp(ctx);
const server = app.listen(address.port, address.host, () => {
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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void ctx.db.close().then(() => process.exit(0));
  });
}

/** `consumer:VALUE,consumer:VALUE` (a URL value keeps its own colons). */
function parsePairs(value: string | undefined, what: string): Record<string, string> {
  if (!value) return {};
  const out: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const at = pair.indexOf(':');
    if (at <= 0) throw new Error(`expected insurer:${what},university:${what}`);
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

/** The trust list file, read (and verified) when first needed, so the verifier can start before it exists. */
function lazyFileTrustList(file: string, operatorJwkFile: string): TrustListSource {
  let source: TrustListSource | undefined;
  return {
    async get() {
      if (!source) {
        const operatorJwk = JSON.parse(await readFile(operatorJwkFile, 'utf8')) as JWK;
        source = createFileTrustListSource({ file, operatorJwk });
      }
      return source.get();
    },
  };
}
