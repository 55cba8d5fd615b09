import { Counter, Gauge, Histogram } from 'prom-client';
import type { Database } from '@min-profil/shared/db';
import { createServiceMetrics, type ServiceMetrics } from '@min-profil/shared/metrics/service-metrics';

/** The shared metrics and the issuer's own: issuance and status-list publication. */
export interface IssuerMetrics extends ServiceMetrics {
  /** Credentials signed, per holder and credential configuration. */
  issued: Counter<'holder' | 'configuration'>;
  statusListPublish: Histogram<'holder'>;
  statusListSize: Gauge<'holder'>;
}

export function createIssuerMetrics(db: Database): IssuerMetrics {
  const metrics = createServiceMetrics('issuer', db);
  const registers = [metrics.registry];
  return {
    ...metrics,
    issued: new Counter({
      name: 'issuer_credentials_issued_total',
      help: 'Credentials signed, per holder and credential configuration',
      labelNames: ['holder', 'configuration'],
      registers,
    }),
    statusListPublish: new Histogram({
      name: 'issuer_status_list_publish_seconds',
      help: 'Time to build and sign a status list token after its list changed',
      labelNames: ['holder'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    statusListSize: new Gauge({
      name: 'issuer_status_list_size_bytes',
      help: 'Size of the status list token last published, per holder',
      labelNames: ['holder'],
      registers,
    }),
  };
}
