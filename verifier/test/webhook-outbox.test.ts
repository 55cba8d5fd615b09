import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { WebhookRow } from '../src/persistence/webhook-entities.js';
import { createMutableTrustList, startVerifier, type RunningVerifier } from './start-verifier.js';
import { decodeRequestObject, postResponse } from './test-wallet.js';

/**
 * The webhook outbox: a result is written with its webhook row, and the row is sent until the
 * consumer's system takes it — across a receiver outage, a verifier restart and two instances
 * on one database — at least once, with bounded retries, and without a body in the log.
 */

/** The consumer's system at a fixed port, which the test takes down and brings back. */
async function createReceiver() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const received: Array<{ headers: IncomingHttpHeaders; raw: string }> = [];
  let answer = 204;
  let server: Server | undefined;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answerWith(status: number) {
      answer = status;
    },
    async up() {
      server = createServer((req, res) => {
        let raw = '';
        req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        req.on('end', () => {
          received.push({ headers: req.headers, raw });
          res.writeHead(answer).end();
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async down() {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
}

/** Every line the verifier logs, at every level. */
function captureLog() {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  return { lines, logger };
}

async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(testDatabaseKinds())('webhook outbox on %s', (kind) => {
  const running: RunningVerifier[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    // The first instance of a deployment drops the database: stop it last.
    for (const verifier of running.splice(0).reverse()) await verifier.stop();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(
    options: Parameters<typeof startVerifier>[1] = { trustList: createMutableTrustList() },
  ) {
    const verifier = await startVerifier(kind, options);
    running.push(verifier);
    return verifier;
  }

  /**
   * The wallet declines a request with a callback_url: the result (and its webhook row) is
   * recorded. `secret` goes into error_description, so it is in the body and nowhere else.
   */
  async function declineRequest(verifier: RunningVerifier, callbackUrl: string, secret = 'declined') {
    const created = await fetch(`${verifier.url}/api/presentation-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${verifier.apiKeys.insurer}` },
      body: JSON.stringify({ template: 'unemployment_claim', callback_url: callbackUrl }),
    });
    expect(created.status).toBe(201);
    const { id, openid4vp_url: openid4vpUrl } = (await created.json()) as {
      id: string;
      openid4vp_url: string;
    };
    const requestUri = new URL(openid4vpUrl).searchParams.get('request_uri')!;
    const request = decodeRequestObject(await (await fetch(requestUri)).text());
    const answer = await postResponse(request.response_uri, {
      error: 'access_denied',
      error_description: secret,
      state: request.state,
    });
    expect(answer.status).toBe(200);
    return id;
  }

  const rowOf = async (verifier: RunningVerifier, requestId: string): Promise<WebhookRow | undefined> =>
    (await verifier.ctx.outbox.listWebhooks()).find(
      (row) => row.headers['x-presentation-request-id'] === requestId,
    );

  it('delivers to a receiver that was down once it is back', async () => {
    const hooks = await createReceiver();
    const verifier = await start({
      trustList: createMutableTrustList(),
      settings: { webhookRetryDelayMs: 100, webhookAttempts: 8 },
    });
    const id = await declineRequest(verifier, hooks.url);
    const failed = await waitFor(async () => {
      const row = await rowOf(verifier, id);
      return row && row.attempts >= 1 ? row : undefined;
    }, 'a failed first attempt');
    expect(failed).toMatchObject({
      status: 'pending',
      lastError: 'ECONNREFUSED',
      event: 'presentation_result',
    });

    await hooks.up();
    cleanups.push(() => hooks.down());
    await verifier.ctx.webhooks.idle();
    expect(hooks.received).toHaveLength(1);
    const [delivery] = hooks.received;
    expect(delivery.headers['x-presentation-request-id']).toBe(id);
    expect(JSON.parse(delivery.raw)).toMatchObject({ id, status: 'rejected', error: 'access_denied' });
    const signature = createHmac('sha256', verifier.apiKeys.insurer).update(delivery.raw).digest('hex');
    expect(delivery.headers['x-signature-sha256']).toBe(`sha256=${signature}`);
    // Settled rows keep no body: it carries the result's claims.
    expect(await rowOf(verifier, id)).toMatchObject({ status: 'delivered', body: null, lastError: null });
  });

  it('delivers a webhook left pending by a stopped verifier once it runs again on the same database', async () => {
    const hooks = await createReceiver();
    const trustList = createMutableTrustList();
    const settings = { webhookRetryDelayMs: 200, webhookAttempts: 8 };
    const first = await startVerifier(kind, { trustList, settings });
    cleanups.push(() => first.database.cleanup());
    const id = await declineRequest(first, hooks.url);
    await waitFor(async () => ((await rowOf(first, id))?.attempts ? true : undefined), 'a failed attempt');
    await first.stop({ keepDatabase: true });

    await hooks.up();
    cleanups.push(() => hooks.down());
    const restarted = await start({ trustList, settings, sameDeploymentAs: first });
    await restarted.ctx.webhooks.idle();
    expect(hooks.received.map((r) => r.headers['x-presentation-request-id'])).toEqual([id]);
    expect(await rowOf(restarted, id)).toMatchObject({ status: 'delivered' });
  });

  it('sends each event once when two instances share the database', async () => {
    const hooks = await createReceiver();
    await hooks.up();
    cleanups.push(() => hooks.down());
    const trustList = createMutableTrustList();
    const first = await start({ trustList });
    const second = await start({ trustList, sameDeploymentAs: first });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await declineRequest(i % 2 ? second : first, hooks.url));
    // Rows both workers find due at the same moment: only the conditional claim keeps them apart.
    const body = JSON.stringify({ note: 'queued directly' });
    for (let i = 0; i < 30; i++) {
      const requestId = `direct-${i}`;
      ids.push(requestId);
      await first.ctx.outbox.insertWebhook(
        {
          consumerId: 'insurer',
          url: hooks.url,
          urlSource: 'consumer',
          event: 'presentation_result',
          headers: { 'x-presentation-request-id': requestId },
          body,
        },
        { now: first.ctx.now(), nowMs: Date.now() },
      );
    }
    first.ctx.webhooks.kick();
    second.ctx.webhooks.kick();
    await Promise.all([first.ctx.webhooks.idle(), second.ctx.webhooks.idle()]);
    const seen = hooks.received.map((r) => r.headers['x-presentation-request-id']);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('retries a receiver answering 500 and marks the webhook failed after webhookAttempts', async () => {
    const hooks = await createReceiver();
    hooks.answerWith(500);
    await hooks.up();
    cleanups.push(() => hooks.down());
    const { lines, logger } = captureLog();
    const verifier = await start({
      trustList: createMutableTrustList(),
      settings: { webhookRetryDelayMs: 20, webhookAttempts: 3 },
      logger,
    });
    const id = await declineRequest(verifier, hooks.url);
    await verifier.ctx.webhooks.idle();
    expect(hooks.received).toHaveLength(3);
    expect(await rowOf(verifier, id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'http_500',
      body: null,
      deliveredAt: null,
    });
    const gaveUp = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'webhook gave up');
    expect(gaveUp).toEqual([expect.objectContaining({ request: id, event: 'presentation_result' })]);
  });

  it('writes no body content to any log line, whatever happens to the delivery', async () => {
    const hooks = await createReceiver();
    const { lines, logger } = captureLog();
    const verifier = await start({
      trustList: createMutableTrustList(),
      settings: { webhookRetryDelayMs: 50, webhookAttempts: 6 },
      logger,
    });
    const secret = `body-only-${randomBytes(8).toString('hex')}`;
    const id = await declineRequest(verifier, hooks.url, secret);
    await waitFor(async () => ((await rowOf(verifier, id))?.attempts ? true : undefined), 'a failed attempt');
    hooks.answerWith(503);
    await hooks.up();
    cleanups.push(() => hooks.down());
    await waitFor(async () => (hooks.received.length > 0 ? true : undefined), 'a refused attempt');
    hooks.answerWith(204);
    await verifier.ctx.webhooks.idle();
    expect(await rowOf(verifier, id)).toMatchObject({ status: 'delivered' });
    expect(hooks.received.at(-1)!.raw).toContain(secret);
    const messages = lines.map((line) => JSON.parse(line).msg as string);
    expect(messages).toEqual(expect.arrayContaining(['webhook failed', 'webhook delivered']));
    expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  });
});
