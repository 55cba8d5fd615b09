import { createLogger } from '@min-profil/shared/logger';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { flushTracing, shutdownTracing } from '@min-profil/shared/tracing/service-tracer';
import { getJson } from '../issuer/test/wallet-client.js';
import { createMutableTrustList, startVerifier } from '../verifier/test/start-verifier.js';
import { api, tokenSession } from '../wallet/test/wallet-api.js';
import { recordIncomingRequests } from './incoming-headers.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT unset, tracing is off (docs/operations.md "Traces"): no span,
 * no trace id on a log line, and trace context still neither taken in nor sent out. With the SDK
 * disabled, nothing reaches the collector even when an endpoint is named.
 */
const tolvan = '191212121212';
const outsideContext = {
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'vendor=opaque',
  baggage: `person=${tolvan}`,
};

describe.each(testDatabaseKinds())('with tracing off on %s', (kind) => {
  let world: WalletWorld;
  let incoming: ReturnType<typeof recordIncomingRequests>;
  const walletLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'])
      delete process.env[name];
    incoming = recordIncomingRequests();
    world = await startWalletWorld(kind, {
      walletLogger: createLogger(
        'wallet',
        { level: 'info' },
        {
          write: (line: string) => void walletLines.push(JSON.parse(line) as Record<string, unknown>),
        },
      ),
    });
    const session = await tokenSession(world.wallet.baseUrl, tolvan);
    const person = { headers: { ...session.headers, ...outsideContext } };
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const received = await api(world.wallet.baseUrl, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    expect(received.status).toBe(201);
    const accepted = await api(
      world.wallet.baseUrl,
      person,
      'POST',
      `/api/credential-offers/${received.body.id}/accept`,
    );
    expect(accepted.status).toBe(200);
  });
  afterAll(async () => {
    incoming?.stop();
    await world?.stop();
  });

  it('writes log lines without trace fields', () => {
    expect(walletLines.find((line) => line.msg === 'credential offer received')).toBeDefined();
    for (const line of walletLines) {
      expect(line).not.toHaveProperty('trace_id');
      expect(line).not.toHaveProperty('span_id');
    }
  });

  it('still sends no trace context on to the issuer or the eID provider', () => {
    const ports = [world.issuer.instanceUrl, world.eid.issuer].map((url) => Number(new URL(url).port));
    const between = incoming.seen.filter((r) => ports.includes(r.port));
    expect(between.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /af/token', 'POST /af/credential', 'POST /token']),
    );
    for (const request of between) {
      for (const header of Object.keys(outsideContext)) {
        expect([request.path, request.headers[header]]).toEqual([request.path, undefined]);
      }
    }
    const walletPort = Number(new URL(world.wallet.baseUrl).port);
    expect(incoming.seen.some((r) => r.port === walletPort && r.headers.traceparent)).toBe(true);
  });
});

describe('with the SDK disabled and an endpoint named', () => {
  it('exports nothing', async () => {
    const receiver = await startOtlpReceiver();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
    process.env.OTEL_SDK_DISABLED = 'true';
    const [kind] = testDatabaseKinds();
    let verifier;
    try {
      verifier = await startVerifier(kind!, { trustList: createMutableTrustList() });
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      delete process.env.OTEL_SDK_DISABLED;
    }
    try {
      for (let i = 0; i < 3; i++) expect((await getJson(`${verifier.url}/api/consumers`)).status).toBe(200);
      await flushTracing();
      await shutdownTracing();
      expect(receiver.bodies).toEqual([]);
      expect(receiver.refused).toEqual([]);
    } finally {
      await verifier.stop();
      await receiver.close();
    }
  });
});
