import type { Browser, Page } from 'playwright-core';
import {
  expectAccessible,
  expectFocusOn,
  launchChromium,
  pageWidth,
  shoot,
  signInToWallet,
} from './system/browser.js';
import { startSystem, type RunningSystem } from './system/start-system.js';
import { createOffer } from '../issuer/test/wallet-client.js';
import { api, tokenSession } from '../wallet/test/wallet-api.js';

async function expectAccessibleAt320(page: Page): Promise<void> {
  expect(await pageWidth(page)).toBeLessThanOrEqual(320);
  await expectAccessible(page);
}

const tolvan = '191212121212';

/**
 * Story 5's screens in a real browser at 320 px: Tolvan answers the school's request with a
 * standing permission, shares her contact details with two more bodies from one screen, sees
 * all three permissions with what each gets, and withdraws one with a confirmation.
 */
describe('standing permissions in a browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  beforeAll(async () => {
    system = await startSystem('sqlite', { walletSettings: { deliveryPollSeconds: 1 } });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('grants, shares with several, lists and withdraws', async () => {
    const wallet = system.wallet.baseUrl;
    // The profile itself is filled through the API; its own screen has a browser test.
    const token = await tokenSession(wallet, tolvan);
    const saved = await api(wallet, token, 'PUT', '/api/profile', {
      profile_version: 0,
      address: {
        street_address: 'Storgatan 1',
        postal_code: '111 22',
        locality: 'Stockholm',
        country: 'SE',
        source: 'self',
      },
      emails: [{ address: 'tolvan@example.se' }],
      phones: [{ number: '+46701234567' }],
      preferred_language: 'sv',
      contact_preferences: { default: ['digital_mailbox', 'email'] },
    });
    expect(saved.status).toBe(200);
    // A verified e-mail carries the wallet provider's proof (a JWS); the screen must never show it.
    const emailId = saved.body.profile.emails[0].id;
    expect((await api(wallet, token, 'POST', `/api/profile/emails/${emailId}/code`)).status).toBe(202);
    const outbox = await api(wallet, token, 'GET', '/demo/outbox.json');
    const code = /\b(\d{6})\b/.exec(outbox.body.messages[0].text)![1]!;
    const verified = await api(wallet, token, 'POST', `/api/profile/emails/${emailId}/verify`, { code });
    expect(verified.status).toBe(200);

    const context = await browser.newContext({
      viewport: { width: 320, height: 740 },
      bypassCSP: true,
      locale: 'sv-SE',
    });
    const page = await context.newPage();
    await signInToWallet(page, wallet, tolvan);

    // The school asks; the consent screen says plainly that it wants future changes too.
    await page.goto(`${system.verifier.url}/school`);
    await page.getByRole('link', { name: 'Öppna i plånboken' }).click();
    await page.getByRole('heading', { name: 'Vem frågar?' }).waitFor();
    await page.getByRole('heading', { name: 'Solbackens skola ber också om framtida ändringar' }).waitFor();
    // What is said follows the choice: once by default, future changes only when chosen.
    await page.getByText('Solbackens skola får uppgifterna bara den här gången.').waitFor();
    // The verified e-mail reads as verified, the unverified phone as not; no proof, no raw flags.
    const email = page.locator('.claim-choices li', { hasText: 'tolvan@example.se' });
    expect(await email.locator('.claim-value').textContent()).toBe('tolvan@example.se ✓ verifierad');
    const phone = page.locator('.claim-choices li', { hasText: '+46701234567' });
    expect(await phone.locator('.claim-value').textContent()).toBe('+46701234567 (inte verifierad)');
    expect(await page.locator('main').textContent()).not.toMatch(/eyJ|true|false/);
    await expectAccessibleAt320(page);
    // One-off is the default; the person chooses the standing permission.
    expect(await page.isChecked('#standing-no')).toBe(true);
    await page.getByLabel('Dela nu och skicka framtida ändringar', { exact: false }).check();
    await page.getByText('Solbackens skola får även framtida ändringar tills du återkallar.').waitFor();
    await shoot(page, '12-standing-consent');
    await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
    await page.getByText('Stående tillstånd givet.', { exact: false }).waitFor();

    // Back at the school: its fields in Swedish; only the e-mail with the wallet provider's
    // proof reads and looks verified, the phone number as given by the person.
    await page.getByRole('link', { name: 'Fortsätt till mottagaren' }).click();
    await page.waitForFunction(
      () => (globalThis as any).document.getElementById('f-contact_profile-emails')?.value !== '',
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.getByLabel('E-post', { exact: true }).inputValue()).toBe(
      'tolvan@example.se ✓ verifierad',
    );
    expect(await page.textContent('#f-contact_profile-emails-source')).toBe(
      'Verifierat av Min profil plånbok',
    );
    expect(await page.getByLabel('Telefon', { exact: true }).inputValue()).toBe(
      '+46701234567 (inte verifierad)',
    );
    expect(await page.textContent('#f-contact_profile-phones-source')).toBe('Uppgett av personen');
    expect(await page.getAttribute('#f-contact_profile-phones-source', 'class')).toBe('source self');
    expect(await page.locator('main').textContent()).not.toMatch(/eyJ|emails|phones/);
    await expectAccessibleAt320(page);

    // Two more bodies from one screen, chosen from the trust list's registered consumers.
    await page.goto(`${wallet}/standing-permissions`);
    await page.getByRole('heading', { name: 'Stående tillstånd', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Dela med flera' }).click();
    await page.getByRole('heading', { name: 'Dela med flera' }).waitFor();
    await page.getByLabel('Exempelby kommun').check();
    await page.getByLabel('Försäkringskassan').check();
    // Nothing is chosen for the person: she picks which details go.
    for (const field of ['Adress', 'E-postadresser', 'Kontaktsätt']) {
      await page.getByLabel(field, { exact: true }).check();
    }
    await expectAccessibleAt320(page);
    await shoot(page, '13-share-with-several');
    // Without an identity credential nothing starts (contract version 2): the page says what to
    // fetch first and where, in Swedish, with focus on it.
    await page.getByRole('button', { name: 'Dela', exact: true }).click();
    await page.getByText('Du behöver först hämta ditt identitetsintyg från Skatteverket.').waitFor();
    await expectFocusOn(page, 'Du behöver först hämta ditt identitetsintyg från Skatteverket.');
    const fetchLink = page.getByRole('link', { name: 'Hämta identitetsintyg från Skatteverket' });
    expect(await fetchLink.getAttribute('href')).toBe('/holders#holder-skatteverket');
    expect(await page.getByText(/identity_credential_required|409/).count()).toBe(0);
    await expectAccessibleAt320(page);
    expect((await api(wallet, token, 'GET', '/api/standing-permissions')).body.permissions).toHaveLength(1);
    // Tolvan fetches it (here through Skatteverket's offer), and shares again.
    const offer = await createOffer(system.issuer.baseUrl, system.issuer.apiKey, 'skatteverket', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['person_identity'],
    });
    const received = await api(wallet, token, 'POST', '/api/credential-offers', {
      offer: offer.body.credential_offer_uri ?? offer.body.offer_link,
      tx_code: offer.body.tx_code,
    });
    expect(
      (await api(wallet, token, 'POST', `/api/credential-offers/${received.body.id}/accept`)).status,
    ).toBe(200);
    await page.getByRole('button', { name: 'Dela', exact: true }).click();
    await page.getByText('Delat. Mottagarna får dina uppgifter strax.').waitFor();

    // All three, with what each gets and when it was last sent.
    await page.getByRole('link', { name: 'Tillbaka till stående tillstånd' }).click();
    const card = (name: string) => page.getByRole('listitem', { name });
    for (const name of ['Solbackens skola', 'Exempelby kommun', 'Försäkringskassan']) {
      await card(name).waitFor();
      await expect(card(name).getByText('Gäller').isVisible()).resolves.toBe(true);
    }
    // Deliveries happen in the background; reload until each card shows a time for the last one.
    for (let i = 0; i < 50; i++) {
      const never = await page.getByText('Inte än').count();
      if (never === 0) break;
      await page.waitForTimeout(200);
      await page.reload();
      await card('Försäkringskassan').waitFor();
    }
    expect(await page.getByText('Inte än').count()).toBe(0);
    await expectAccessibleAt320(page);
    await shoot(page, '14-standing-permissions');

    // Withdraw the municipality: a confirmation first, focus on it, then it is ended.
    await card('Exempelby kommun').getByRole('button', { name: 'Återkalla' }).click();
    const confirmation = card('Exempelby kommun').getByRole('alertdialog');
    await confirmation.waitFor();
    expect(await confirmation.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    await expectAccessibleAt320(page);
    await confirmation.getByRole('button', { name: 'Ja, återkalla' }).click();
    await page.getByRole('status').getByText('Återkallat.').waitFor();
    await card('Exempelby kommun').getByText('Återkallat av dig').waitFor();
    await expect(card('Exempelby kommun').getByRole('button', { name: 'Återkalla' }).count()).resolves.toBe(
      0,
    );
    // What happened takes focus, and an ended permission shows nothing "on its way".
    await expectFocusOn(page, 'Återkallat.');
    expect(await card('Exempelby kommun').getByText('På väg').count()).toBe(0);

    // Narrowing a permission says what the recipient gets now (not the button's label).
    await card('Försäkringskassan').getByRole('button', { name: 'Ändra uppgifter' }).click();
    await card('Försäkringskassan').getByLabel('Kontaktsätt', { exact: true }).uncheck();
    await card('Försäkringskassan').getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Ändrat. Försäkringskassan får nu: Adress, E-postadresser.').waitFor();
    await expectFocusOn(page, 'Ändrat.');
    await expectAccessibleAt320(page);

    // The log says it in Swedish: outcomes and the profile's field names, no codes.
    await page.goto(`${wallet}/log`);
    await page.getByText('Återkallat av dig').first().waitFor();
    await page.getByText('Uppgifterna ändrade').first().waitFor();
    await page.getByText('Levererat').first().waitFor();
    const log = (await page.locator('main').textContent()) ?? '';
    expect(log).not.toMatch(/withdrawn by you|fields changed|delivered \(|standing permission granted/);
    expect(log).not.toMatch(/\bemails\b|contact_preferences/);
    await expectAccessibleAt320(page);
    await context.close();
  }, 120_000);
});
