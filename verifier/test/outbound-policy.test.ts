import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { WebhookRow } from '../src/persistence/webhook-entities.js';
import { createMutableTrustList, startVerifier, type RunningVerifier } from './start-verifier.js';
import { decodeRequestObject, postResponse } from './test-wallet.js';

/**
 * The verifier's outbound requests under the shared policy: a callback_url whose name does
 * not resolve is refused (fail closed), and a webhook whose name resolves to a public address
 * when the request is created but to loopback when the delivery connects (DNS rebinding) is
 * never delivered there: the address connected to is the one checked.
 */
async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(testDatabaseKinds())('the verifier under the outbound policy on %s', (kind) => {
  let verifier: RunningVerifier;
  let receiver: Server;
  let receiverPort: number;
  let connections = 0;
  // The rebinding name: public for the first answer, loopback from then on.
  let rebindAnswers = 0;
  const resolve = async (hostname: string): Promise<string[]> => {
    if (hostname === 'hooks.rebind.example') return rebindAnswers++ === 0 ? ['93.184.216.34'] : ['127.0.0.1'];
    if (hostname === 'hooks.mixed.example') return ['93.184.216.34', '127.0.0.1'];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };

  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(204).end());
    receiver.on('connection', () => {
      connections++;
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    receiverPort = (receiver.address() as AddressInfo).port;
    verifier = await startVerifier(kind, {
      trustList: createMutableTrustList(),
      settings: { webhookAllowInternal: false, webhookRetryDelayMs: 50, webhookAttempts: 2 },
      // As a deployment: no internal address is fetched from (the tests' default allows them).
      outbound: { resolve, allowInternal: false },
    });
  });
  afterAll(async () => {
    await verifier?.stop();
    receiver.closeAllConnections();
    await new Promise<void>((done) => receiver.close(() => done()));
  });

  const create = (callbackUrl: string) =>
    fetch(`${verifier.url}/api/presentation-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${verifier.apiKeys.insurer}` },
      body: JSON.stringify({ template: 'unemployment_claim', callback_url: callbackUrl }),
    });

  it('refuses a callback_url whose name does not resolve, rather than counting it as outside', async () => {
    const response = await create('https://hooks.nothing-here.invalid/hook');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/hooks\.nothing-here\.invalid could not be resolved/),
    });
  });

  it('refuses a callback_url with any internal address among its answers', async () => {
    const response = await create(`http://hooks.mixed.example:${receiverPort}/hook`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(/internal/);
  });

  it('does not fetch a status list or resolve a did:web on loopback', async () => {
    const before = connections;
    await expect(
      verifier.ctx.statusLists.getStatus({
        uri: `http://127.0.0.1:${receiverPort}/statuslists/1`,
        idx: 0,
        resolveKey: async () => {
          throw new Error('no key is needed: the list is never fetched');
        },
      }),
    ).rejects.toMatchObject({ code: 'fetch_failed', cause: { reason: 'url' } });
    const resolved = await verifier.ctx.keys.agent.resolveDid({
      didUrl: `did:web:127.0.0.1%3A${receiverPort}:consumer`,
    });
    expect(resolved.didDocument).toBeNull();
    expect(resolved.didResolutionMetadata.message).toMatch(/internal address/);
    expect(connections).toBe(before);
  });

  it('does not deliver a webhook to loopback when the name rebinds after the check', async () => {
    const created = await create(`http://hooks.rebind.example:${receiverPort}/hook`);
    expect(created.status).toBe(201);
    const { id, openid4vp_url: link } = (await created.json()) as { id: string; openid4vp_url: string };
    // The wallet declines: the result is recorded and its webhook queued.
    const request = decodeRequestObject(
      await (await fetch(new URL(link).searchParams.get('request_uri')!)).text(),
    );
    expect(
      (await postResponse(request.response_uri, { error: 'access_denied', state: request.state })).status,
    ).toBe(200);
    const row = await waitFor(async () => {
      const found = (await verifier.ctx.outbox.listWebhooks()).find(
        (r: WebhookRow) => r.headers['x-presentation-request-id'] === id,
      );
      return found?.status === 'failed' ? found : undefined;
    }, 'the webhook to be given up');
    expect(row.lastError).toBe('internal_address');
    expect(rebindAnswers).toBeGreaterThan(1);
    expect(connections).toBe(0);
  });
});
