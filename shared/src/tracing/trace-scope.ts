import {
  context,
  createContextKey,
  type SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

/**
 * The service's tracer rides in the request's context beside its span, so code deep inside
 * (a database query, an outbound fetch) makes child spans without a tracer passed to it, and
 * makes none outside a traced request: with tracing off it finds nothing and just runs.
 */
const tracerKey = createContextKey('min-profil service tracer');

export function withServiceTracer(ctx: Context, tracer: Tracer): Context {
  return ctx.setValue(tracerKey, tracer);
}

export function activeTracer(): Tracer | undefined {
  return context.active().getValue(tracerKey) as Tracer | undefined;
}

/**
 * Runs `work` in a child span of the active request span (when there is one), ending it when
 * the work settles; a throw marks the span as an error with the error's class name only
 * (messages can hold values from a request).
 */
export async function inChildSpan<T>(
  name: string,
  options: { kind: SpanKind; attributes: Attributes },
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return work(undefined);
  return tracer.startActiveSpan(name, options, async (span) => {
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
}
