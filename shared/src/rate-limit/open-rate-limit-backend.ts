import { createHash } from 'node:crypto';
import type { Database } from '../db.js';
import { createPostgresRateLimitBackend } from './postgres-rate-limit-backend.js';
import type { RateLimitBackend } from './rate-limit-backend.js';

/**
 * The store a service's limits count in: Redis when `redisUrl` (REDIS_URL) is set, else its
 * PostgreSQL database, so the limits hold for all instances together. On SQLite (one instance
 * by design) none: each limiter counts in memory.
 */
export async function openRateLimitBackend(options: {
  db: Database;
  service: string;
  /** The deployment's public origin: deployments sharing one Redis keep their counters apart. */
  deployment: string;
  redisUrl?: string;
}): Promise<RateLimitBackend | undefined> {
  if (options.redisUrl) {
    const deployment = createHash('sha256').update(options.deployment).digest('hex').slice(0, 12);
    // Loaded only here: the Redis client is 5 MiB of heap and a quarter second of start-up
    // that a deployment without REDIS_URL never uses (docs/benchmarks.md, memory).
    const { createRedisRateLimitBackend } = await import('./redis-rate-limit-backend.js');
    return createRedisRateLimitBackend(options.redisUrl, `min-profil:${options.service}:${deployment}`);
  }
  if (options.db.kind === 'postgres') return createPostgresRateLimitBackend(options.db);
  return undefined;
}
