import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactVerify, importJWK } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { createMutableTrustList, startVerifier, type RunningVerifier } from './start-verifier.js';

/**
 * The case-event outbox against a stand-in case inbox (docs/cases.md "Delivery"): events of one
 * case go out one at a time in order, a failing delivery is retried and holds back the ones
 * after it, each arrives signed with the consumer's key, and a 410 from the inbox stops the case.
 */
async function createInbox() {
  const received: Array<{ seq: number; id: string; type: string }> = [];
  /** Per event seq, the answers (a status, or a status with an error code) to give before 200. */
  const failures = new Map<number, Array<number | [number, string]>>();
  /** While set, the inbox answers nothing until it resolves. */
  let gate: Promise<void> | undefined;
  let attempts = 0;
  let stopped = false;
  /** Webhooks to the consumer's system (its callback_url, `/hook` here). */
  const hooks: Array<{ event: string; caseId: string | undefined; body: any }> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', async () => {
      if (req.url === '/hook') {
        hooks.push({
          event: String(req.headers['x-webhook-event']),
          caseId: req.headers['x-case-id'] as string | undefined,
          body: JSON.parse(raw),
        });
        return res.writeHead(200).end();
      }
      await gate;
      attempts += 1;
      const { event } = JSON.parse(raw) as { event: string };
      const claims = JSON.parse(Buffer.from(event.split('.')[1], 'base64url').toString()) as any;
      const queued = failures.get(claims.seq);
      if (stopped)
        return res.writeHead(410, { 'content-type': 'application/json' }).end('{"error":"case_stopped"}');
      if (queued?.length) {
        const answer = queued.shift()!;
        if (typeof answer === 'number') return res.writeHead(answer).end();
        return res
          .writeHead(answer[0], { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: answer[1] }));
      }
      received.push({ seq: claims.seq, id: claims.event_id, type: claims.type, jws: event } as any);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"applied"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/case-inbox/${randomBytes(32).toString('base64url')}`,
    hookUrl: `${base}/hook`,
    hooks,
    received,
    failures,
    attempts: () => attempts,
    hold() {
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = undefined;
        open();
      };
    },
    stop: () => {
      stopped = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(testDatabaseKinds())('case events to a case inbox on %s', (kind) => {
  let verifier: RunningVerifier;
  let inbox: Awaited<ReturnType<typeof createInbox>>;

  const post = async (caseId: string, body: unknown) => {
    const response = await fetch(`${verifier.url}/api/cases/${caseId}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${verifier.apiKeys.insurer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  /** A case the person opened (as the response endpoint records it), with the stand-in inbox. */
  async function openCase(
    presentationRequestId: string = randomUUID(),
  ): Promise<{ id: string; walletCaseId: string }> {
    const id = randomUUID();
    const now = verifier.ctx.now();
    await verifier.ctx.cases.insertCase({
      id,
      consumerId: 'insurer',
      presentationRequestId,
      title: 'Ersättningsärende 1',
      reference: '1',
      eventsEndpointHint: null,
      status: 'asked',
      walletCaseId: null,
      inbox: null,
      nextSeq: 1,
      createdAt: now,
      updatedAt: now,
    });
    const walletCaseId = randomBytes(32).toString('base64url');
    expect(await verifier.ctx.cases.markOpened(id, 'insurer', walletCaseId, inbox.url, now)).toBe(true);
    return { id, walletCaseId };
  }

  beforeAll(async () => {
    inbox = await createInbox();
    verifier = await startVerifier(kind, {
      trustList: createMutableTrustList(),
      settings: { webhookRetryDelayMs: 50, webhookRetryCapMs: 200, webhookPollMs: 50 },
    });
  });
  afterAll(async () => {
    await verifier?.stop();
    await inbox?.close();
  });

  it('retries a failing event, holding back the ones after it, and delivers each once in order', async () => {
    const { id, walletCaseId } = await openCase();
    inbox.failures.set(1, [503, 500]);
    for (const type of ['received', 'in_progress', 'closed']) {
      expect((await post(id, { type })).status).toBe(201);
    }
    await waitFor(async () => (inbox.received.length === 3 ? true : undefined), 'three events');
    expect(inbox.received.map((e) => [e.seq, e.type])).toEqual([
      [1, 'received'],
      [2, 'in_progress'],
      [3, 'closed'],
    ]);
    await verifier.ctx.caseEvents.idle();
    // Two failures and three deliveries: nothing after the failing event was sent meanwhile.
    expect(inbox.attempts()).toBe(5);
    const response = await fetch(`${verifier.url}/api/cases/${id}`, {
      headers: { authorization: `Bearer ${verifier.apiKeys.insurer}` },
    });
    const described = ((await response.json()) as { events: any[] }).events;
    expect(described.map((e) => e.delivery.attempts)).toEqual([3, 1, 1]);
    // Signed with the consumer's request-signing key, for the wallet's case id.
    const key = await importJWK(verifier.ctx.consumers.get('insurer')!.keys.signingJwk, 'ES256');
    for (const event of inbox.received as any[]) {
      const { payload, protectedHeader } = await compactVerify(event.jws, key);
      expect(protectedHeader.typ).toBe('case-event+jwt');
      expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
        case_id: walletCaseId,
        seq: event.seq,
      });
    }
    // A closed case takes nothing more.
    expect((await post(id, { type: 'received' })).body.error).toBe('case_closed');
  });

  /** Three events queued while the inbox holds the first one's answer. */
  async function queueThree(id: string) {
    const release = inbox.hold();
    for (const type of ['received', 'in_progress', 'closed']) {
      expect((await post(id, { type })).status).toBe(201);
    }
    release();
    await verifier.ctx.caseEvents.idle();
  }

  it('an event the wallet refuses for good ends the case: the later ones are not retried forever', async () => {
    // A request with a callback_url, so the consumer's system is told.
    const request = await fetch(`${verifier.url}/api/presentation-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${verifier.apiKeys.insurer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'unemployment_claim', callback_url: inbox.hookUrl }),
    });
    expect(request.status).toBe(201);
    const { id } = await openCase(((await request.json()) as { id: string }).id);
    const before = inbox.attempts();
    const delivered = inbox.received.length;
    inbox.failures.set(1, [[400, 'invalid_case_event']]);
    await queueThree(id);
    // One attempt in all: the refused event is not retried, the two after it are never sent.
    expect(inbox.attempts() - before).toBe(1);
    expect(inbox.received.length).toBe(delivered);
    const events = await verifier.ctx.cases.listEvents(id);
    expect(events.map((e) => [e.seq, e.status, e.lastError])).toEqual([
      [1, 'failed', 'http_400'],
      [2, 'failed', 'earlier_event_refused'],
      [3, 'failed', 'earlier_event_refused'],
    ]);
    expect((await verifier.ctx.cases.findCase(id))?.status).toBe('undeliverable');
    const refused = await post(id, { type: 'received' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'case_undeliverable' } });
    expect((await verifier.ctx.cases.listEvents(id)).length).toBe(3);
    await verifier.ctx.webhooks.idle();
    const told = inbox.hooks.filter((h) => h.caseId === id);
    expect(told.map((h) => [h.event, h.body.event, h.body.case.status])).toEqual([
      ['case.undeliverable', 'case.undeliverable', 'undeliverable'],
    ]);
    inbox.failures.delete(1);
  });

  it('a 409 case_closed from the wallet is final too, while a 409 out of order is retried', async () => {
    const { id } = await openCase();
    const delivered = inbox.received.length;
    inbox.failures.set(1, [
      [409, 'case_event_out_of_order'],
      [409, 'case_closed'],
    ]);
    await queueThree(id);
    const events = await verifier.ctx.cases.listEvents(id);
    expect(events.map((e) => [e.seq, e.status, e.attempts])).toEqual([
      [1, 'failed', 2],
      [2, 'failed', 0],
      [3, 'failed', 0],
    ]);
    expect(events[0].lastError).toBe('http_409_case_closed');
    expect(inbox.received.length).toBe(delivered);
    expect((await verifier.ctx.cases.findCase(id))?.status).toBe('undeliverable');
    inbox.failures.delete(1);
  });

  it('a 410 from the inbox stops the case: the consumer can post nothing more', async () => {
    const { id } = await openCase();
    inbox.stop();
    expect((await post(id, { type: 'received' })).status).toBe(201);
    await waitFor(
      async () => ((await verifier.ctx.cases.findCase(id))?.status === 'stopped' ? true : undefined),
      'stopped',
    );
    const refused = await post(id, { type: 'in_progress' });
    expect(refused).toMatchObject({ status: 410, body: { error: 'case_stopped' } });
  });

  it('refuses a malformed event, another consumer’s case, and an oversized document', async () => {
    const { id } = await openCase();
    expect((await post(id, { type: 'nonsense' })).status).toBe(400);
    expect((await post(id, { type: 'decision' })).status).toBe(400);
    const other = await fetch(`${verifier.url}/api/cases/${id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${verifier.apiKeys.university}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'received' }),
    });
    expect(other.status).toBe(404);
    const big = await post(id, {
      type: 'decision',
      title: 'Beslut',
      document: {
        media_type: 'application/pdf',
        title: 'Stort',
        content_base64: Buffer.alloc(400 * 1024, 1).toString('base64'),
      },
    });
    expect(big.status).toBeGreaterThanOrEqual(400);
    expect(big.status).toBeLessThan(500);
    expect((await verifier.ctx.cases.listEvents(id)).length).toBe(0);
  });
});
