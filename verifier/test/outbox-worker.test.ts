import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '@min-profil/shared/db';
import type { OutboxMetrics } from '@min-profil/shared/outbox/outbox-port';
import { createTestDatabase, testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { VerifierSettings } from '../src/context.js';
import { verifierEntities } from '../src/persistence/entities.js';
import { verifierMigrations } from '../src/persistence/migrations/index.js';
import type { WebhookRow } from '../src/persistence/webhook-entities.js';
import { createWebhookStore } from '../src/persistence/webhook-store.js';
import { createWebhookOutbox } from '../src/webhook/webhook-outbox.js';
import {
  createMutableTrustList,
  startVerifier,
  testApiKeys,
  type RunningVerifier,
} from './start-verifier.js';

/**
 * The shared outbox worker (shared/src/outbox) as the verifier's webhook outbox runs it, on a
 * real database and against a real receiver on 127.0.0.1, with time moved through the
 * context's clock: per-key order, a dead worker's lease taken over, a final refusal, and a
 * receiver's Retry-After.
 */

type Answer = number | { status: number; headers: Record<string, string> };

/** The consumer's system: records what arrives (by a name header) and answers as scripted. */
async function startReceiver() {
  const arrivals: string[] = [];
  const scripts = new Map<string, Answer[]>();
  /** Requests are held until this many are in flight at once (0: answered at once). */
  let holdUntilInFlight = 0;
  const held: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  /** A request held until the test lets it go (a receiver that hangs). */
  let hang: ((res: ServerResponse) => void) | undefined;
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const name = String(req.headers['x-test-name']);
      arrivals.push(name);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const answer = () => {
        inFlight--;
        const next = scripts.get(name)?.shift() ?? 204;
        if (typeof next === 'number') res.writeHead(next).end();
        else res.writeHead(next.status, next.headers).end();
      };
      if (hang) {
        hang(res);
        hanging.push(res);
        return;
      }
      if (holdUntilInFlight > 0) {
        held.push(answer);
        if (inFlight >= holdUntilInFlight) for (const release of held.splice(0)) release();
        return;
      }
      answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    script: (name: string, ...answers: Answer[]) => scripts.set(name, answers),
    holdUntil: (count: number) => {
      holdUntilInFlight = count;
    },
    maxInFlight: () => maxInFlight,
    hangNext: () => {
      hang = () => {
        hang = undefined;
      };
    },
    releaseHanging: () => {
      for (const res of hanging.splice(0)) res.writeHead(204).end();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(testDatabaseKinds())('the outbox worker on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(settings: Partial<VerifierSettings>, outboxMetrics?: OutboxMetrics) {
    // A clock only the test moves, and no polling: the tests run the worker (ctx.webhooks.runOnce) after moving the clock.
    const verifier = await startVerifier(kind, {
      trustList: createMutableTrustList(),
      settings: { webhookPollMs: 0, webhookAttempts: 10, ...settings },
      outboxMetrics,
      frozenClock: true,
    });
    cleanups.push(() => verifier.stop());
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    return { verifier, receiver };
  }

  /** A row as the services queue them, named for the receiver's record. */
  const queue = (verifier: RunningVerifier, url: string, name: string, orderingKey?: string) =>
    verifier.ctx.outbox.insertWebhook(
      {
        consumerId: 'insurer',
        url,
        urlSource: 'consumer',
        event: 'standing_permission.updated',
        headers: { 'x-test-name': name },
        body: JSON.stringify({ name }),
        orderingKey,
      },
      { now: verifier.ctx.now(), nowMs: verifier.ctx.clock() },
    );

  const rowNamed = async (verifier: RunningVerifier, name: string): Promise<WebhookRow> =>
    (await verifier.ctx.outbox.listWebhooks()).find((row) => row.headers['x-test-name'] === name)!;

  it('delivers the rows of one key one at a time in order, even when the first needs retries, and other keys alongside', async () => {
    const outcomes: string[] = [];
    const { verifier, receiver } = await start(
      { webhookRetryDelayMs: 60_000, webhookRetryCapMs: 600_000 },
      { attempted: (event) => void outcomes.push(event.outcome) },
    );
    for (const name of ['a1', 'a2', 'a3']) await queue(verifier, receiver.url, name, 'standing_permission:a');
    for (const name of ['b1', 'b2']) await queue(verifier, receiver.url, name, 'standing_permission:b');
    receiver.script('a1', 500, 503);

    // The heads of both keys go out together: the receiver answers once both are in flight.
    receiver.holdUntil(2);
    expect(await verifier.ctx.webhooks.runOnce()).toBe(2);
    expect([...receiver.arrivals].sort()).toEqual(['a1', 'b1']);
    expect(receiver.maxInFlight()).toBe(2);
    receiver.holdUntil(0);

    // b moves on; a waits for its first row's retry.
    expect(await verifier.ctx.webhooks.runOnce()).toBe(1);
    expect(receiver.arrivals.slice(2)).toEqual(['b2']);
    expect(await verifier.ctx.webhooks.runOnce()).toBe(0);
    expect(await rowNamed(verifier, 'a1')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'http_500',
    });

    // The first retry comes within the first delay (60 s, half of it jitter), the second within twice that.
    verifier.advanceClock(60);
    expect(await verifier.ctx.webhooks.runOnce()).toBe(1);
    expect(await rowNamed(verifier, 'a2')).toMatchObject({ status: 'pending', attempts: 0 });
    verifier.advanceClock(120);
    await verifier.ctx.webhooks.idle();

    expect(receiver.arrivals.filter((name) => name.startsWith('a'))).toEqual(['a1', 'a1', 'a1', 'a2', 'a3']);
    expect(receiver.arrivals.filter((name) => name.startsWith('b'))).toEqual(['b1', 'b2']);
    for (const name of ['a1', 'a2', 'a3', 'b1', 'b2'])
      expect(await rowNamed(verifier, name)).toMatchObject({ status: 'delivered', body: null });
    expect(outcomes.filter((o) => o === 'retry')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'delivered')).toHaveLength(5);
  });

  it('lets another worker take a row over once the lease of a worker killed mid-attempt runs out', async () => {
    // The POST may take up to a minute, so a lease lasts 2 × 60 + 1 s.
    const { verifier, receiver } = await start({ webhookTimeoutMs: 60_000 });
    await queue(verifier, receiver.url, 'row', 'standing_permission:c');

    // A second instance's worker, on its own connection to the same database.
    const db = await openDatabase({
      url: verifier.database.url,
      schema: verifier.database.schema,
      entities: verifierEntities,
      migrations: verifierMigrations,
    });
    const doomed = createWebhookOutbox(() => verifier.ctx, {
      store: createWebhookStore(db, verifier.ctx.sealer).worker,
      settings: verifier.ctx.settings,
      clock: verifier.ctx.clock,
    });
    receiver.hangNext();
    const attempt = doomed.runOnce();
    await waitFor(() => receiver.arrivals.length === 1, 'the first attempt at the receiver');
    // Killed mid-attempt: its connection is gone, so it can neither mark nor give the row back.
    await db.close();

    expect(await verifier.ctx.webhooks.runOnce()).toBe(0);
    expect((await rowNamed(verifier, 'row')).leaseUntil).toBeGreaterThan(verifier.ctx.clock());
    verifier.advanceClock(122);
    expect(await verifier.ctx.webhooks.runOnce()).toBe(1);
    expect(receiver.arrivals).toEqual(['row', 'row']);
    expect(await rowNamed(verifier, 'row')).toMatchObject({
      status: 'delivered',
      attempts: 1,
      leaseUntil: null,
    });

    // The dead worker's answer comes back to nothing: the row stays as the live one left it.
    receiver.releaseHanging();
    await attempt;
    await doomed.stop();
    expect(await rowNamed(verifier, 'row')).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('keeps a refusal final, with its reason, and holds nothing of another key back', async () => {
    // Callbacks to internal addresses refused: the receiver on 127.0.0.1 is one.
    const { verifier, receiver } = await start({ webhookAllowInternal: false });
    await queue(verifier, receiver.url, 'refused', 'standing_permission:d');
    expect(await verifier.ctx.webhooks.runOnce()).toBe(1);
    expect(await rowNamed(verifier, 'refused')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'internal_address',
      body: null,
    });
    verifier.advanceClock(3600);
    expect(await verifier.ctx.webhooks.runOnce()).toBe(0);
    expect(receiver.arrivals).toEqual([]);
    // The next row of that key is free to go (and refused too: the same address).
    await queue(verifier, receiver.url, 'next', 'standing_permission:d');
    expect(await verifier.ctx.webhooks.runOnce()).toBe(1);
  });

  it('sends a row written before the ordering columns existed', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const database = createTestDatabase(kind, 'verifier');
    cleanups.push(() => database.cleanup());
    const before = await openDatabase({
      url: database.url,
      schema: database.schema,
      entities: verifierEntities,
      migrations: verifierMigrations.filter((m) => m.name !== 'AddWebhookOrdering1765100000000'),
    });
    // As the previous version wrote it (body in clear: sealed when the new version starts).
    await before.dataSource.query(
      `INSERT INTO webhook_outbox (id, consumer_id, url, url_source, event, headers, body, status, attempts,
         next_attempt_at, lease_until, last_error, created_at, delivered_at)
       VALUES ('old-row', 'insurer', '${receiver.url}', 'consumer', 'presentation_result',
         '{"x-test-name":"old"}', '{}', 'pending', 0, 0, NULL, NULL, 0, NULL)`,
    );
    await before.close();
    const verifier = await startVerifier(kind, {
      trustList: createMutableTrustList(),
      settings: { webhookPollMs: 0 },
      frozenClock: true,
      // The deployment the row was written by, without its first instance.
      sameDeploymentAs: {
        database,
        kmsSecretKey: 'ab'.repeat(32),
        apiKeys: testApiKeys(),
      } as RunningVerifier,
    });
    cleanups.push(() => verifier.stop());
    await verifier.ctx.webhooks.idle();
    expect(receiver.arrivals).toEqual(['old']);
    expect(await rowNamed(verifier, 'old')).toMatchObject({ status: 'delivered', orderingKey: null });
    expect((await rowNamed(verifier, 'old')).orderingSeq).toEqual(expect.any(Number));
  });

  it('comes back when the receiver’s Retry-After says, in seconds or as a date, up to the cap', async () => {
    const { verifier, receiver } = await start({ webhookRetryDelayMs: 1000, webhookRetryCapMs: 600_000 });
    receiver.script('seconds', { status: 503, headers: { 'retry-after': '120' } });
    receiver.script('date', {
      status: 429,
      headers: { 'retry-after': new Date(verifier.ctx.clock() + 300_000).toUTCString() },
    });
    receiver.script('far', { status: 503, headers: { 'retry-after': '86400' } });
    for (const name of ['seconds', 'date', 'far']) await queue(verifier, receiver.url, name);
    const now = verifier.ctx.clock();
    expect(await verifier.ctx.webhooks.runOnce()).toBe(3);
    const next = async (name: string) => (await rowNamed(verifier, name)).nextAttemptAt;
    expect(await next('seconds')).toBe(now + 120_000);
    // An HTTP date has whole seconds.
    expect(await next('date')).toBe(Math.floor((now + 300_000) / 1000) * 1000);
    // A day asked for, the cap (10 minutes) given.
    expect(await next('far')).toBe(now + 600_000);

    verifier.advanceClock(118);
    expect(await verifier.ctx.webhooks.runOnce()).toBe(0);
    verifier.advanceClock(3);
    expect(await verifier.ctx.webhooks.runOnce()).toBe(1);
    expect(await rowNamed(verifier, 'seconds')).toMatchObject({ status: 'delivered', attempts: 2 });
    verifier.advanceClock(180);
    expect(await verifier.ctx.webhooks.runOnce()).toBe(1);
    expect(await rowNamed(verifier, 'date')).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(await rowNamed(verifier, 'far')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'http_503',
    });
  });
});
