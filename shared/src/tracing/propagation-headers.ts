import type { IncomingHttpHeaders } from 'node:http';

/**
 * Trace-context headers of every common propagator (W3C Trace Context and Baggage, B3, Jaeger).
 * The wallet, the issuers and the verifiers are run by different bodies: a trace id carried
 * from one to the next would let them join up one person's visits. So none is taken in and
 * none is sent out, whether tracing is on or off.
 */
const propagationHeaders = new Set([
  'traceparent',
  'tracestate',
  'baggage',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'uber-trace-id',
]);

export function isPropagationHeader(name: string): boolean {
  return propagationHeaders.has(name.toLowerCase());
}

/** Removes them from an incoming request, parsed and raw, before any handler can read them. */
export function stripIncomingPropagation(req: { headers: IncomingHttpHeaders; rawHeaders: string[] }): void {
  for (const name of Object.keys(req.headers)) {
    if (propagationHeaders.has(name)) delete req.headers[name];
  }
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (isPropagationHeader(req.rawHeaders[i]!)) req.rawHeaders.splice(i, 2);
  }
}
