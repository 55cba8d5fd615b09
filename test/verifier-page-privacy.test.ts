import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { defaultVerifierSettings } from '../verifier/src/context.js';
import { createMutableTrustList, startVerifier } from '../verifier/test/start-verifier.js';
import { createApprovalRequest } from './approval-helpers.js';
import { createPresentationRequest, startVerifierWorld, type VerifierWorld } from './verifier-helpers.js';

async function getText(url: string, cookie?: string) {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The page session cookie a page view set, as the browser sends it back. */
function sessionCookie(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('vp_session='));
  if (!cookie) throw new Error('no page session cookie');
  expect(cookie).toMatch(/; HttpOnly/);
  return cookie.split(';')[0]!;
}

/**
 * The consumers' demo pages are public: they are off unless the deployment enables them, they
 * never show what a consumer created through its API, and a page-created request (its result,
 * its document link, its log line) is shown only to the browser session that created it.
 */
describe('demo pages are off by default', () => {
  it('answers 404 for every page when VERIFIER_DEMO_PAGES is not set', async () => {
    const verifier = await startVerifier('sqlite', {
      trustList: createMutableTrustList(),
      settings: { demoPages: false },
    });
    try {
      for (const path of ['/insurer', '/insurer/log', '/insurer/approve', '/af-praktik/approve']) {
        expect({ path, status: (await getText(`${verifier.url}${path}`)).status }).toEqual({
          path,
          status: 404,
        });
      }
      // The API is unaffected.
      expect((await fetch(`${verifier.url}/api/consumers`)).status).toBe(200);
      // The default, whoever builds a context without saying (main.ts reads VERIFIER_DEMO_PAGES).
      expect(defaultVerifierSettings.demoPages).toBe(false);
    } finally {
      await verifier.stop();
    }
  });
});

describe.each(testDatabaseKinds())('demo pages keep requests to their own session on %s', (kind) => {
  let world: VerifierWorld;
  beforeAll(async () => {
    world = await startVerifierWorld(kind);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('the log lists only the requests this browser created, never one made through the API', async () => {
    const { verifier } = world;
    const purpose = `Utredning av ärende 4711 om person X ${Date.now()}`;
    const apiCreated = await createPresentationRequest(verifier, 'insurer', {
      template: 'unemployment_claim',
      purpose,
    });
    expect(apiCreated.status).toBe(201);

    // A stranger with no session, and one with a session of their own.
    const anonymous = await getText(`${verifier.url}/insurer/log`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).not.toContain(purpose);
    expect(anonymous.text).not.toContain('Väntar');

    const page = await getText(`${verifier.url}/insurer`);
    const mine = sessionCookie(page.headers);
    const myRequest = /data-request="([^"]+)"/.exec(page.text)![1]!;
    const other = sessionCookie((await getText(`${verifier.url}/insurer`)).headers);

    const myLog = await getText(`${verifier.url}/insurer/log`, mine);
    expect(myLog.text).not.toContain(purpose);
    expect(myLog.text.match(/<tr><td>/g)).toHaveLength(1);
    expect(myLog.text).toContain('Väntar');
    // The other browser sees its own request, not mine: one line each.
    expect((await getText(`${verifier.url}/insurer/log`, other)).text.match(/<tr><td>/g)).toHaveLength(1);

    // The poll endpoint answers only my session.
    expect((await getText(`${verifier.url}/insurer/requests/${myRequest}`, mine)).status).toBe(200);
    expect((await getText(`${verifier.url}/insurer/requests/${myRequest}`, other)).status).toBe(404);
    expect((await getText(`${verifier.url}/insurer/requests/${apiCreated.body.id}`, mine)).status).toBe(404);
  });

  it('the approve page never hands out the document link of a request it did not create in this session', async () => {
    const { verifier } = world;
    const created = await createApprovalRequest(verifier, 'af-praktik', {
      title: 'Praktikavtal hemligt',
      template: 'internship_agreement',
      document: { media_type: 'application/json', content: { secret: 'salary 31 000' } },
    });
    expect(created.status).toBe(201);
    const apiDocumentUri = created.body.approval.document_uri as string;
    const apiToken = apiDocumentUri.split('/').pop()!;

    // Knowing the id (it is in the QR code) is not enough: not anonymously, not with a session.
    const anonymous = await getText(`${verifier.url}/af-praktik/approve?request=${created.body.id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).not.toContain(apiToken);
    expect(anonymous.text).not.toContain(`data-request="${created.body.id}"`);
    const withSession = await getText(
      `${verifier.url}/af-praktik/approve?request=${created.body.id}`,
      sessionCookie(anonymous.headers),
    );
    expect(withSession.text).not.toContain(apiToken);

    // A page-created approval: its own session gets it back (the same-device return), another does not.
    const page = await getText(`${verifier.url}/af-praktik/approve`);
    const mine = sessionCookie(page.headers);
    const requestId = /data-request="([^"]+)"/.exec(page.text)![1]!;
    const documentLink = /<a href="([^"]+\/openid4vp\/documents\/[^"]+)"/.exec(page.text)![1]!;
    const back = await getText(`${verifier.url}/af-praktik/approve?request=${requestId}`, mine);
    expect(back.text).toContain(documentLink);
    expect(back.text).toContain(`data-request="${requestId}"`);
    const stranger = await getText(`${verifier.url}/af-praktik/approve?request=${requestId}`);
    expect(stranger.text).not.toContain(documentLink);
    expect(stranger.text).not.toContain(`data-request="${requestId}"`);
    const otherSession = sessionCookie(stranger.headers);
    const again = await getText(`${verifier.url}/af-praktik/approve?request=${requestId}`, otherSession);
    expect(again.text).not.toContain(documentLink);
    expect((await getText(`${verifier.url}/af-praktik/approvals/${requestId}`, otherSession)).status).toBe(
      404,
    );
  });
});
