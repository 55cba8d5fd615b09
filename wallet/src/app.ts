import type { Express } from 'express';
import helmet from 'helmet';
import { createServiceApp } from '@min-profil/shared/metrics/service-app';
import { errorHandler, notFound } from '@min-profil/shared/http';
import { accountRoutes } from './accounts/account.routes.js';
import { approvalsRoutes } from './approvals/approvals.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import type { WalletContext } from './context.js';
import { credentialOfferRoutes } from './credential-offer/credential-offer.routes.js';
import { credentialRoutes } from './credentials/credentials.routes.js';
import { holderRoutes } from './holders/holders.routes.js';
import { homeRoutes } from './home/home.routes.js';
import { serviceRateLimit } from '@min-profil/shared/rate-limit';
import { logRoutes } from './log/log.routes.js';
import { demoOutboxRoutes } from './messages/demo-outbox.routes.js';
import { standingPermissionRoutes } from './standing-permissions/standing-permissions.routes.js';
import { caseRoutes } from './cases/cases.routes.js';
import { openApiRoutes } from './openapi/openapi.routes.js';
import { dcApiRoutes } from './dc-api/dc-api.routes.js';
import { presentationRoutes } from './presentation/presentation.routes.js';
import { representationRoutes } from './representation/representation.routes.js';
import { ombudRoutes } from './ombud/ombud.routes.js';
import { companyProfileRoutes } from './companies/company-profile.routes.js';
import { companySharingRoutes } from './companies/company-sharing.routes.js';
import { profileRoutes } from './profile/profile.routes.js';
import { providerJwksRoutes } from './provider/jwks.routes.js';
import { walletClientRoutes } from './provider/wallet-client.routes.js';
import { tokenRoutes } from './tokens/tokens.routes.js';
import { usageRoutes } from './usage/usage.routes.js';
import { passkeyRoutes } from './passkeys/passkeys.routes.js';
import { signingRequestRoutes } from './signing-requests/signing-requests.routes.js';
import { webAppRoutes } from './http/web-app.js';
import { walletHealthRoutes } from './http/health.routes.js';
import { personalTokenRateLimitKey } from './tokens/token-rate-limit-key.js';

/** The wallet service: sign-in, the JSON API under /api, and the OID4VCI callback. No listen. */
export function buildWalletApp(ctx: WalletContext): Express {
  const app = createServiceApp(ctx.metrics);
  app.use(helmet());
  app.use(
    ['/api', '/auth', '/oid4vci', '/case-inbox'],
    serviceRateLimit(ctx, 'wallet', (req) => personalTokenRateLimitKey(ctx, req)),
  );

  app.use(walletHealthRoutes(ctx));
  app.use(openApiRoutes(ctx));
  app.use(authRoutes(ctx));
  app.use(tokenRoutes(ctx));
  app.use(passkeyRoutes(ctx));
  app.use(signingRequestRoutes(ctx));
  app.use(credentialOfferRoutes(ctx));
  app.use(credentialRoutes(ctx));
  app.use(holderRoutes(ctx));
  app.use(usageRoutes(ctx));
  app.use(accountRoutes(ctx));
  app.use(presentationRoutes(ctx));
  app.use(dcApiRoutes(ctx));
  app.use(approvalsRoutes(ctx));
  app.use(logRoutes(ctx));
  app.use(profileRoutes(ctx));
  app.use(providerJwksRoutes(ctx));
  app.use(walletClientRoutes(ctx));
  app.use(demoOutboxRoutes(ctx));
  app.use(standingPermissionRoutes(ctx));
  app.use(homeRoutes(ctx));
  app.use(caseRoutes(ctx));
  app.use(representationRoutes(ctx));
  app.use(ombudRoutes(ctx));
  app.use(companyProfileRoutes(ctx));
  app.use(companySharingRoutes(ctx));
  app.use(webAppRoutes());

  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  // Standing permissions: deliver the outbox while the app runs (stopped by ctx.close()).
  ctx.deliveries.start();
  // Case stop notices likewise (docs/cases.md "Stopping").
  ctx.caseStops.start();
  return app;
}
