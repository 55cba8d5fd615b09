import type { Router } from 'express';
import { databaseChecks } from '@min-profil/shared/health/database-checks';
import { healthRoutes } from '@min-profil/shared/health/health-routes';
import { signingKeysCheck } from '@min-profil/shared/health/signing-keys-check';
import type { IssuerContext } from '../context.js';

/**
 * The issuer's probes: its database and migrations, and every holder's active signing key.
 * The trust list is not a condition: without one the issuer serves its configured wallets.
 */
export function issuerHealthRoutes(ctx: IssuerContext): Router {
  return healthRoutes({
    checks: [
      ...databaseChecks(ctx.db),
      // Read at each probe: a rotation on another instance replaces the ring.
      signingKeysCheck(() => [...ctx.holders.values()].map((h) => h.keys.active.signingKey)),
    ],
    logger: ctx.logger,
    deprecatedAliases: ['/health'],
  });
}
