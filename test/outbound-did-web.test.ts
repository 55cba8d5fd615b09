import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import { createStaticTrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import { openDirectSession } from '../wallet/test/direct-session.js';
import { startWallet, type RunningWallet } from '../wallet/test/start-wallet.js';
import { api } from '../wallet/test/wallet-api.js';

/**
 * One outbound policy for every request the wallet makes: a request object whose client_id is
 * `decentralized_identifier:did:web:<loopback>` must not make the wallet resolve that DID on
 * loopback, just as a `request_uri` there is refused. The wallet runs as in the tests and the
 * demo (plain http), with only the request's own server listed as an allowed origin.
 */
describe.each(testDatabaseKinds())('did:web resolution under the outbound policy on %s', (kind) => {
  let wallet: RunningWallet;
  let requestServer: Server;
  let requestOrigin: string;
  let requestsServed = 0;
  const requestObjects = new Map<string, string>();
  // Stands where the DID points: counts every TCP connection, answers none.
  const didHost = createTcpServer((socket) => socket.destroy());
  let didConnections = 0;
  let didPort: number;

  beforeAll(async () => {
    didHost.on('connection', () => {
      didConnections++;
    });
    await new Promise<void>((resolve) => didHost.listen(0, '127.0.0.1', resolve));
    didPort = (didHost.address() as AddressInfo).port;
    requestServer = createHttpServer((req, res) => {
      const jwt = requestObjects.get(req.url ?? '');
      if (!jwt) return void res.writeHead(404).end();
      requestsServed++;
      res.writeHead(200, { 'content-type': 'application/oauth-authz-req+jwt' }).end(jwt);
    });
    await new Promise<void>((resolve) => requestServer.listen(0, '127.0.0.1', resolve));
    requestOrigin = `http://127.0.0.1:${(requestServer.address() as AddressInfo).port}`;
    wallet = await startWallet(kind, {
      trustList: createStaticTrustListSource(
        buildTrustList({ operator: 'test operator', issuers: [], consumers: [], registrations: [] }),
      ),
      outbound: { allowedOrigins: [requestOrigin] },
    });
  });
  afterAll(async () => {
    await wallet?.stop();
    requestServer.closeAllConnections();
    await new Promise<void>((resolve) => requestServer.close(() => resolve()));
    await new Promise<void>((resolve) => didHost.close(() => resolve()));
  });

  /** A request object signed "by" a did:web on the loopback server, by reference from the listed one. */
  async function linkFor(did: string, requestUriOrigin = requestOrigin): Promise<string> {
    const { privateKey } = await generateKeyPair('ES256');
    const clientId = `decentralized_identifier:${did}`;
    const jwt = await new SignJWT({
      client_id: clientId,
      response_type: 'vp_token',
      response_mode: 'direct_post',
      response_uri: `${requestOrigin}/response`,
      nonce: randomUUID(),
      state: randomUUID(),
      dcql_query: { credentials: [{ id: 'q', format: 'dc+sd-jwt', meta: { vct_values: ['urn:x'] } }] },
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', kid: `${did}#key-1` })
      .setIssuedAt()
      .sign(privateKey);
    const path = `/request/${randomUUID()}`;
    requestObjects.set(path, jwt);
    return `openid4vp://?${new URLSearchParams({ client_id: clientId, request_uri: `${requestUriOrigin}${path}` })}`;
  }

  it('does not connect to loopback to resolve a did:web client_id', async () => {
    const session = await openDirectSession(wallet.ctx, `test-${randomUUID()}`);
    const did = `did:web:127.0.0.1%3A${didPort}:consumer`;
    const shown = await api(wallet.baseUrl, session, 'POST', '/api/presentation-requests', {
      request: await linkFor(did),
    });
    // The request object was fetched (its origin is listed), so the wallet got to the DID ...
    expect(requestsServed).toBeGreaterThan(0);
    // ... and refused it without a connection to where the DID points.
    expect(shown.status).toBe(400);
    expect(shown.body.error).toBe('invalid_request');
    expect(shown.body.error_description).toMatch(/signature does not verify/);
    expect(didConnections).toBe(0);
  });

  it('refuses a request_uri at the same place', async () => {
    const session = await openDirectSession(wallet.ctx, `test-${randomUUID()}`);
    const did = `did:web:127.0.0.1%3A${didPort}:consumer`;
    const shown = await api(wallet.baseUrl, session, 'POST', '/api/presentation-requests', {
      request: await linkFor(did, `http://127.0.0.1:${didPort}`),
    });
    expect(shown.status).toBe(400);
    expect(shown.body.error_description).toMatch(/internal address/);
    expect(didConnections).toBe(0);
  });
});
