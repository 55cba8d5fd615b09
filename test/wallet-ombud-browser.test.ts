import type { Browser } from 'playwright-core';
import {
  expectAccessible,
  launchChromium,
  pageWidth,
  shoot,
  signInAtEid,
  signInToWallet,
} from './system/browser.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const karin = '197011082232';
const samir = '198806244417';
const narrow = { width: 320, height: 640 };

/**
 * "Mina ombud" in Chromium at 320 px: Karin signs in at Mina ombud from her wallet (its own
 * page "Hantera dina fullmakter", then eID), gives Samir a power of attorney for Exempelby
 * kommun, is told in Swedish why a grant to herself is refused, sees the grant and revokes it
 * at once; then reads the page in English. axe finds no serious violation at each step.
 */
describe('Mina ombud in the wallet, in a browser', () => {
  let world: WalletWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startWalletWorld('sqlite');
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('gives, shows and revokes a power of attorney, in Swedish and English', async () => {
    const context = await browser.newContext({ viewport: narrow, bypassCSP: true, locale: 'sv-SE' });
    const page = await context.newPage();
    try {
      await signInToWallet(page, world.wallet.baseUrl, karin);
      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mer' }).click();
      await page.getByRole('link', { name: 'Mina ombud' }).click();
      await page.getByRole('heading', { name: 'Mina ombud', level: 1 }).waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Logga in hos Mina ombud' }).click();
      await page.getByText('Hantera dina fullmakter').first().waitFor();
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      await signInAtEid(page, karin);
      await page.getByRole('heading', { name: 'Ge en fullmakt' }).waitFor();
      await page.getByText('Du har inte gett någon fullmakt.').waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);

      // To herself: Mina ombud refuses, and the page says why, in Swedish.
      await page.getByLabel('Ombudets personnummer').fill(karin);
      await page.getByRole('textbox', { name: 'Organisationsnummer' }).fill('212000-0004');
      await page.getByRole('button', { name: 'Ge fullmakt' }).click();
      await page.getByText('du kan inte ge dig själv fullmakt').waitFor();
      await page.getByText('Du har inte gett någon fullmakt.').waitFor();

      await page.getByLabel('Ombudets personnummer').fill(samir);
      await page.getByRole('button', { name: 'Ge fullmakt' }).click();
      await page.getByText(/^Fullmakten till .+ är given\.$/).waitFor();
      const grant = page.locator('.ombud-grants li[data-status="active"]');
      await grant.getByText('212000-0004').waitFor();
      await grant.getByText('Gäller', { exact: true }).waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
      await shoot(page, 'representation-wallet-ombud');

      // Revoked at once: the grant says so, and Mina ombud agrees.
      await grant.getByRole('button', { name: /^Återkalla: / }).click();
      await page.getByText(/^Fullmakten till .+ är återkallad\.$/).waitFor();
      await page.locator('.ombud-grants li[data-status="revoked"]').getByText('Återkallad').waitFor();
      const grants = await world.issuer.ctx.mandates.byPrincipal(karin);
      expect(grants.map((g) => g.revokedAt !== null)).toEqual([true]);
      await expectAccessible(page);

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'My powers of attorney', level: 1 }).waitFor();
      await page.getByText('Revoked', { exact: true }).waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  }, 180_000);
});
