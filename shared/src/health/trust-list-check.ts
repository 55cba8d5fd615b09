import type { TrustListSource } from '../trust-list/trust-list-source.js';
import type { HealthCheck } from './health-check.js';

/**
 * A trust list is in force: read, signed by the operator, not stale (the source fails closed,
 * so a service without one answers 503 to the flows that need it anyway).
 */
export function trustListCheck(source: Pick<TrustListSource, 'get'>): HealthCheck {
  return {
    name: 'trust_list',
    run: async () => {
      await source.get();
    },
  };
}
