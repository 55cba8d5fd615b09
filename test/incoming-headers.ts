import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  port: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

/**
 * Every request any HTTP server in this process receives, as it arrives: Node publishes it on
 * `http.server.request.start` before the server's own handler (and so before a service's
 * middleware could drop a header) runs.
 */
export function recordIncomingRequests(): { seen: SeenRequest[]; stop(): void } {
  const seen: SeenRequest[] = [];
  const listener = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    seen.push({
      port: (server.address() as AddressInfo).port,
      method: request.method ?? '',
      path: (request.url ?? '').split('?')[0]!,
      headers: { ...request.headers },
    });
  };
  subscribe('http.server.request.start', listener);
  return { seen, stop: () => void unsubscribe('http.server.request.start', listener) };
}
