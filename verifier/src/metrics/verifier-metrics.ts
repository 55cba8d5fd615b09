import { Counter } from 'prom-client';
import type { Database } from '@min-profil/shared/db';
import { createServiceMetrics, type ServiceMetrics } from '@min-profil/shared/metrics/service-metrics';
import type { CheckResult } from '../persistence/entities.js';

/** The shared metrics and the verifier's own: the result of each named check. */
export interface VerifierMetrics extends ServiceMetrics {
  /** Counts each check of a processed response (checks.ts names them) as passed or failed. */
  recordChecks(checks: CheckResult[]): void;
}

export function createVerifierMetrics(db: Database): VerifierMetrics {
  const metrics = createServiceMetrics('verifier', db);
  const checks = new Counter({
    name: 'verifier_checks_total',
    help: 'Verification checks by name and result (passed, failed)',
    labelNames: ['check', 'result'],
    registers: [metrics.registry],
  });
  return {
    ...metrics,
    recordChecks: (results) => {
      for (const { name, passed } of results)
        checks.inc({ check: name, result: passed ? 'passed' : 'failed' });
    },
  };
}
