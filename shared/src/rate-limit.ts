import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { OAuthError } from './errors.js';

/**
 * Bounds requests per client address on the endpoints that redeem secrets. Every answer carries
 * the `RateLimit` and `RateLimit-Policy` headers (draft-ietf-httpapi-ratelimit-headers-08); a
 * refusal is 429 with `Retry-After` (RFC 9110 §10.2.3) and the usual `{error, error_description}`.
 */
export function createRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(new OAuthError('too_many_requests', 'too many requests: slow down and try again in a minute'));
    },
  });
}
