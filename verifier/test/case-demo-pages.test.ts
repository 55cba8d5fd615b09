import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import {
  createMutableTrustList,
  startVerifier,
  testApiKeys,
  type RunningVerifier,
} from './start-verifier.js';

/**
 * The demo consumers of issue 22 (docs/cases.md "Demo"): the insurer's unemployment claim, the
 * internship agreement's approval and Försäkringskassan's contact details each ask, in the
 * signed request object their demo page makes, to open a case; once the wallet opened it (here
 * a stand-in case inbox), the caseworker's page moves it through every step, and each event
 * reaches the inbox in order.
 */
const demoCases = [
  { consumer: 'insurer', page: '/insurer', title: /^Ersättningsärende \d{4}$/ },
  { consumer: 'af-praktik', page: '/af-praktik/approve', title: /^Praktikavtal \d{4}$/ },
  { consumer: 'forsakringskassan', page: '/forsakringskassan', title: /^Ändrade kontaktuppgifter \d{4}$/ },
];
const steps = ['received', 'in_progress', 'needs_information', 'decision', 'closed'];

async function createInbox() {
  const received: any[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const { event, document } = JSON.parse(raw) as { event: string; document?: string };
      const claims = JSON.parse(Buffer.from(event.split('.')[1], 'base64url').toString()) as any;
      received.push({ ...claims, hasDocument: document !== undefined });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"applied"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: () => `${base}/case-inbox/${randomBytes(32).toString('base64url')}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testDatabaseKinds())('the demo consumers open cases and move them along on %s', (kind) => {
  let verifier: RunningVerifier;
  let inbox: Awaited<ReturnType<typeof createInbox>>;

  beforeAll(async () => {
    inbox = await createInbox();
    verifier = await startVerifier(kind, {
      trustList: createMutableTrustList(),
      apiKeys: testApiKeys(demoCases.map((d) => d.consumer)),
      settings: { webhookRetryDelayMs: 50, webhookRetryCapMs: 200, webhookPollMs: 50 },
    });
  });
  afterAll(async () => {
    await verifier?.stop();
    await inbox?.close();
  });

  it.each(demoCases)(
    '$consumer: its demo page asks for a case; the caseworker takes it to closed',
    async (demo) => {
      const opened = await fetch(`${verifier.url}${demo.page}`);
      expect(opened.status).toBe(200);
      const cookie = opened.headers.get('set-cookie')!.split(';')[0];
      const html = (await opened.text()).replace(/&amp;/g, '&');
      const link = new URL(html.match(/openid4vp:\/\/\?[^"'<\s]+/)![0]);
      const requestUri = link.searchParams.get('request_uri')!;
      const method = link.searchParams.get('request_uri_method') === 'post' ? 'POST' : 'GET';
      const jws = await (await fetch(requestUri, { method })).text();
      const request = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString()) as any;
      expect(request.case.title).toMatch(demo.title);
      expect(request.case.stop_endpoint).toBe(`${verifier.url}/consumers/${demo.consumer}/cases/stop`);

      // The wallet accepted: the response endpoint records the case id and the inbox.
      const row = (await verifier.ctx.cases.listCases(demo.consumer, 100)).find(
        (c) => c.title === request.case.title,
      )!;
      expect(row.status).toBe('asked');
      const walletCaseId = randomBytes(32).toString('base64url');
      const now = verifier.ctx.now();
      expect(await verifier.ctx.cases.markOpened(row.id, demo.consumer, walletCaseId, inbox.url(), now)).toBe(
        true,
      );

      const list = await fetch(`${verifier.url}/${demo.consumer}/cases`, { headers: { cookie } });
      expect(await list.text()).toContain(`/${demo.consumer}/cases/${row.id}`);
      // Another browser (no page session) does not see or move it.
      const stranger = await fetch(`${verifier.url}/${demo.consumer}/cases/${row.id}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'type=received',
        redirect: 'manual',
      });
      expect(stranger.status).toBe(404);
      for (const type of steps) {
        const moved = await fetch(`${verifier.url}/${demo.consumer}/cases/${row.id}/events`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: `type=${type}`,
          redirect: 'manual',
        });
        expect(moved.status).toBe(303);
      }
      await verifier.ctx.caseEvents.idle();
      const mine = inbox.received.filter((e) => e.case_id === walletCaseId);
      expect(mine.map((e) => [e.seq, e.type])).toEqual(steps.map((type, i) => [i + 1, type]));
      expect(mine[2].request_uri).toMatch(/^http/);
      expect(mine[3]).toMatchObject({ hasDocument: true, document: { media_type: 'application/pdf' } });
      const shown = await (
        await fetch(`${verifier.url}/${demo.consumer}/cases/${row.id}`, { headers: { cookie } })
      ).text();
      expect(shown).toContain('Avslutat');
      expect(shown).not.toContain('<form');
    },
  );
});
