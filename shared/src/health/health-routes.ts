import { Router, type Response } from 'express';
import type { Logger } from '../logger.js';
import { isDraining } from './draining.js';
import { runHealthChecks, type HealthCheck } from './health-check.js';

export interface HealthRoutesOptions {
  checks: HealthCheck[];
  logger: Pick<Logger, 'warn'>;
  /** Paths of an earlier release that answer like `/health/live` for one more release. */
  deprecatedAliases?: string[];
  /** Per check (default 3 s): below an orchestrator's usual probe timeout. */
  timeoutMs?: number;
}

/**
 * `GET /health/live`: the process answers HTTP (restart it when this fails).
 * `GET /health/ready`: every check passes (send it traffic only then). The answer names each
 * check and whether it passed; why one failed goes to the log, never to the caller. While the
 * process shuts down it answers 503 `draining`.
 */
export function healthRoutes(options: HealthRoutesOptions): Router {
  const router = Router();
  const live = (res: Response) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  };
  router.get('/health/live', (_req, res) => live(res));
  for (const alias of options.deprecatedAliases ?? []) {
    router.get(alias, (_req, res) => {
      // RFC 9745: the alias goes away in the next release.
      res.set('Deprecation', 'true').set('Link', '</health/live>; rel="successor-version"');
      live(res);
    });
  }
  router.get('/health/ready', async (_req, res) => {
    if (isDraining()) {
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'draining', checks: {} });
      return;
    }
    const outcomes = await runHealthChecks(options.checks, options.timeoutMs ?? 3000);
    const failed = outcomes.filter((o) => !o.ok);
    for (const outcome of failed) {
      if (!outcome.ok) options.logger.warn({ check: outcome.name, err: outcome.error }, 'not ready');
    }
    res
      .status(failed.length === 0 ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: failed.length === 0 ? 'ready' : 'not_ready',
        checks: Object.fromEntries(outcomes.map((o) => [o.name, o.ok ? 'ok' : 'failed'])),
      });
  });
  return router;
}
