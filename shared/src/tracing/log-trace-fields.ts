import { context, trace } from '@opentelemetry/api';

/**
 * A pino `mixin`: every line logged while a traced request is active carries its trace and span
 * id (the OpenTelemetry log data model's field names), so an operator goes from a log line to
 * the trace and back. Outside a request, or with tracing off, it adds nothing.
 */
export function traceLogFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: traceFlags.toString(16).padStart(2, '0') };
}
