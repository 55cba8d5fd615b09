import type { Router } from 'express';
import { databaseChecks } from '@min-profil/shared/health/database-checks';
import { healthRoutes } from '@min-profil/shared/health/health-routes';
import { trustListCheck } from '@min-profil/shared/health/trust-list-check';
import type { WalletContext } from '../context.js';

/**
 * The wallet's probes: database, migrations and the trust list (it names issuers and verifiers
 * by it). Its keys are per person, created when needed, so there is no service key to check.
 */
export function walletHealthRoutes(ctx: WalletContext): Router {
  return healthRoutes({
    checks: [...databaseChecks(ctx.db), trustListCheck(ctx.trustList)],
    logger: ctx.logger,
    deprecatedAliases: ['/health'],
  });
}
