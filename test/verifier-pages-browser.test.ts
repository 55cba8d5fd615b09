import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { launchChromium } from './system/browser.js';
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
    world = await startVerifierWorld('sqlite');
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
    expect(await page.textContent('a[href^="openid4vp://"]')).toBe('Öppna plånboken');
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
});
