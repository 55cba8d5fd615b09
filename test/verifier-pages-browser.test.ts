import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { expectAccessible, expectFocusOn, launchChromium, pageWidth, shoot } from './system/browser.js';
import { obtainCredential, startVerifierWorld, type VerifierWorld } from './verifier-helpers.js';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

/**
 * The insurer's page in a real browser (Debian chromium): no serious or critical axe-core
 * violations, usable at 320 px, and the form fills itself once the wallet has answered.
 */
describe('the insurer page in a browser', () => {
  let world: VerifierWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startVerifierWorld('sqlite', {
      consumers: ['insurer', 'university', 'af-praktik', 'school'],
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('passes axe at 320 px, then fills the claim form from the verified certificate and names the source', async () => {
    // bypassCSP only so the test can inject axe; the page's own script is a same-origin file.
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${world.verifier.url}/insurer`);
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as any).axe;
      const result = await axe.run((globalThis as any).document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      });
      return result.violations
        .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
        .map((v: any) => `${v.id}: ${v.nodes.length}`);
    });
    expect(violations).toEqual([]);
    expect(
      await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(320);

    const openid4vp = await page.getAttribute('a[href^="openid4vp://"]', 'href');
    expect(await page.textContent('a[href^="openid4vp://"]')).toBe('Öppna i en plånboksapp');
    const { credential, holderKey } = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: '191212121212',
      configurationId: 'registration_certificate',
    });
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: openid4vp!,
      trustList: world.trustList,
    });
    const presentation = await presentCredential({
      credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    await postResponse(request.response_uri, {
      vp_token: { registration: [presentation] },
      state: request.state,
    });

    await page.waitForFunction(
      () => (globalThis as any).document.getElementById('f-registration-given_name').value === 'Tolvan',
      undefined,
      { timeout: 10_000 },
    );
    expect(await page.inputValue('#f-registration-family_name')).toBe('Tolvansson');
    expect(await page.inputValue('#f-registration-registered_since')).toBe('2026-09-01');
    expect(await page.textContent('#f-registration-given_name-source')).toBe(
      'Verifierat av Arbetsförmedlingen',
    );
    expect(await page.textContent('#status')).toBe('Uppgifterna är verifierade och ifyllda nedan.');
    await context.close();
  });

  it('the other pages and the log have no serious or critical axe violations at 320 px', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    for (const path of ['/university?lang=en', '/af-praktik', '/insurer/log']) {
      await page.goto(`${world.verifier.url}${path}`);
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async () => {
        const result = await (globalThis as any).axe.run((globalThis as any).document, {
          runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
        });
        return result.violations
          .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
          .map((v: any) => v.id);
      });
      expect({ path, violations }).toEqual({ path, violations: [] });
      expect(
        await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth),
      ).toBeLessThanOrEqual(320);
    }
    await context.close();
  });

  describe.each([
    [390, 844],
    [1280, 800],
  ])('at %i px', (width, height) => {
    // Path 6 of issue #18: on a phone the action that works comes first; the QR code is for another device.
    it('the same-device wallet link is the primary action, and "Väntar på svar" only once started', async () => {
      const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${world.verifier.url}/insurer`);
      await expectAccessible(page);
      expect(await pageWidth(page)).toBeLessThanOrEqual(width);
      const primary = page.locator('#share a.button').first();
      expect(await primary.textContent()).toBe('Öppna i plånboken');
      expect(await primary.getAttribute('class')).toBe('button');
      expect(await primary.getAttribute('href')).toMatch(/\/present\?request=openid4vp/);
      expect(await page.getAttribute('#share a.button.secondary', 'href')).toMatch(/^openid4vp:\/\//);
      const button = (await primary.boundingBox())!;
      const qr = (await page.locator('.qr').boundingBox())!;
      // On the first screen; on a phone above the QR code, on a wide screen beside it.
      expect(button.y + button.height).toBeLessThanOrEqual(height);
      if (width < 768) expect(button.y + button.height).toBeLessThanOrEqual(qr.y);
      else expect(qr.x).toBeGreaterThan(button.x + button.width);
      // Nothing has started: no "waiting" yet.
      expect(await page.isVisible('#status')).toBe(false);
      expect(await page.content()).not.toContain('>Väntar på svar');
      await shoot(page, `18-insurer-${width < 768 ? 'phone' : 'wide'}`);
      // Following a wallet link starts it (here the app link, kept from leaving the page).
      await page.evaluate(() =>
        (globalThis as any).document
          .querySelector('a[href^="openid4vp://"]')
          .addEventListener('click', (e: any) => e.preventDefault()),
      );
      await page.click('a[href^="openid4vp://"]');
      await page.getByText('Väntar på svar från plånboken …').waitFor();
      await context.close();
    });

    // Path 2 of issue #18: an answer without a needed detail is refused in words, with a new try.
    it('an answer without a needed detail says in Swedish what is missing, with "Försök igen"', async () => {
      const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${world.verifier.url}/insurer`);
      const firstRequest = await page.getAttribute('[data-request]', 'data-request');
      const openid4vp = (await page.getAttribute('a[href^="openid4vp://"]', 'href'))!;
      const { credential, holderKey } = await obtainCredential(world.issuer, {
        holder: 'af',
        pnr: '191212121212',
        configurationId: 'registration_certificate',
      });
      const { request } = await fetchAuthorizationRequest({
        openid4vpUrl: openid4vp,
        trustList: world.trustList,
      });
      // The person unticked the family name.
      const { family_name: _left, ...disclose } = discloseRequested(request, 'registration');
      const presentation = await presentCredential({
        credential,
        holderPrivateKey: holderKey.privateKey,
        request,
        disclose,
      });
      await postResponse(request.response_uri, {
        vp_token: { registration: [presentation] },
        state: request.state,
      });

      await page.locator('#result').getByText('Uppgifterna kunde inte godtas.').waitFor({ timeout: 15_000 });
      expect(await page.locator('#result li').allTextContents()).toEqual([
        'Svaret saknar uppgifter som behövs. Vi behöver: Förnamn, Efternamn, Inskriven sedan (Inskrivningsintyg). Dela dem när plånboken frågar.',
      ]);
      const shown = (await page.locator('main').textContent())!;
      expect(shown).not.toMatch(/dcql|satisf|query/);
      await expectFocusOn(page, 'Uppgifterna kunde inte godtas.');
      // The used request's QR code and links are gone; the next step is in view.
      expect(await page.isVisible('#share')).toBe(false);
      const retry = page.getByRole('link', { name: 'Försök igen' });
      const box = (await retry.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(height);
      expect(await pageWidth(page)).toBeLessThanOrEqual(width);
      await expectAccessible(page);
      await shoot(page, `19-insurer-refused-${width < 768 ? 'phone' : 'wide'}`);
      await retry.click();
      await page.getByRole('link', { name: 'Öppna i plånboken' }).waitFor();
      expect(await page.getAttribute('[data-request]', 'data-request')).not.toBe(firstRequest);
      // The page's log says it the same way.
      await page.getByRole('link', { name: 'Logg över förfrågningar' }).click();
      const log = (await page.locator('table').textContent())!;
      expect(log).toContain('Underkänd: Svaret saknar uppgifter som behövs.');
      expect(log).not.toContain('dcql');
      await context.close();
    });
  });

  // Path 3 of issue #18: the contact-profile consumers label their fields in Swedish.
  it('the school page labels the contact profile in Swedish at 390 px', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${world.verifier.url}/school`);
    for (const label of ['Adress', 'E-post', 'Telefon', 'Föredraget språk', 'Hur du vill bli kontaktad']) {
      expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
    }
    expect(await page.locator('main label').allTextContents()).not.toContain('emails');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await expectAccessible(page);
    await context.close();
  });
});
