import type { Browser } from 'playwright-core';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson } from '../issuer/test/wallet-client.js';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import { launchChromium } from './system/browser.js';
import { readPresentationResult } from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier, type WalletWithVerifier } from './wallet-with-verifier.js';

/**
 * The same-device flow (OpenID4VP 1.0 §8.2, HAIP 1.0) with our wallet, the real verifier and a
 * real browser: the wallet's direct_post is answered with the consumer page's `redirect_uri`
 * (`#response_code=…`), and the verifier releases the result only to the browser session that
 * started the request — with the response_code it was returned with, if any. Another browser
 * session that follows the same link gets nothing of it. The consumer's API, polled with its key,
 * is unaffected.
 */
describe.each(testDatabaseKinds())('same-device flow bound to the browser session on %s', (kind) => {
  let setting: WalletWithVerifier;
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let browser: Browser;

  beforeAll(async () => {
    setting = await startWalletWithVerifier(kind);
    ({ world, verifier, person } = setting);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await setting?.stop();
  });

  it('returns the browser to the page that asked, shows the result only there, and never to another session', async () => {
    const mine = await browser.newContext();
    const page = await mine.newPage();
    await page.goto(`${verifier.url}/insurer`);
    const openid4vp = (await page.getAttribute('a[href^="openid4vp://"]', 'href'))!;
    const id = (await page.getAttribute('[data-request]', 'data-request'))!;

    // The person's wallet, on the same device, answers; the verifier hands back where to go.
    const shown = await api(world.wallet.baseUrl, person, 'POST', '/api/presentation-requests', {
      request: openid4vp,
    });
    expect(shown.body.verifier).toMatchObject({ verified: true, registered: true });
    const sent = await api(
      world.wallet.baseUrl,
      person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      { decision: 'approve' },
    );
    expect(sent.body.delivered).toBe(true);
    const redirectUri: string = sent.body.redirect_uri;
    expect(redirectUri).toMatch(
      new RegExp(`^${verifier.baseUrl}/insurer\\?request=${id}#response_code=[\\w-]+$`),
    );
    const responseCode = new URL(redirectUri).hash.slice('#response_code='.length);

    // Another browser session following the same link sees nothing of this request.
    const other = await browser.newContext();
    const stranger = await other.newPage();
    await stranger.goto(redirectUri);
    expect(await stranger.getAttribute('[data-request]', 'data-request')).not.toBe(id);
    expect(await stranger.textContent('a[href^="openid4vp://"]')).toBe('Öppna i en plånboksapp');
    expect((await other.request.get(`${verifier.url}/insurer/requests/${id}`)).status()).toBe(404);
    expect(
      (
        await other.request.get(`${verifier.url}/insurer/requests/${id}?response_code=${responseCode}`)
      ).status(),
    ).toBe(404);
    expect(await stranger.inputValue('#f-registration-given_name')).toBe('');

    // The session that started it: the page fills itself, with the response_code checked.
    await page.goto(redirectUri);
    await page.waitForFunction(
      () => (globalThis as any).document.getElementById('f-registration-given_name').value === 'Tolvan',
      undefined,
      { timeout: 15_000 },
    );
    expect(page.url()).not.toContain('response_code');
    expect(await page.textContent('#status')).toMatch(/Verifierad|verifierad/);
    // A response_code that is not this request's is refused, even in the right session.
    const wrong = await mine.request.get(`${verifier.url}/insurer/requests/${id}?response_code=not-this-one`);
    expect(wrong.status()).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_request' });

    // The consumer's back end, with its key, reads it as before (with or without the code).
    expect((await readPresentationResult(verifier, 'insurer', id)).body.status).toBe('verified');
    const withCode = await getJson(
      `${verifier.url}/api/presentation-requests/${id}?response_code=${responseCode}`,
      {
        authorization: `Bearer ${verifier.apiKeys.insurer}`,
      },
    );
    expect(withCode.status).toBe(200);
    await mine.close();
    await other.close();
  });
});
