import express, { type Express } from 'express';
import { httpMetrics } from './http-metrics.js';
import { metricsRoute } from './metrics-route.js';
import type { ServiceMetrics } from './service-metrics.js';
import { traceRequests } from '../tracing/trace-requests.js';

/**
 * The express app every service starts from: no `X-Powered-By`, client addresses from a reverse
 * proxy only when `TRUST_PROXY=true`, incoming trace context dropped and, with tracing on, a span
 * per request (`traceRequests`), then the metrics middleware, so every answer is counted (a 429
 * from a limiter too), with `/metrics` behind `METRICS_TOKEN`.
 */
export function createServiceApp(metrics: ServiceMetrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY === 'true');
  app.use(traceRequests(metrics.service));
  app.use(httpMetrics(metrics));
  app.use(metricsRoute(metrics.registry, process.env.METRICS_TOKEN));
  return app;
}
