import type { Browser } from 'playwright-core';
import {
  continueAtHolder,
  expectAccessible,
  launchChromium,
  pageWidth,
  shoot,
  signInAtEid,
} from './system/browser.js';
import { startSystem, type RunningSystem } from './system/start-system.js';

/**
 * Story 1 in a real browser: Tolvan signs in to the wallet, fetches the registration
 * certificate from Arbetsförmedlingen, checks it, shares only what the insurer asks for from
 * the insurer's page on the same device, sees the insurer's form filled, and finds the
 * sharing in the log.
 */
describe('the insurer story in a browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  beforeAll(async () => {
    system = await startSystem('sqlite');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('fetches the certificate, shares name and registration date with the insurer, and logs it', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
      locale: 'sv-SE',
    });
    const page = await context.newPage();
    const wallet = system.wallet.baseUrl;

    await page.goto(`${wallet}/`);
    await page.getByRole('heading', { name: 'Dina uppgifter, i dina händer' }).waitFor();
    await expectAccessible(page);
    await shoot(page, '01-welcome');

    // Sign in with the test eID.
    await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click();
    await signInAtEid(page, '191212121212');
    await page.getByRole('heading', { name: 'Hem', level: 1 }).waitFor();

    // Fetch the registration certificate at Arbetsförmedlingen (the person signs in there too).
    await page.getByRole('main').getByRole('link', { name: 'Hämta ett intyg' }).click();
    await page.getByRole('heading', { name: 'Hämta ett intyg' }).waitFor();
    await page.getByRole('button', { name: 'Hämta: Inskrivningsintyg' }).first().waitFor();
    await expectAccessible(page);
    await shoot(page, '02-fetch');
    await page.getByRole('button', { name: 'Hämta: Inskrivningsintyg' }).first().click();
    // The holder says where the credential goes before the person signs in there.
    await continueAtHolder(page, 'Min profil plånbok');
    await signInAtEid(page, '191212121212');
    await page.waitForURL(/\/receive\?received=/);
    const save = page.getByRole('button', { name: 'Spara i plånboken' });
    await Promise.race([save.waitFor(), page.getByText('Intyget är sparat.').waitFor()]);
    await expect(page.getByText('Tolvansson').first().isVisible()).resolves.toBe(true);
    await shoot(page, '03-check-before-saving');
    if (await save.isVisible()) await save.click();
    await page.getByText('Intyget är sparat.').waitFor();

    await page.goto(`${wallet}/credentials`);
    await page.getByRole('heading', { name: 'Inskrivningsintyg' }).waitFor();
    await expect(page.getByText('Giltigt').first().isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await shoot(page, '04-credentials');

    // The insurer's claim form asks the wallet on this device.
    await page.goto(`${system.verifier.url}/insurer`);
    await shoot(page, '05-insurer');
    await page.getByRole('link', { name: 'Öppna i plånboken' }).click();
    await page.getByRole('heading', { name: 'Vem frågar?' }).waitFor();
    await expect(page.getByText('Registrerad mottagare').isVisible()).resolves.toBe(true);
    const offered = await page.locator('.claim-choices label .claim-label').allTextContents();
    expect(offered).toEqual(['Förnamn', 'Efternamn', 'Inskriven sedan']);
    await expect(page.getByText('Personnummer').count()).resolves.toBe(0);
    await expectAccessible(page);
    await shoot(page, '06-consent');
    await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
    await page.getByText('Uppgifterna är skickade.').waitFor();
    await page.getByRole('link', { name: 'Fortsätt till mottagaren' }).click();

    // Back at the insurer: the form is filled from the verified certificate.
    await page.waitForFunction(
      () => (globalThis as any).document.getElementById('f-registration-given_name')?.value === 'Tolvan',
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.inputValue('#f-registration-family_name')).toBe('Tolvansson');
    expect(await page.inputValue('#f-registration-registered_since')).toBe('2026-09-01');
    await shoot(page, '07-insurer-filled');

    // The wallet's log says who got which claims, by their display names (never their values).
    await page.goto(`${wallet}/log`);
    const shared = page.locator('.timeline-item.event-presentation').first();
    await shared.waitFor();
    const text = await shared.textContent();
    expect(text).toContain('Uppgifter: Förnamn, Efternamn, Inskriven sedan');
    expect(text).not.toContain('given_name');
    expect(text).not.toContain('Tolvan');
    expect(text).not.toContain('Personnummer');
    await expectAccessible(page);
    await shoot(page, '08-log');

    // Narrow phones: nothing scrolls sideways at 320 px.
    await page.setViewportSize({ width: 320, height: 700 });
    for (const path of ['/', '/log', '/holders', '/overview']) {
      await page.goto(`${wallet}${path}`);
      await page.locator('main h1').waitFor();
      expect({ path, width: await pageWidth(page) }).toEqual({ path, width: 320 });
    }
    await context.close();
  }, 120_000);

  it('stops a sign-in link someone else wrote on the holder’s own error page', async () => {
    // bypassCSP only so that axe can be injected into the page.
    const context = await browser.newContext({
      locale: 'sv-SE',
      viewport: { width: 320, height: 700 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    const link = `${system.issuer.baseUrl}/af/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: 'min-profil-wallet',
      redirect_uri: 'https://attacker.example/steal',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      scope: 'af_registration_certificate',
    })}`;
    const response = await page.goto(link);
    expect(response?.status()).toBe(400);
    await page.getByRole('heading', { name: 'Något gick fel', level: 1 }).waitFor();
    expect(new URL(page.url()).origin).toBe(system.issuer.baseUrl);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await expectAccessible(page);
    await context.close();
  }, 60_000);
});
