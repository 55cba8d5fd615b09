import type { Browser, Page } from 'playwright-core';
import { api, tokenSession } from '../wallet/test/wallet-api.js';
import { expectAccessible, launchChromium, pageWidth, shoot, signInToWallet } from './system/browser.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

/** Focus moves after the screen re-renders: wait for it rather than read it at once. */
async function focusMoves(page: Page, to: RegExp): Promise<void> {
  await page
    .waitForFunction(
      (pattern) => new RegExp(pattern).test((globalThis as any).document.activeElement?.id ?? ''),
      to.source,
      { timeout: 5000 },
    )
    .catch(() => undefined);
  expect(await activeId(page)).toMatch(to);
}

const activeId = (page: Page) =>
  page.evaluate(() => (globalThis as any).document.activeElement?.id as string);

/**
 * The contact profile screen at 320 px: Tolvan adopts the registered address from Skatteverket,
 * adds an e-mail address and verifies it with the code from the demo outbox, and orders how she
 * wants to be contacted, by keyboard-friendly controls that keep focus in place.
 */
describe('the contact profile screen in a browser', () => {
  let world: WalletWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startWalletWorld('sqlite');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('Tolvan adopts her registered address, verifies her e-mail and orders her channels', async () => {
    const wallet = world.wallet.baseUrl;
    const token = await tokenSession(wallet, tolvan);
    const offer = await world.offer('skatteverket', tolvan, ['registered_address'], false);
    const received = await api(wallet, token, 'POST', '/api/credential-offers', { offer: offer.offer_link });
    await api(wallet, token, 'POST', `/api/credential-offers/${received.body.id}/accept`);

    const context = await browser.newContext({
      viewport: { width: 320, height: 700 },
      bypassCSP: true,
      locale: 'sv-SE',
    });
    const page = await context.newPage();
    await signInToWallet(page, wallet, tolvan);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Profil' }).click();
    await page.getByRole('heading', { name: 'Kontaktuppgifter' }).waitFor();
    await page.getByText('Skatteverket har din folkbokföringsadress:').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Hämta från Skatteverket' }).click();
    await page.getByText('Folkbokföringsadressen från Skatteverket är sparad.').waitFor();
    await focusMoves(page, /^profile-message$/);
    expect(await page.locator('#address-source').textContent()).toBe(
      '✓ Folkbokföringsadress från Skatteverket',
    );
    expect(await page.inputValue('#address-street_address')).toBe('Storgatan 12');

    await page.getByRole('button', { name: 'Lägg till e-postadress' }).click();
    await focusMoves(page, /^emails-/);
    await page.getByLabel('E-postadress 1').fill('tolvan@example.se');
    await page.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    await page.getByText('Sparat. De som har fått dina kontaktuppgifter får ändringen.').waitFor();
    // The version number is technical: behind "Tekniska detaljer", not in the message.
    await page.getByText('Tekniska detaljer').click();
    await page.getByText('Version 2 av kontaktuppgifterna.').waitFor();

    await page.getByRole('button', { name: 'Skicka kod tolvan@example.se' }).click();
    await page.getByLabel('Kod till tolvan@example.se').waitFor();
    await focusMoves(page, /^code-/);
    // The demo outbox shows the signed-in person only their own messages.
    const outbox = await api(wallet, token, 'GET', '/demo/outbox.json');
    const code = /\b(\d{6})\b/.exec(outbox.body.messages[0].text)![1]!;
    await page.getByLabel('Kod till tolvan@example.se').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Bekräfta kod' }).click();
    await page.getByText('Fel kod. Du har 4 försök kvar.').waitFor();
    await page.getByLabel('Kod till tolvan@example.se').fill(code);
    await page.getByRole('button', { name: 'Bekräfta kod' }).click();
    await page.getByText('tolvan@example.se är verifierad.').waitFor();
    expect(await page.getByText(/^✓ Verifierad/).isVisible()).toBe(true);

    await page.getByLabel('Digital brevlåda', { exact: true }).first().check();
    await page.locator('#pref-default-email').check();
    await page.getByRole('button', { name: 'Flytta upp E-post' }).click();
    // Focus stays with the moved channel: at the top, on its "down" button.
    await focusMoves(page, /^pref-default-email-down$/);
    await page.getByLabel('Egen ordning för påminnelser').check();
    await page.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    await page.getByText('Sparat. De som har fått dina kontaktuppgifter får ändringen.').waitFor();
    await page.getByText('Version 4 av kontaktuppgifterna.').waitFor();
    await shoot(page, '15-contact-profile');
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await expectAccessible(page);

    const saved = await api(wallet, token, 'GET', '/api/profile');
    expect(saved.body.profile).toMatchObject({
      address: { street_address: 'Storgatan 12', source: 'skatteverket' },
      emails: [{ address: 'tolvan@example.se', verified: true }],
      contact_preferences: {
        default: ['email', 'digital_mailbox'],
        by_matter: { reminders: ['email', 'digital_mailbox'] },
      },
    });

    // Changing a verified e-mail says it is no longer verified, instead of a bare version number.
    await page.getByLabel('E-postadress 1').fill('tolvan.f@example.se');
    await page.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    await page
      .getByText(
        'Sparat. De som har fått dina kontaktuppgifter får ändringen. Ändrat, och därför inte längre verifierat: tolvan.f@example.se.',
      )
      .waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Contact details' }).waitFor();
    // The agency's English name comes from its own definition, through the trust list.
    await page.getByText('✓ Registered address, from Swedish Tax Agency').waitFor();
    await context.close();
  }, 60_000);
});
