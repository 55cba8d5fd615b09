import express from 'express';
import type { JWK } from 'jose';
import type { Provider } from 'oidc-provider';
import type { Database } from '@min-profil/shared/db';
import { createLogger, type Logger } from '@min-profil/shared/logger';
import { stripTrailingSlash } from '@min-profil/shared/config';
import { databaseChecks } from '@min-profil/shared/health/database-checks';
import { healthRoutes } from '@min-profil/shared/health/health-routes';
import { httpMetrics } from '@min-profil/shared/metrics/http-metrics';
import { metricsRoute } from '@min-profil/shared/metrics/metrics-route';
import { traceRequests } from '@min-profil/shared/tracing/trace-requests';
import { createServiceMetrics, type ServiceMetrics } from '@min-profil/shared/metrics/service-metrics';
import { createEidAccounts } from './accounts.js';
import { createEidProvider } from './create-eid-provider.js';
import { zEidClients } from './eid-clients.js';
import { interactionRoutes } from './interaction/interaction.routes.js';
import { loadOrCreateCookieKeys, loadOrCreateSigningKeys, loadOrCreateSubjectKey } from './keys.js';
import { createOidcPayloadAdapterFactory } from './persistence/index.js';

export interface EidClientInput {
  client_id: string;
  client_secret?: string;
  client_name?: string;
  redirect_uris: string[];
  /** `client_secret_basic` (default with a secret), `client_secret_post` or `none`. */
  token_endpoint_auth_method?: string;
}

export interface EidAppDeps {
  /** The public origin, e.g. http://127.0.0.1:3003: the provider builds every URL from it. */
  issuer: string;
  clients: EidClientInput[];
  /** Opened by the caller with `eidEntities` / `eidMigrations` from ./persistence/index.js. */
  database: Database;
  /** Private signing keys; generated on first start and kept in the database when absent. */
  jwks?: { keys: JWK[] };
  /** Keys that sign the provider's cookies; generated and kept in the database when absent. */
  cookieKeys?: string[];
  /** The key subjects are derived from (32 bytes); generated and kept in the database when absent. */
  subjectKey?: Buffer;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto/-Host. */
  proxy?: boolean;
  /** Seconds a sign-in is remembered for single sign-on; 0 (the default) keeps none. */
  singleSignOnSeconds?: number;
  logger?: Logger;
  /** Default: a registry of its own (the main adds process metrics to it). */
  metrics?: ServiceMetrics;
}

/** The test eID provider: oidc-provider mounted on express with the login pages. No listen. */
export async function buildEidApp(deps: EidAppDeps): Promise<{ app: express.Express; provider: Provider }> {
  const logger = deps.logger ?? createLogger('eid');
  const parsedClients = zEidClients.safeParse(deps.clients);
  if (!parsedClients.success) {
    const issue = parsedClients.error.issues[0];
    throw new Error(`invalid eID client at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const accounts = createEidAccounts(deps.subjectKey ?? (await loadOrCreateSubjectKey(deps.database)));
  const provider = createEidProvider({
    issuer: stripTrailingSlash(deps.issuer),
    clients: parsedClients.data,
    adapter: createOidcPayloadAdapterFactory(deps.database),
    jwks: deps.jwks ?? (await loadOrCreateSigningKeys(deps.database)),
    cookieKeys: deps.cookieKeys ?? (await loadOrCreateCookieKeys(deps.database)),
    accounts,
    logger,
    singleSignOnSeconds: deps.singleSignOnSeconds ?? 0,
  });
  if (deps.proxy) provider.proxy = true;

  const app = express();
  app.disable('x-powered-by');
  const metrics = deps.metrics ?? createServiceMetrics('eid', deps.database);
  app.use(traceRequests(metrics.service));
  app.use(httpMetrics(metrics));
  app.use(metricsRoute(metrics.registry, process.env.METRICS_TOKEN));
  // Its signing keys are read once at start (above): a running provider has them.
  app.use(healthRoutes({ checks: databaseChecks(deps.database), logger, deprecatedAliases: ['/healthz'] }));
  app.use(interactionRoutes(provider, accounts, logger));
  app.use(provider.callback());
  return { app, provider };
}
