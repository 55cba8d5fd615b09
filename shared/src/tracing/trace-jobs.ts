import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import { serviceTracer } from './service-tracer.js';
import { withServiceTracer } from './trace-scope.js';

export type RunTraced = <T>(
  name: string,
  attributes: Attributes,
  work: (span?: Span) => Promise<T>,
) => Promise<T>;

/**
 * Traces for work that no request started (an outbox delivery attempt): each run is the root
 * of a trace of its own under the service's name, never a child of the request that queued it,
 * and its queries and outbound requests are its children. The tracer is taken once, when the
 * worker is made; with tracing off the work just runs.
 */
export function createJobTracing(service: string | undefined): RunTraced {
  const tracer = service ? serviceTracer(service) : undefined;
  if (!tracer) return (_name, _attributes, work) => work();
  return (name, attributes, work) => {
    const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, root: true, attributes }, ROOT_CONTEXT);
    return context.with(withServiceTracer(trace.setSpan(ROOT_CONTEXT, span), tracer), async () => {
      try {
        return await work(span);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', error instanceof Error ? error.name : 'unknown');
        throw error;
      } finally {
        span.end();
      }
    });
  };
}
