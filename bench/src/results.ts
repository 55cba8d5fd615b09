/** The shape of `bench/results.json`. */
export type ResultName =
  | 'verify-presentation'
  | 'issue-credential'
  | 'issue-credential-pkcs11'
  | 'status-lookup'
  | 'status-publish-1m'
  | 'flow-insurer'
  | 'flow-internship'
  | 'load-verifier'
  | 'load-issuer'
  | 'usage-first-page'
  | 'usage-later-page'
  | 'scale-verifier-direct-post'
  | 'scale-crypto-floor'
  | 'scale-issuer-credential'
  | 'scale-issuer-load'
  | 'scale-issuer-status-publish'
  | 'scale-wallet-receive'
  | 'scale-wallet-list'
  | 'scale-wallet-log'
  | 'scale-wallet-present'
  | 'usage-merged-view'
  | 'feature-cost-encryption-at-rest'
  | 'feature-cost-dpop-replay'
  | 'feature-cost-request-encryption-key'
  | 'feature-cost-consent-record-signing'
  | 'feature-cost-metrics';

export interface BenchResult {
  name: ResultName;
  unit: 'ops/s' | 'ms' | 'req/s' | 'µs';
  value: number;
  p99?: number;
  references: Record<string, number>;
  /** What was measured exactly (database, instances, bytes…); not part of the figure. */
  note?: string;
  [extra: string]: unknown;
}

export interface BenchReport {
  node: string;
  cpu: string;
  date: string;
  results: BenchResult[];
  /** 1-minute load average of the machine before and after the run. */
  loadavg?: { before: number; after: number };
}
