import type { RequestHandler } from 'express';

/**
 * CORS for the protocol endpoints that browser-based wallets and verifiers call cross-origin:
 * any origin, no credentials (the endpoints authenticate by token or nonce, never by cookie).
 * Paths for which `sameOriginOnly` holds (staff and back-end APIs) get no CORS headers at all.
 */
export function createPublicCors(options: {
  sameOriginOnly: (path: string) => boolean;
  /** Request headers a preflight may ask for. */
  allowHeaders: string[];
  /** Response headers a page may read (e.g. `DPoP-Nonce`). */
  exposeHeaders?: string[];
}): RequestHandler {
  const allowHeaders = options.allowHeaders.join(', ');
  return (req, res, next) => {
    if (options.sameOriginOnly(req.path)) {
      next();
      return;
    }
    res.set('Access-Control-Allow-Origin', '*');
    if (options.exposeHeaders) res.set('Access-Control-Expose-Headers', options.exposeHeaders.join(', '));
    if (req.method === 'OPTIONS') {
      res
        .set('Access-Control-Allow-Methods', 'GET, POST')
        .set('Access-Control-Allow-Headers', allowHeaders)
        .set('Access-Control-Max-Age', '600')
        .status(204)
        .end();
      return;
    }
    next();
  };
}
