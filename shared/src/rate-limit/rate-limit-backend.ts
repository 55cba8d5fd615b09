import { createHash } from 'node:crypto';

/**
 * Where rate-limit counters live when several instances of a service must share them:
 * PostgreSQL (the service's own schema) or Redis. Fixed windows: a hit counts in the window
 * `floor(now / windowMs)`, and the count starts again in the next one.
 */
export interface RateLimitBackend {
  /** Counts one hit; answers the hits in the current window, this one included. */
  hit(key: string, windowMs: number, now: number): Promise<number>;
  /** Takes one hit back (a request the limiter was told not to count after all). */
  undo(key: string, windowMs: number, now: number): Promise<void>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export const windowIndex = (now: number, windowMs: number) => Math.floor(now / windowMs);

/** Counters are kept under a hash: no client address or key is stored as it came. */
export const counterKey = (key: string) => createHash('sha256').update(key).digest('base64url');
