import { fetch as undiciFetch, type Agent } from 'undici';
import { createOutboundDispatcher } from './outbound-dispatcher.js';
import { checkOutboundUrl, OutboundRefused, outboundPolicy, type OutboundPolicy } from './outbound-policy.js';
import { BodyTooLarge, readCappedBody } from './read-capped-body.js';
import { isPropagationHeader } from '../tracing/propagation-headers.js';
import { traceOutbound } from '../tracing/trace-outbound.js';

export type OutboundFetch = typeof globalThis.fetch;

/** Thrown for a refused URL or address, a timeout, a size or a network failure. */
export class FetchFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'url' | 'timeout' | 'too_large' | 'network',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FetchFailure';
  }
}

export interface OutboundFetchOptions extends Partial<OutboundPolicy> {
  /** Per request, redirects included; default 10 s. */
  timeoutMs?: number;
  /** Largest body read; default 8 MiB (a large status list). */
  maxBytes?: number;
  /** Redirects followed, each hop checked like the first; 0: a 3xx is handed back as it is. */
  maxRedirects?: number;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** The parts of a request that go on to the next hop, taken from either fetch argument. */
async function requestParts(input: Parameters<OutboundFetch>[0], init: RequestInit | undefined) {
  if (typeof input === 'string' || input instanceof URL) {
    return { href: String(input), method: init?.method ?? 'GET', headers: init?.headers, body: init?.body };
  }
  const body = ['GET', 'HEAD'].includes(input.method) ? undefined : await input.arrayBuffer();
  return {
    href: input.url,
    method: init?.method ?? input.method,
    headers: init?.headers ?? input.headers,
    body: init?.body ?? body,
  };
}

/** One failure type for callers; the cause kept is the one with a system error code (ECONNREFUSED). */
function failureFrom(error: unknown, origin: string, timedOut: boolean): FetchFailure {
  let coded: unknown;
  // Duck-typed: socket errors may come from another realm (instanceof Error fails there).
  for (
    let cause = error, depth = 0;
    typeof cause === 'object' && cause !== null && depth < 6;
    cause = (cause as { cause?: unknown }).cause, depth++
  ) {
    if (cause instanceof OutboundRefused) {
      return new FetchFailure(cause.message, cause.unresolved ? 'network' : 'url', { cause });
    }
    if (coded === undefined && typeof (cause as { code?: unknown }).code === 'string') coded = cause;
  }
  if (timedOut) return new FetchFailure(`${origin} did not answer in time`, 'timeout', { cause: error });
  return new FetchFailure(`${origin} could not be reached`, 'network', { cause: coded ?? error });
}

/**
 * `fetch` under the service's outbound policy (`OutboundPolicy`): the URL rules before each
 * hop, and the address rules where the socket connects (an undici dispatcher with a checking
 * `lookup`; Node's global fetch would resolve the name again on its own). Bodies are read
 * into memory up to `maxBytes` and handed back as a standard `Response`.
 */
export function createOutboundFetch(options: OutboundFetchOptions = {}): OutboundFetch {
  const policy = outboundPolicy(options);
  const guarded = createOutboundDispatcher(policy);
  // Listed origins (the system's own services) connect wherever they are.
  const listed = createOutboundDispatcher({ ...policy, allowInternal: true });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;

  return async (input, init) => {
    const first = await requestParts(input, init);
    return traceOutbound(first.method, first.href, () => send(first, init));
  };

  async function send(first: Awaited<ReturnType<typeof requestParts>>, init: RequestInit | undefined) {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const mode = init?.redirect ?? 'follow';
    let { href, method, body } = first;
    // No trace context leaves the service, even one a caller put in (docs/operations.md "Traces").
    const headers = Array.from(
      new Headers(first.headers as ConstructorParameters<typeof Headers>[0]).entries(),
    ).filter(([name]) => !isPropagationHeader(name));
    for (let hop = 0; ; hop++) {
      let checked;
      try {
        checked = checkOutboundUrl(policy, href);
      } catch (error) {
        throw failureFrom(error, href, false);
      }
      const { url } = checked;
      const dispatcher: Agent = checked.listed ? listed : guarded;
      let response;
      try {
        response = await undiciFetch(url, {
          method,
          headers,
          body: body as never,
          redirect: 'manual',
          signal,
          dispatcher,
        });
      } catch (error) {
        throw failureFrom(error, url.origin, timeout.aborted);
      }
      const location = response.headers.get('location');
      if (redirectStatuses.has(response.status) && location && mode !== 'manual' && maxRedirects > 0) {
        await response.body?.cancel();
        if (mode === 'error') throw new FetchFailure(`${url.origin} answered with a redirect`, 'network');
        if (hop >= maxRedirects) throw new FetchFailure(`${url.origin} redirected too often`, 'network');
        href = new URL(location, url).href;
        // RFC 9110 §15.4: after 303 (and, by custom, 301/302 for POST) the next request is a GET.
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const bytes = await readBounded(response, url.origin, maxBytes, timeout);
      const nullBody = [101, 204, 205, 304].includes(response.status);
      const copy = new Response(nullBody ? null : bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: Array.from(response.headers.entries()),
      });
      Object.defineProperty(copy, 'url', { value: url.href });
      Object.defineProperty(copy, 'redirected', { value: hop > 0 });
      return copy;
    }
  }
}

async function readBounded(
  response: Awaited<ReturnType<typeof undiciFetch>>,
  origin: string,
  maxBytes: number,
  timeout: AbortSignal,
): Promise<Buffer> {
  try {
    return await readCappedBody(response, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      throw new FetchFailure(`the answer from ${origin} is too large`, 'too_large');
    if (timeout.aborted) throw new FetchFailure(`${origin} did not answer in time`, 'timeout');
    throw new FetchFailure(`${origin} broke off its answer`, 'network');
  }
}
