import type { Request, RequestHandler } from 'express';
import type { ServiceMetrics } from './service-metrics.js';

/**
 * Counts and times every request under the express route pattern that answered it
 * (`/:holder/credential`), never the URL itself, which can hold ids. A request no route
 * answered (404, a refusal by a middleware, a mounted sub-app) is `unmatched`.
 */
export function httpMetrics(metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.http.duration.startTimer();
    res.once('finish', () => {
      const labels = { method: req.method, route: routePattern(req) };
      end(labels);
      metrics.http.requests.inc({ ...labels, status: String(res.statusCode) });
    });
    next();
  };
}

/** The route pattern that answered (`/:holder/credential`), or `unmatched`. */
export function routePattern(req: Request): string {
  const route = (req as Request & { route?: { path: unknown } }).route;
  if (!route) return 'unmatched';
  // A handler that answered without calling next() leaves its router's baseUrl in place.
  return `${req.baseUrl ?? ''}${String(route.path)}`;
}
