import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { OAuthError } from '@min-profil/shared/errors';

/** Bounds requests per client address on the endpoints that redeem secrets. */
export function createRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(
        new OAuthError('too_many_requests', 'too many requests: slow down and try again in a minute', {
          status: 429,
        }),
      );
    },
  });
}
