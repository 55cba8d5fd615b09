import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { routePattern } from '../metrics/http-metrics.js';
import { stripIncomingPropagation } from './propagation-headers.js';
import { serviceTracer } from './service-tracer.js';
import { withServiceTracer } from './trace-scope.js';

/** Probes and scrapes, every few seconds from every orchestrator and scraper: noise in a trace store. */
const untraced = new Set(['/health/live', '/health/ready', '/health', '/healthz', '/metrics']);

/**
 * The first middleware of every service. It drops any trace context a caller sent (always,
 * so no handler can pass it on), and with tracing on opens a server span for the request.
 * Each request is the root of a new trace: a `traceparent` from outside is never continued
 * (docs/operations.md "Traces"). The span is named by the route pattern, never the URL,
 * which can hold ids; no query, header or body goes into it. Health probes and `/metrics` are
 * not traced.
 */
export function traceRequests(service: string): RequestHandler {
  const tracer = serviceTracer(service);
  return (req, res, next) => {
    stripIncomingPropagation(req);
    if (!tracer || untraced.has(req.path)) return next();
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, root: true, attributes: { 'http.request.method': req.method } },
      ROOT_CONTEXT,
    );
    const ctx = withServiceTracer(trace.setSpan(ROOT_CONTEXT, span), tracer);
    // Listeners added later (body parsers, the end of the answer) run in the request's context:
    // stream events otherwise arrive in the socket's.
    context.bind(ctx, req);
    context.bind(ctx, res);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = routePattern(req);
      if (route !== 'unmatched') {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      if (res.writableFinished) {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      } else {
        // The client went away before the answer was out.
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', 'aborted');
      }
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(ctx, next);
  };
}
