import { join } from 'node:path';
import { readDataDir, readServiceAddress, readString, readBool } from '@min-profil/shared/config';
import { readOutboundSettings } from '@min-profil/shared/net/outbound-config';
import { loadOrCreateSecrets } from '@min-profil/shared/secrets-file';
import { buildIssuerApp } from './app.js';
import { createIssuerContext } from './create-issuer-context.js';
import { wellKnownUrl } from './metadata/endpoints.js';

/**
 * Starts the issuer alone: `npm run start -w issuer`. Configuration (all optional):
 * ISSUER_PORT / ISSUER_HOST / ISSUER_BASE_URL, ISSUER_DATABASE_URL or DATABASE_URL,
 * ISSUER_API_KEY, ISSUER_KMS_KEY, ISSUER_CODE_SECRET (64 hex each; generated into DATA_DIR
 * when unset), EID_BASE_URL, ISSUER_EID_CLIENT_ID, ISSUER_EID_CLIENT_SECRET, ISSUER_SEED_DEMO.
 */
const env = process.env;
const address = readServiceAddress('issuer');
const dataDir = readDataDir();
const { secrets, generated } = loadOrCreateSecrets({
  file: join(dataDir, 'issuer-secrets.json'),
  names: { apiKey: 'ISSUER_API_KEY', kmsKey: 'ISSUER_KMS_KEY', codeSecret: 'ISSUER_CODE_SECRET' },
});

const ctx = await createIssuerContext({
  baseUrl: address.baseUrl,
  databaseUrl:
    readString(env, 'ISSUER_DATABASE_URL') ??
    readString(env, 'DATABASE_URL') ??
    join(dataDir, 'issuer.sqlite'),
  kmsSecretKey: secrets.kmsKey,
  codeSecret: secrets.codeSecret,
  apiKey: secrets.apiKey,
  eid: {
    issuer: readServiceAddress('eid').baseUrl,
    clientId: readString(env, 'ISSUER_EID_CLIENT_ID', 'min-profil-issuer'),
    clientSecret: readString(env, 'ISSUER_EID_CLIENT_SECRET'),
  },
  seedDemoRegister: readBool(env, 'ISSUER_SEED_DEMO', true),
  outbound: readOutboundSettings(env),
});

const app = buildIssuerApp(ctx);
const server = app.listen(address.port, address.host, () => {
  console.log(`Issuer listening on ${address.baseUrl}`);
  for (const holder of ctx.holders.values()) {
    console.log(
      `  ${holder.definition.name.sv}: ${wellKnownUrl(holder.issuerUrl, 'openid-credential-issuer')}`,
    );
  }
  if (!env.ISSUER_API_KEY) {
    const how = generated.includes('apiKey') ? 'generated and kept' : 'kept';
    console.log(`  Staff API key (${how} in ${dataDir}/issuer-secrets.json): ${secrets.apiKey}`);
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void ctx.db.close().then(() => process.exit(0));
  });
}
