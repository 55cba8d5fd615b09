import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import type { Request, RequestHandler } from 'express';
import { OAuthError } from './errors.js';
import type { RateLimitBackend } from './rate-limit/rate-limit-backend.js';

const windowMs = 60_000;

/** An authenticated API caller, limited per key: `id` names the key (never the key itself). */
export interface RateLimitedKey {
  id: string;
  perMinute: number;
}

export interface RateLimitOptions {
  /** Per client address, for callers without a known key. */
  perMinute: number;
  /** Names this limiter's counters in the shared store (two limiters never share a count). */
  name: string;
  /** The shared store (several instances, one limit); without it, this process counts alone. */
  backend?: RateLimitBackend;
  /**
   * The caller's API key when the request carries a valid one: then it is limited per key, at
   * that key's limit. An unknown or missing key is limited per address like anyone else.
   */
  identify?(req: Request): Promise<RateLimitedKey | undefined> | RateLimitedKey | undefined;
}

/**
 * Bounds requests per client address or per API key. Every answer carries the `RateLimit` and
 * `RateLimit-Policy` headers (draft-ietf-httpapi-ratelimit-headers-08); a refusal is 429 with
 * `Retry-After` (RFC 9110 §10.2.3) and the usual `{error, error_description}`.
 */
export function createRateLimit(options: RateLimitOptions | number): RequestHandler {
  const { perMinute, name, backend, identify } =
    typeof options === 'number' ? { perMinute: options, name: 'default' } : options;
  // Asked once per request: both the key and the limit depend on it.
  const known = new WeakMap<Request, Promise<RateLimitedKey | undefined>>();
  const caller = (req: Request) => {
    let found = known.get(req);
    if (!found) {
      found = Promise.resolve(identify?.(req));
      known.set(req, found);
    }
    return found;
  };
  return rateLimit({
    windowMs,
    limit: async (req) => (await caller(req))?.perMinute ?? perMinute,
    keyGenerator: async (req) => {
      const key = await caller(req);
      return key ? `key:${key.id}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    ...(backend ? { store: sharedStore(backend, name) } : {}),
    // A store that cannot be reached lets requests through (logged by express-rate-limit):
    // the database's own failure answers them anyway, and Redis being away must not stop the service.
    passOnStoreError: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(new OAuthError('too_many_requests', 'too many requests: slow down and try again in a minute'));
    },
  });
}

/** express-rate-limit's store interface over the shared backend (one adapter per limiter). */
function sharedStore(backend: RateLimitBackend, name: string): Store {
  const scoped = (key: string) => `${name}:${key}`;
  return {
    localKeys: false,
    prefix: name,
    async increment(key) {
      const now = Date.now();
      const totalHits = await backend.hit(scoped(key), windowMs, now);
      return { totalHits, resetTime: new Date((Math.floor(now / windowMs) + 1) * windowMs) };
    },
    async decrement(key) {
      await backend.undo(scoped(key), windowMs, Date.now());
    },
    async resetKey(key) {
      await backend.reset(scoped(key));
    },
  };
}

/** What a service's context gives its limiters: its default limit and the shared counter store. */
export interface RateLimitedService {
  settings: { rateLimitPerMinute: number };
  rateLimits?: RateLimitBackend;
}

/** A limiter at the service's default limit, counted in its shared store, named for its counters. */
export function serviceRateLimit(
  service: RateLimitedService,
  name: string,
  identify?: RateLimitOptions['identify'],
): RequestHandler {
  return createRateLimit({
    perMinute: service.settings.rateLimitPerMinute,
    name,
    backend: service.rateLimits,
    ...(identify ? { identify } : {}),
  });
}
