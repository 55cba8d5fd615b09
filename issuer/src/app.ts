import type { Express } from 'express';
import helmet from 'helmet';
import { createServiceApp } from '@min-profil/shared/metrics/service-app';
import { errorHandler, notFound } from '@min-profil/shared/http';
import { adminRoutes } from './admin/admin.routes.js';
import { authorizationRoutes } from './authorization/authorization.routes.js';
import type { IssuerContext } from './context.js';
import { credentialOfferRoutes } from './credential-offer/credential-offer.routes.js';
import { credentialRoutes } from './credential/credential.routes.js';
import { deferredRoutes } from './deferred/deferred.routes.js';
import { publicCors } from './http/public-cors.js';
import { serviceRateLimit } from '@min-profil/shared/rate-limit';
import { metadataRoutes } from './metadata/metadata.routes.js';
import { nonceRoutes } from './nonce/nonce.routes.js';
import { notificationRoutes } from './notification/notification.routes.js';
import { statusListRoutes } from './status-list/status-list.routes.js';
import { tokenRoutes } from './token/token.routes.js';
import { indexRoutes } from './index.routes.js';
import { lookupRoutes } from './lookups/lookup.routes.js';
import { usageRoutes } from './usage/usage.routes.js';
import { revocationRoutes } from './refresh-token/revocation.routes.js';
import { ombudRoutes } from './ombud/ombud.routes.js';
import { issuerHealthRoutes } from './http/health.routes.js';
import { staffRateLimitKey } from './staff-keys/staff-rate-limit-key.js';

/** The issuer service: every holder's OID4VCI endpoints, status lists and staff API. No listen. */
export function buildIssuerApp(ctx: IssuerContext): Express {
  const app = createServiceApp(ctx.metrics);
  app.use(helmet());
  app.use(publicCors);

  const limit = serviceRateLimit(ctx, 'oid4vci');
  app.use(
    [
      '/:holder/token',
      '/:holder/credential',
      '/:holder/deferred_credential',
      '/:holder/authorize',
      '/:holder/par',
      '/:holder/usage',
      '/:holder/revoke',
      '/ombud/mandates',
    ],
    limit,
  );

  // The staff API: each staff key at its holder's limit; an unknown key per address.
  app.use(
    ['/:holder/offers', '/:holder/admin'],
    serviceRateLimit(ctx, 'staff', (req) => staffRateLimitKey(ctx, req)),
  );

  app.use(issuerHealthRoutes(ctx));
  app.use(indexRoutes(ctx));
  app.use(metadataRoutes(ctx));
  app.use(credentialOfferRoutes(ctx));
  app.use(authorizationRoutes(ctx));
  app.use(tokenRoutes(ctx));
  app.use(nonceRoutes(ctx));
  app.use(credentialRoutes(ctx));
  app.use(deferredRoutes(ctx));
  app.use(notificationRoutes(ctx));
  app.use(statusListRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(lookupRoutes(ctx));
  app.use(usageRoutes(ctx));
  app.use(revocationRoutes(ctx));
  app.use(ombudRoutes(ctx));

  app.use(notFound);
  // RFC 6749 §5.2: the issuer's error descriptions stay in the OAuth character set.
  app.use(errorHandler(ctx.logger, { strictDescriptions: true }));
  return app;
}
