import { join } from 'node:path';
import {
  readBool,
  readDataDir,
  readInt,
  readServiceAddress,
  readDatabaseUrl,
} from '@min-profil/shared/config';
import { openDatabase } from '@min-profil/shared/db';
import { createLogger } from '@min-profil/shared/logger';
import { preparePrivateDir } from '@min-profil/shared/private-files';
import { buildEidApp } from './app.js';
import { parseEidClients } from './eid-clients.js';
import { eidEntities, eidMigrations, removeExpiredOidcPayloads } from './persistence/index.js';
import { collectProcessMetrics, createServiceMetrics } from '@min-profil/shared/metrics/service-metrics';
import { installGracefulShutdown, readShutdownSettings } from '@min-profil/shared/graceful-shutdown';
import { installStartUpErrors } from '@min-profil/shared/start-up-errors';

/**
 * Starts the test eID provider.
 *
 *   EID_PORT / EID_HOST / EID_BASE_URL   address and public origin (default http://127.0.0.1:3003)
 *   EID_DATABASE_URL or DATABASE_URL     postgres://… (schema "eid") or a SQLite file;
 *                                        default ./data/eid.sqlite (DATA_DIR moves ./data)
 *   EID_CLIENTS                          the relying parties, a JSON array; see eid-clients.ts:
 *     [{"client_id":"issuer","client_secret":"…","redirect_uris":["http://127.0.0.1:3001/eid/callback"]},
 *      {"client_id":"wallet","token_endpoint_auth_method":"none","redirect_uris":["…"]}]
 *   EID_TRUST_PROXY=true                 behind a proxy that sets X-Forwarded-Proto/-Host
 *
 * Signing keys and cookie keys are generated on first start and kept in the database.
 */
installStartUpErrors('eid');
const logger = createLogger('eid');
const address = readServiceAddress('eid');
const configuredUrl = readDatabaseUrl(process.env, 'eid');
// The embedded default keeps the database in the data directory: owner only.
if (!configuredUrl) preparePrivateDir(readDataDir());
const databaseUrl = configuredUrl ?? join(readDataDir(), 'eid.sqlite');
const clients = parseEidClients(process.env.EID_CLIENTS);
if (clients.length === 0) logger.warn('EID_CLIENTS is empty: no relying party can sign anyone in');

const database = await openDatabase({
  url: databaseUrl,
  schema: 'eid',
  entities: eidEntities,
  migrations: eidMigrations,
});
const metrics = createServiceMetrics('eid', database);
collectProcessMetrics(metrics);
const { app } = await buildEidApp({
  metrics,
  issuer: address.baseUrl,
  clients,
  database,
  proxy: readBool(process.env, 'EID_TRUST_PROXY', false),
  // One eID sign-in covers every holder for 30 minutes; 0 turns single sign-on off.
  singleSignOnSeconds: readInt(process.env, 'EID_SSO_SECONDS', 1800),
  logger,
});

const cleanup = setInterval(() => {
  removeExpiredOidcPayloads(database).catch((err: Error) =>
    logger.warn({ err: err.message }, 'cleanup failed'),
  );
}, 60_000);
cleanup.unref();

const server = app.listen(address.port, address.host, (error?: Error) => {
  // Express 5 hands a failed listen (a port in use) to this callback: fail the start.
  if (error) throw error;
  console.log(`test eID provider listening on ${address.baseUrl} (${clients.length} clients)`);
});

installGracefulShutdown({
  server,
  settings: readShutdownSettings(process.env),
  close: async () => {
    clearInterval(cleanup);
    await database.close();
  },
  logger,
});
