import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@min-profil/shared/logger';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { flushTracing, shutdownTracing } from '@min-profil/shared/tracing/service-tracer';
import { getJson } from '../issuer/test/wallet-client.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { recordIncomingRequests, type SeenRequest } from './incoming-headers.js';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

/**
 * OpenTelemetry traces (docs/operations.md "Traces") on the real services: the eID provider,
 * the issuer, the wallet and the verifier export to a real OTLP/HTTP receiver while a person
 * signs in, receives a credential and presents it. Each service's traces are its own: an
 * incoming `traceparent` is never continued, none is sent to another service, and no trace id
 * is shared between two services. The wallet's log lines carry the trace id of their request.
 */
const tolvan = '191212121212';
// What a caller from outside sends along (a browser extension, a proxy, another body's service).
const outsideTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const outsideSpanId = '00f067aa0ba902b7';
const outsideContext = {
  traceparent: `00-${outsideTraceId}-${outsideSpanId}-01`,
  tracestate: 'vendor=opaque',
  baggage: `person=${tolvan}`,
};
const propagation = ['traceparent', 'tracestate', 'baggage'];
const SERVER = 2;
const CLIENT = 3;

async function waitFor(what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await flushTracing();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testDatabaseKinds())(
  'OpenTelemetry traces across a sign-in, an issuance and a presentation on %s',
  (kind) => {
    let receiver: OtlpReceiver;
    let incoming: ReturnType<typeof recordIncomingRequests>;
    let world: WalletWorld;
    let verifier: RunningVerifier;
    let person: WalletSession;
    const walletLines: Record<string, unknown>[] = [];
    // The insurer's own back end (another organisation), which takes the verifier's webhook.
    const webhooks: IncomingHttpHeaders[] = [];
    let insurerBackEnd: Server;
    const ports: Record<string, number> = {};
    const dbSystem = kind === 'postgres' ? 'postgresql' : 'sqlite';

    const spansOf = (service: string) => receiver.spans.filter((s) => s.service === service);
    const serverSpan = (service: string, name: string) =>
      spansOf(service).find((s) => s.kind === SERVER && s.name === name);
    const requestsTo = (service: string): SeenRequest[] =>
      incoming.seen.filter((r) => r.port === ports[service]);

    beforeAll(async () => {
      receiver = await startOtlpReceiver();
      incoming = recordIncomingRequests();
      insurerBackEnd = createServer((req, res) => {
        webhooks.push(req.headers);
        req.resume().on('end', () => res.writeHead(204).end());
      });
      await new Promise<void>((resolve) => insurerBackEnd.listen(0, '127.0.0.1', resolve));
      ports.insurer = (insurerBackEnd.address() as AddressInfo).port;
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
      try {
        world = await startWalletWorld(kind, {
          walletLogger: createLogger(
            'wallet',
            { level: 'info' },
            {
              write: (line: string) => void walletLines.push(JSON.parse(line) as Record<string, unknown>),
            },
          ),
        });
        const source = createMutableTrustList();
        verifier = await startVerifier(kind, { trustList: source });
        verifier.ctx.settings.issuerBaseUrl = world.issuer.baseUrl;
        const consumers = (await getJson(`${verifier.url}/api/consumers`)).body.consumers;
        const list = buildTrustList({
          operator: 'test operator',
          issuers: [await fetchTrustedIssuer({ id: 'af', credentialIssuer: `${world.issuer.baseUrl}/af` })],
          consumers,
          registrations: demoRegistrations.filter((r) => r.consumerId === 'insurer'),
        });
        source.set(list);
        Object.assign(world.trustList, list);
      } finally {
        delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      }
      for (const [service, url] of Object.entries({
        wallet: world.wallet.baseUrl,
        issuer: world.issuer.instanceUrl,
        eid: world.eid.issuer,
        verifier: verifier.url,
      })) {
        ports[service] = Number(new URL(url).port);
      }

      // The person signs in with eID, receives a credential and shares it with the insurer, every
      // call to the wallet carrying trace context from outside.
      const session = await tokenSession(world.wallet.baseUrl, tolvan);
      person = { headers: { ...session.headers, ...outsideContext } };
      const wallet = world.wallet.baseUrl;
      const offer = await world.offer('af', tolvan, ['registration_certificate']);
      const received = await api(wallet, person, 'POST', '/api/credential-offers', {
        offer: offer.offer_link,
        tx_code: offer.tx_code,
      });
      expect(received.status).toBe(201);
      const accepted = await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
      expect(accepted.status).toBe(200);
      const created = await createPresentationRequest(verifier, 'insurer', {
        template: 'unemployment_claim',
        callback_url: `http://127.0.0.1:${ports.insurer}/webhooks`,
      });
      const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
        request: created.body.openid4vp_url,
      });
      const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
        decision: 'approve',
      });
      expect(sent.body.delivered).toBe(true);
      expect((await readPresentationResult(verifier, 'insurer', created.body.id)).body.status).toBe(
        'verified',
      );
      await verifier.ctx.webhooks.idle();

      await waitFor('the spans of every service', () =>
        [
          serverSpan('eid', 'GET /interaction/:uid'),
          serverSpan('issuer', 'POST /:holder/credential'),
          serverSpan('wallet', 'POST /api/presentation-requests/:id/response'),
          serverSpan('verifier', 'POST /openid4vp/responses/:id'),
          spansOf('verifier').find((s) => s.name === 'outbox webhook'),
        ].every(Boolean),
      );
    });
    afterAll(async () => {
      incoming?.stop();
      await verifier?.stop();
      await world?.stop();
      await shutdownTracing();
      await receiver?.close();
      insurerBackEnd?.closeAllConnections();
      await new Promise<void>((resolve) => insurerBackEnd?.close(() => resolve()));
    });

    it('exports a server span per route, under each service name, with no URL, query or personal data', () => {
      for (const [service, name] of [
        ['issuer', 'POST /:holder/token'],
        ['issuer', 'POST /:holder/credential'],
        ['issuer', 'GET /:holder/status-lists/:id'],
        ['wallet', 'POST /api/credential-offers'],
        ['wallet', 'POST /api/credential-offers/:id/accept'],
        ['wallet', 'POST /api/presentation-requests'],
        ['verifier', 'POST /api/presentation-requests'],
        ['verifier', 'POST /openid4vp/responses/:id'],
      ] as const) {
        const span = serverSpan(service, name);
        expect({ service, name, found: Boolean(span) }).toEqual({ service, name, found: true });
        expect(span!.attributes['http.route']).toBe(name.split(' ')[1]);
        expect(span!.attributes['http.response.status_code']).toBeGreaterThanOrEqual(200);
      }
      expect(receiver.refused).toEqual([]);
      const exported = receiver.bodies.join('\n');
      expect(exported).not.toContain(tolvan);
      expect(exported).not.toContain('Tolvansson');
      expect(exported).not.toContain('tx_code');
      expect(exported).not.toMatch(/"url\.(full|path|query)"/);
    });

    it(`traces database queries on ${kind} and outbound requests as children of the request`, () => {
      for (const service of ['issuer', 'wallet', 'verifier', 'eid']) {
        const spans = spansOf(service);
        const byId = new Map(spans.map((s) => [s.spanId, s]));
        const queries = spans.filter((s) => s.attributes['db.system.name'] === dbSystem);
        expect({ service, queries: queries.length > 0 }).toEqual({ service, queries: true });
        for (const query of queries) {
          expect(query.kind).toBe(CLIENT);
          expect(byId.get(query.parentSpanId!)?.traceId).toBe(query.traceId);
          expect(JSON.stringify(query.attributes)).not.toMatch(/select .* from|\$1|\?/i);
        }
      }
      const credentialQuery = spansOf('issuer').find(
        (s) => s.attributes['db.system.name'] === dbSystem && s.attributes['db.operation.name'] === 'INSERT',
      );
      expect(credentialQuery?.attributes['db.collection.name']).toEqual(expect.any(String));
      // The wallet's calls to the issuer and the verifier: client spans in the wallet's own traces.
      const walletServers = new Set(
        spansOf('wallet')
          .filter((s) => s.kind === SERVER)
          .map((s) => s.traceId),
      );
      const outbound = spansOf('wallet').filter(
        (s) => s.kind === CLIENT && s.attributes['http.request.method'],
      );
      expect(outbound.map((s) => s.attributes['server.port'])).toEqual(
        expect.arrayContaining([ports.issuer, ports.verifier, ports.eid]),
      );
      for (const span of outbound) {
        expect(walletServers.has(span.traceId)).toBe(true);
        expect(span.attributes['http.response.status_code']).toEqual(expect.any(Number));
      }
    });

    it('starts a new trace for every request: trace context from outside is never continued', () => {
      expect(receiver.spans.filter((s) => s.traceId === outsideTraceId)).toEqual([]);
      expect(receiver.spans.filter((s) => s.parentSpanId === outsideSpanId)).toEqual([]);
      const servers = receiver.spans.filter((s) => s.kind === SERVER);
      expect(servers.length).toBeGreaterThan(20);
      for (const span of servers) expect(span.parentSpanId).toBeUndefined();
      // The outside context did reach the wallet (so the recording below could see one).
      const toWallet = requestsTo('wallet').filter((r) => r.path.startsWith('/api/presentation-requests'));
      expect(toWallet.length).toBeGreaterThan(0);
      for (const request of toWallet) expect(request.headers.traceparent).toBe(outsideContext.traceparent);
    });

    it('sends no trace context to another service, and no trace is shared between two services', () => {
      const between = ['issuer', 'verifier', 'eid'].flatMap(requestsTo);
      const paths = between.map((r) => `${r.method} ${r.path}`);
      // The wallet's requests to the issuer and the verifier, and the verifier's to the issuer.
      expect(paths).toEqual(
        expect.arrayContaining([
          'POST /af/token',
          'POST /af/credential',
          expect.stringMatching(/^GET \/openid4vp\/requests\//),
          expect.stringMatching(/^POST \/openid4vp\/responses\//),
          expect.stringMatching(/^GET \/af\/status-lists\//),
        ]),
      );
      for (const request of between) {
        for (const header of propagation)
          expect([request.path, request.headers[header]]).toEqual([request.path, undefined]);
      }
      const traces = (service: string) => new Set(spansOf(service).map((s) => s.traceId));
      const services = ['eid', 'issuer', 'wallet', 'verifier'];
      for (const a of services) {
        for (const b of services.filter((s) => s > a)) {
          const shared = [...traces(a)].filter((id) => traces(b).has(id));
          expect({ a, b, shared }).toEqual({ a, b, shared: [] });
        }
      }
    });

    it("traces the verifier's webhook to the insurer as a trace of its own, and sends it no trace context", () => {
      expect(webhooks).toHaveLength(1);
      for (const header of propagation) expect(webhooks[0]![header]).toBeUndefined();
      const attempt = spansOf('verifier').find((s) => s.name === 'outbox webhook')!;
      expect(attempt.parentSpanId).toBeUndefined();
      expect(attempt.attributes).toMatchObject({ 'outbox.name': 'webhook', 'outbox.outcome': 'delivered' });
      const inside = spansOf('verifier').filter((s) => s.traceId === attempt.traceId && s !== attempt);
      expect(
        inside.find((s) => s.kind === CLIENT && s.attributes['server.port'] === ports.insurer),
      ).toMatchObject({
        parentSpanId: attempt.spanId,
        attributes: { 'http.request.method': 'POST', 'http.response.status_code': 204 },
      });
      expect(inside.some((s) => s.attributes['db.system.name'] === dbSystem)).toBe(true);
      // Not part of the request that queued it.
      expect(spansOf('verifier').filter((s) => s.kind === SERVER && s.traceId === attempt.traceId)).toEqual(
        [],
      );
    });

    it("writes the request's trace and span id on each log line the wallet writes during it, and no personal number", () => {
      const received = walletLines.find((line) => line.msg === 'credential offer received');
      expect(received).toBeDefined();
      const span = serverSpan('wallet', 'POST /api/credential-offers')!;
      expect(received).toMatchObject({ trace_id: span.traceId, span_id: span.spanId, trace_flags: '01' });
      expect(received!.trace_id).not.toBe(outsideTraceId);
      const walletTraces = new Set(spansOf('wallet').map((s) => s.traceId));
      for (const line of walletLines.filter((l) => l.trace_id)) {
        expect(walletTraces.has(line.trace_id as string)).toBe(true);
      }
      expect(JSON.stringify(walletLines)).not.toContain(tolvan);
    });
  },
);
