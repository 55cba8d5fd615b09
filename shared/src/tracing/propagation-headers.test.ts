import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServiceMetrics } from '../metrics/service-metrics.js';
import { createServiceApp } from '../metrics/service-app.js';
import { createOutboundFetch } from '../net/outbound-fetch.js';

const outsideContext = {
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'vendor=opaque',
  baggage: 'person=191212121212',
  b3: '4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1',
  'uber-trace-id': '4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1',
};

async function listen(server: Server): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Trace context never crosses a service's edge, with tracing off as with it on. */
describe('trace context at the edge of a service', () => {
  const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  beforeAll(() => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  });
  afterAll(() => {
    if (saved !== undefined) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
  });

  it('drops incoming trace headers before any handler sees them, parsed or raw', async () => {
    const app = createServiceApp(createServiceMetrics('test'));
    app.get('/echo', (req, res) => {
      res.json({
        headers: req.headers,
        raw: req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
      });
    });
    const server = await listen(createServer(app));
    try {
      const response = await fetch(`${server.origin}/echo`, {
        headers: { ...outsideContext, 'x-kept': 'yes' },
      });
      const body = (await response.json()) as { headers: IncomingHttpHeaders; raw: string[] };
      expect(body.headers['x-kept']).toBe('yes');
      for (const name of Object.keys(outsideContext)) {
        expect(body.headers[name]).toBeUndefined();
        expect(body.raw).not.toContain(name);
      }
    } finally {
      await server.close();
    }
  });

  it('sends none out on the outbound fetch, even one a caller put in', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = await listen(
      createServer((req, res) => {
        seen.push(req.headers);
        res.end('{}');
      }),
    );
    try {
      const fetch = createOutboundFetch({ allowHttp: true, allowInternal: true });
      const response = await fetch(`${server.origin}/x`, {
        headers: { ...outsideContext, accept: 'application/json' },
      });
      expect(response.status).toBe(200);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.accept).toBe('application/json');
      for (const name of Object.keys(outsideContext)) expect(seen[0]![name]).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
