import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Registry } from 'prom-client';

/** Shorter tokens are refused at start, like the staff and consumer keys. */
const minTokenLength = 32;

/**
 * `GET /metrics` in Prometheus text format, only for a scraper that sends
 * `Authorization: Bearer <METRICS_TOKEN>`. Without a configured token the path does not exist:
 * the metrics are never public by default.
 */
export function metricsRoute(registry: Registry, token: string | undefined): Router {
  const router = Router();
  if (!token) return router;
  if (token.length < minTokenLength) {
    throw new Error(`METRICS_TOKEN must be at least ${minTokenLength} characters`);
  }
  const expected = digest(token);
  router.get('/metrics', async (req, res) => {
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    // Compared as hashes in constant time: neither the token nor its length leaks.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({
        error: 'invalid_token',
        error_description: 'the metrics need the scrape token as a Bearer token',
      });
      return;
    }
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store');
    res.send(await registry.metrics());
  });
  return router;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
