import type { RequestHandler } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { safeEqual } from '../util/secrets.js';

/** Staff endpoints: `Authorization: Bearer <ISSUER_API_KEY>`. */
export function requireApiKey(apiKey: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match || !safeEqual(match[1], apiKey)) {
      next(
        new OAuthError('invalid_token', 'a valid staff API key is required (Authorization: Bearer …)', {
          headers: { 'WWW-Authenticate': 'Bearer realm="issuer-staff"' },
        }),
      );
      return;
    }
    next();
  };
}
