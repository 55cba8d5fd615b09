import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db.js';
import type { OutboxMetrics } from '../outbox/outbox-port.js';

/**
 * The metrics every service has: HTTP requests per route, the outbox (where it has one) and the
 * database pool. Each service instance has its own registry (tests run several in one process);
 * services add their own metrics to it. Labels are route patterns and names from the code,
 * never values from a request (no personal numbers, ids or URLs).
 */
export interface ServiceMetrics {
  /** The service's name (`issuer`, `wallet`, …): its metrics label, and its traces' `service.name`. */
  service: string;
  registry: Registry;
  http: {
    requests: Counter<'method' | 'route' | 'status'>;
    duration: Histogram<'method' | 'route'>;
  };
  /** For the shared outbox worker's `metrics` option. */
  outbox: OutboxMetrics;
}

export function createServiceMetrics(service: string, db?: Database): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const registers = [registry];
  const backlog = new Gauge({
    name: 'outbox_backlog',
    help: 'Rows waiting in an outbox after the last delivery pass',
    labelNames: ['outbox'],
    registers,
  });
  const attempts = new Counter({
    name: 'outbox_delivery_attempts_total',
    help: 'Delivery attempts by outbox and outcome (delivered, refused, retry, gave_up, released)',
    labelNames: ['outbox', 'outcome'],
    registers,
  });
  const attemptDuration = new Histogram({
    name: 'outbox_delivery_duration_seconds',
    help: 'Time one delivery attempt took',
    labelNames: ['outbox'],
    registers,
  });
  if (db) databasePoolGauge(db, registers);
  return {
    service,
    registry,
    http: {
      requests: new Counter({
        name: 'http_requests_total',
        help: 'HTTP requests by method, route pattern and status',
        labelNames: ['method', 'route', 'status'],
        registers,
      }),
      duration: new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request latency by method and route pattern',
        labelNames: ['method', 'route'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
    },
    outbox: {
      backlog: ({ outbox, size }) => backlog.set({ outbox }, size),
      attempted: ({ outbox, outcome, latencyMs }) => {
        attempts.inc({ outbox, outcome });
        attemptDuration.observe({ outbox }, latencyMs / 1000);
      },
    },
  };
}

/** Process metrics (CPU, memory, event loop, GC): once per process, from the service's main. */
export function collectProcessMetrics(metrics: ServiceMetrics): void {
  collectDefaultMetrics({ register: metrics.registry });
}

/** pg's pool counts, read at each scrape. SQLite has no pool: one process owns the file. */
function databasePoolGauge(db: Database, registers: Registry[]): void {
  if (db.kind !== 'postgres') return;
  // TypeORM keeps pg's Pool as the driver's `master` (it does not export the driver's type).
  const driver = db.dataSource.driver as unknown as {
    master?: { totalCount: number; idleCount: number; waitingCount: number };
  };
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool: open connections (total), idle ones, and requests waiting for one',
    labelNames: ['state'],
    registers,
    collect() {
      const pool = driver.master;
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}
