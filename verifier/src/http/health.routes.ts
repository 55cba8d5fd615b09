import type { Router } from 'express';
import { databaseChecks } from '@min-profil/shared/health/database-checks';
import { healthRoutes } from '@min-profil/shared/health/health-routes';
import { signingKeysCheck } from '@min-profil/shared/health/signing-keys-check';
import { trustListCheck } from '@min-profil/shared/health/trust-list-check';
import type { VerifierContext } from '../context.js';

/** The verifier's probes: database, migrations, the trust list, the consumers' request-object keys. */
export function verifierHealthRoutes(ctx: VerifierContext): Router {
  return healthRoutes({
    checks: [
      ...databaseChecks(ctx.db),
      trustListCheck(ctx.trustList),
      signingKeysCheck(() => [...ctx.consumers.values()].map((c) => c.keys.signing)),
    ],
    logger: ctx.logger,
  });
}
