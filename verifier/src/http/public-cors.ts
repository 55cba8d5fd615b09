import type { RequestHandler } from 'express';

/**
 * Browser wallets fetch request objects and post responses cross-origin; the consumer API
 * (`/api/presentation-requests`, `/api/standing-permissions`) is for the consumer's back end
 * and stays same-origin.
 */
export const publicCors: RequestHandler = (req, res, next) => {
  if (req.path.startsWith('/api/presentation-requests') || req.path.startsWith('/api/standing-permissions')) {
    next();
    return;
  }
  res.set('Access-Control-Allow-Origin', '*');
  if (req.method === 'OPTIONS') {
    res
      .set('Access-Control-Allow-Methods', 'GET, POST')
      .set('Access-Control-Allow-Headers', 'Content-Type')
      .set('Access-Control-Max-Age', '600')
      .status(204)
      .end();
    return;
  }
  next();
};
