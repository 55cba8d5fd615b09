import type { RequestHandler } from 'express';

/**
 * Browser-based wallets and verifiers call the protocol endpoints cross-origin; the staff
 * endpoints (`/offers`, `/admin`) stay same-origin only.
 */
export const publicCors: RequestHandler = (req, res, next) => {
  if (/^\/[^/]+\/(offers|admin)(\/|$)/.test(req.path)) {
    next();
    return;
  }
  res.set('Access-Control-Allow-Origin', '*');
  if (req.method === 'OPTIONS') {
    res
      .set('Access-Control-Allow-Methods', 'GET, POST')
      .set('Access-Control-Allow-Headers', 'Authorization, Content-Type, DPoP')
      .set('Access-Control-Max-Age', '600')
      .status(204)
      .end();
    return;
  }
  next();
};
