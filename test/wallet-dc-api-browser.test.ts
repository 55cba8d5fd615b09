import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson } from '../issuer/test/wallet-client.js';
import { PresentationRequestEntity } from '../wallet/src/persistence/entities.js';
import { api } from '../wallet/test/wallet-api.js';
import { expectAccessible, launchChromium, signInAtEid, signInToWallet } from './system/browser.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { startWalletWithVerifier, type WalletWithVerifier } from './wallet-with-verifier.js';

/**
 * The Digital Credentials API from the consumer page to OUR wallet, in Chromium (OpenID4VP 1.0
 * Appendix A, HAIP 1.0 §5.2). Chromium hands `navigator.credentials.get({ digital })` only to a
 * platform wallet, and a web wallet cannot be one, so the test stands where the platform would:
 * the page's `navigator.credentials.get` is replaced by a bridge that takes the request and the
 * page's origin (as the browser asserts it), opens our wallet's consent page in a second page with
 * them (`/present#dc_api=…`, which hands them to POST /api/dc-api/requests), and, once the person
 * has decided there, takes the answer (GET /api/dc-api/requests/{id}/response) and resolves the
 * page's promise with it. The page posts it to the verifier, which verifies it and fills the form.
 */
const encodeHandover = (handover: unknown) => Buffer.from(JSON.stringify(handover)).toString('base64url');

describe.each(testDatabaseKinds())('the consumer page asking our wallet through the DC API on %s', (kind) => {
  let setting: WalletWithVerifier;
  let browser: Browser;
  /** The person's browser where the wallet is open and signed in. */
  let walletContext: BrowserContext;
  let wallet: string;

  beforeAll(async () => {
    setting = await startWalletWithVerifier(kind);
    wallet = setting.world.wallet.baseUrl;
    browser = await launchChromium();
    // bypassCSP: axe-core is injected as a script tag to check the consent page.
    walletContext = await browser.newContext({ locale: 'sv-SE', bypassCSP: true });
    await signInToWallet(await walletContext.newPage(), wallet, '191212121212');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await setting?.stop();
  });

  /** Our wallet's consent page, given a request as the platform would hand it over. */
  async function openWalletWith(handover: { protocol: string; data: unknown; origin: string }) {
    const page = await walletContext.newPage();
    await page.goto(`${wallet}/present#dc_api=${encodeHandover(handover)}`);
    return page;
  }

  /**
   * The platform's part for the consumer page: the bridge behind its navigator.credentials.get.
   * `walletPages` gets each wallet page it opens, for the person to decide in.
   */
  async function consumerPage() {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const walletPages: Page[] = [];
    await context.exposeFunction('__ourWallet', async (digitalJson: string, origin: string) => {
      const digital = JSON.parse(digitalJson) as { requests: Array<{ protocol: string; data: unknown }> };
      const entry = digital.requests[0]!;
      const walletPage = await openWalletWith({ protocol: entry.protocol, data: entry.data, origin });
      walletPages.push(walletPage);
      // The wallet page shows the request by its id once the API has taken it.
      await walletPage.waitForURL(/\/present\?id=/, { timeout: 30_000 });
      const id = new URL(walletPage.url()).searchParams.get('id')!;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const taken = await api(wallet, setting.person, 'GET', `/api/dc-api/requests/${id}/response`);
        if (taken.status === 200) return { protocol: taken.body.protocol, data: taken.body.data };
        if (taken.status !== 202) throw new Error(`the wallet answered ${taken.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('no decision in the wallet');
    });
    await context.addInitScript(() => {
      const w = globalThis as any;
      w.navigator.credentials.get = (options: { digital: unknown }) =>
        w.__ourWallet(JSON.stringify(options.digital), w.location.origin);
    });
    return { context, page: await context.newPage(), walletPages };
  }

  async function nextWalletPage(walletPages: Page[]): Promise<Page> {
    const deadline = Date.now() + 30_000;
    while (walletPages.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return walletPages[0]!;
  }

  it('dc_api.jwt from the page: the person approves in our wallet, the page gets the answer, the verifier verifies it', async () => {
    const { context, page, walletPages } = await consumerPage();
    try {
      await page.goto(`${setting.verifier.url}/insurer`);
      await page.click('#dc-api');
      const walletPage = await nextWalletPage(walletPages);
      const origin = new URL(setting.verifier.url).origin;
      // Who asks, from which page, and what: the normal consent screen.
      await walletPage.getByText('Frågar via webbläsaren från sidan').waitFor({ timeout: 30_000 });
      expect(await walletPage.textContent('.dc-api-origin')).toContain(origin);
      expect(await walletPage.textContent('.asker-name')).toContain('Trygga Försäkringar');
      await expectAccessible(walletPage);
      await walletPage.getByRole('button', { name: 'Godkänn och skicka' }).click();
      await walletPage.getByText('Svaret lämnas tillbaka till sidan').waitFor({ timeout: 30_000 });

      await page.waitForFunction(
        () => (globalThis as any).document.getElementById('f-registration-given_name')?.value === 'Tolvan',
        undefined,
        { timeout: 30_000 },
      );
      const id = new URL(page.url()).searchParams.get('request')!;
      const result = await readPresentationResult(setting.verifier, 'insurer', id);
      expect(result.body).toMatchObject({ status: 'verified', response_mode: 'dc_api.jwt' });
      expect(result.body.checks).toContainEqual(expect.objectContaining({ name: 'audience', passed: true }));
    } finally {
      await context.close();
    }
  });

  it('dc_api (unencrypted) from the page: the same bridge, the answer verified for origin:<origin>', async () => {
    const { context, page, walletPages } = await consumerPage();
    try {
      await page.goto(`${setting.verifier.url}/insurer`);
      const origin = new URL(setting.verifier.url).origin;
      // The consumer's own system asks for a dc_api request for its page (the demo page's button asks dc_api.jwt).
      const created = await createPresentationRequest(setting.verifier, 'insurer', {
        template: 'unemployment_claim',
        response_mode: 'dc_api',
        expected_origins: [origin],
      });
      const digital = (await getJson(created.body.dc_api_request_uri)).body.digital;
      // What the page's script does: ask the browser, post the credential's data from the page.
      const posted = page.evaluate(
        async ({ digital, id }) => {
          const credential = await (globalThis as any).navigator.credentials.get({
            mediation: 'required',
            digital,
          });
          const response = await fetch(`/openid4vp/dc-api/responses/${id}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(credential.data),
          });
          return { status: response.status, body: await response.json() };
        },
        { digital, id: created.body.id as string },
      );
      const walletPage = await nextWalletPage(walletPages);
      await walletPage.getByRole('button', { name: 'Godkänn och skicka' }).click();
      expect(await posted).toEqual({ status: 200, body: { status: 'verified' } });
      const result = await readPresentationResult(setting.verifier, 'insurer', created.body.id);
      expect(result.body).toMatchObject({ status: 'verified', response_mode: 'dc_api' });
    } finally {
      await context.close();
    }
  });

  it('a hand-over that finds the person signed out waits through the eID sign-in and then asks', async () => {
    const origin = new URL(setting.verifier.url).origin;
    const created = await createPresentationRequest(setting.verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: 'dc_api.jwt',
      expected_origins: [origin],
    });
    const entry = (await getJson(created.body.dc_api_request_uri)).body.digital.requests[0];
    const signedOut = await browser.newContext({ locale: 'sv-SE' });
    try {
      const page = await signedOut.newPage();
      await page.goto(`${wallet}/present#dc_api=${encodeHandover({ ...entry, origin })}`);
      await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click();
      // The request is not carried through the eID in any address.
      await page.waitForURL((url) => !url.href.includes(wallet), { timeout: 30_000 });
      expect(page.url()).not.toContain('dc_api');
      await signInAtEid(page, '191212121212');
      await page.getByText('Frågar via webbläsaren från sidan').waitFor({ timeout: 30_000 });
      expect(await page.textContent('.dc-api-origin')).toContain(origin);
      await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
      await page.getByText('Svaret lämnas tillbaka till sidan').waitFor({ timeout: 30_000 });
      const id = new URL(page.url()).searchParams.get('id')!;
      const taken = await api(wallet, setting.person, 'GET', `/api/dc-api/requests/${id}/response`);
      expect(taken.status).toBe(200);
      expect(taken.body.protocol).toBe(entry.protocol);
      // Taken once: a reload asks for nothing again.
      await page.goto(`${wallet}/present`);
      expect(await page.getByText('Frågar via webbläsaren från sidan').count()).toBe(0);
    } finally {
      await signedOut.close();
    }
  });

  describe('bad input: refused in the wallet page with a Swedish message, nothing stored', () => {
    const storedRequests = () =>
      setting.world.wallet.ctx.db.dataSource.getRepository(PresentationRequestEntity).count();

    async function digitalEntry(body: Record<string, unknown>) {
      const created = await createPresentationRequest(setting.verifier, 'insurer', {
        template: 'unemployment_claim',
        ...body,
      });
      return created.body as Record<string, any>;
    }

    async function expectRefusedInPage(
      handover: { protocol: string; data: unknown; origin: string },
      message: string,
    ) {
      const before = await storedRequests();
      const page = await openWalletWith(handover);
      try {
        const alert = page.locator('.error-message');
        await alert.waitFor({ timeout: 30_000 });
        expect(await alert.textContent()).toContain(message);
        expect(await page.isVisible('.asker')).toBe(false);
        expect(await storedRequests()).toBe(before);
      } finally {
        await page.close();
      }
    }

    it('an origin the request does not name in expected_origins', async () => {
      const created = await digitalEntry({
        response_mode: 'dc_api.jwt',
        expected_origins: ['https://insurer.example'],
      });
      const entry = (await getJson(created.dc_api_request_uri)).body.digital.requests[0];
      await expectRefusedInPage(
        { ...entry, origin: 'https://attacker.example' },
        'Sidan som frågar finns inte med bland de sidor mottagaren har angett',
      );
    });

    it('an unsigned request where a signed one is needed', async () => {
      const created = await digitalEntry({
        response_mode: 'dc_api',
        expected_origins: ['https://insurer.example'],
      });
      const entry = (await getJson(created.dc_api_request_uri)).body.digital.requests[0];
      const [, payload] = (entry.data.request as string).split('.');
      await expectRefusedInPage(
        {
          protocol: 'openid4vp-v1-unsigned',
          data: JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')),
          origin: 'https://insurer.example',
        },
        'Förfrågan är inte signerad, så det går inte att veta vem som frågar',
      );
    });

    it('a signed request whose response_mode is not dc_api or dc_api.jwt', async () => {
      const created = await digitalEntry({ response_mode: 'direct_post.jwt' });
      const jwt = await (await fetch(created.request_uri)).text();
      await expectRefusedInPage(
        { protocol: 'openid4vp-v1-signed', data: { request: jwt }, origin: 'https://insurer.example' },
        'Förfrågan är inte gjord för att besvaras via webbläsaren',
      );
    });
  });
});
