import { rateLimit } from 'express-rate-limit';
import { OAuthError } from '@min-profil/shared/errors';

/** Requests per minute per client address; over the limit answers `too_many_requests`. */
export function createRateLimit(perMinute: number) {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new OAuthError('too_many_requests', 'too many requests; wait a minute')),
  });
}
