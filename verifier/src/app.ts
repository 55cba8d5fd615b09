import type { Express } from 'express';
import { approvalRoutes } from './approval/approval.routes.js';
import { secondSignatoryRoutes } from './approval/second-signatory.routes.js';
import helmet from 'helmet';
import { createServiceApp } from '@min-profil/shared/metrics/service-app';
import { errorHandler, notFound } from '@min-profil/shared/http';
import { consumersRoutes } from './consumers/consumers.routes.js';
import type { VerifierContext } from './context.js';
import { serviceRateLimit } from '@min-profil/shared/rate-limit';
import { publicCors } from './http/public-cors.js';
import { consumerOfRequest } from './http/require-consumer.js';
import { verifierHealthRoutes } from './http/health.routes.js';
import { createOpenApiDocument } from './openapi/openapi.js';
import { approvalPageRoutes } from './pages/approval-page.routes.js';
import { consumerPageRoutes } from './pages/consumer-page.routes.js';
import { dcApiPageRoutes } from './pages/dc-api-page.js';
import { presentationRequestRoutes } from './presentation-request/presentation-request.routes.js';
import { requestObjectRoutes } from './request-object/request-object.routes.js';
import { responseRoutes } from './response/response.routes.js';
import { dcApiRoutes } from './dc-api/dc-api.routes.js';
import { standingPermissionsApiRoutes } from './standing-permissions/standing-permissions-api.routes.js';
import { standingPermissionRoutes } from './standing-permissions/standing-permissions.routes.js';
import { caseRoutes } from './cases/cases.routes.js';
import { casePageRoutes } from './cases/case-pages.routes.js';

/** The verifier service: consumer API, OpenID4VP request/response endpoints, demo pages. No listen. */
export function buildVerifierApp(ctx: VerifierContext): Express {
  const app = createServiceApp(ctx.metrics);
  app.use(helmet({ contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } } }));
  app.use(publicCors);
  // The consumers' pages create a request on every load, so they are limited too.
  const pages = ctx.settings.demoPages ? [...ctx.consumers.keys()].map((id) => `/${id}`) : [];
  // The standing-permission endpoints redeem nonces, like the OpenID4VP ones.
  app.use(
    [
      '/openid4vp',
      '/api',
      '/consumers/:consumerId/standing-permissions',
      '/consumers/:consumerId/cases',
      ...pages,
    ],
    // A consumer's back end is limited per API key, at its configured limit.
    serviceRateLimit(ctx, 'api', (req) => {
      const consumer = consumerOfRequest(ctx, req);
      if (!consumer) return undefined;
      const { id } = consumer.config;
      return {
        id: `consumer:${id}`,
        perMinute: ctx.settings.apiKeyRateLimits[id] ?? ctx.settings.apiKeyRateLimitPerMinute,
      };
    }),
  );

  app.use(verifierHealthRoutes(ctx));
  // Built once: it only depends on the base URL.
  const openApiDocument = createOpenApiDocument(ctx.baseUrl);
  app.get('/api/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(openApiDocument);
  });
  app.use(consumersRoutes(ctx));
  app.use(presentationRequestRoutes(ctx));
  app.use(approvalRoutes(ctx));
  app.use(secondSignatoryRoutes(ctx));
  app.use(requestObjectRoutes(ctx));
  app.use(responseRoutes(ctx));
  app.use(dcApiRoutes(ctx));
  app.use(standingPermissionRoutes(ctx));
  app.use(standingPermissionsApiRoutes(ctx));
  app.use(caseRoutes(ctx));
  // Demo pages only where enabled (VERIFIER_DEMO_PAGES=1): anyone may open them.
  if (ctx.settings.demoPages) {
    app.use(consumerPageRoutes(ctx));
    app.use(dcApiPageRoutes(ctx));
    app.use(approvalPageRoutes(ctx));
    app.use(casePageRoutes(ctx));
  }

  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return app;
}
