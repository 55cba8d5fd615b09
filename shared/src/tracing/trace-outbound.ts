import { SpanKind } from '@opentelemetry/api';
import { activeTracer, inChildSpan } from './trace-scope.js';

/**
 * A client span around one outbound request (redirects included) inside a traced request.
 * It records the method, the host and port and the status, never the path or query (they can
 * hold ids). Nothing is injected into the request: trace context stays inside the service.
 */
export function traceOutbound(
  method: string,
  href: string,
  send: () => Promise<Response>,
): Promise<Response> {
  // Outside a traced request (or with tracing off) nothing more than this look-up.
  if (!activeTracer()) return send();
  let url: URL | undefined;
  try {
    url = new URL(href);
  } catch {
    // The fetch refuses it with its own error.
  }
  return inChildSpan(
    method,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        ...(url
          ? {
              'server.address': url.hostname,
              'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
            }
          : {}),
      },
    },
    async (span) => {
      const response = await send();
      span?.setAttribute('http.response.status_code', response.status);
      return response;
    },
  );
}
