import type { Browser, Page } from 'playwright-core';
import { karinsChildren } from '../issuer/src/register/demo-families.js';
import { createOffer } from '../issuer/test/wallet-client.js';
import { api, tokenSession } from '../wallet/test/wallet-api.js';
import { expectAccessible, launchChromium, pageWidth, shoot, signInToWallet } from './system/browser.js';
import { startSystem, type RunningSystem } from './system/start-system.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';

async function expectAccessibleAt320(page: Page): Promise<void> {
  expect(await pageWidth(page)).toBeLessThanOrEqual(320);
  await expectAccessible(page);
}

const karin = '197011082232';
const [elsa, oskar] = karinsChildren;

/**
 * "Jag företräder" in a real browser at 320 px (issue #20): Karin's switch lists herself and
 * her two children; the school's consent screen says on whose behalf the data go and which
 * credential proves she may; choosing one child narrows it to that child; she answers for both.
 */
describe('acting for one’s children in a browser', () => {
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

  it('switches whom Karin acts for and shows it at consent', async () => {
    const wallet = system.wallet.baseUrl;
    // The credentials and the profile come through the API; their own screens have browser tests.
    const token = await tokenSession(wallet, karin);
    const offer = await createOffer(system.issuer.baseUrl, system.issuer.apiKey, 'skatteverket', {
      personal_identity_number: karin,
      credential_configuration_ids: ['person_identity', 'guardian_credential'],
    });
    const received = await api(wallet, token, 'POST', '/api/credential-offers', {
      offer: offer.body.offer_link,
      tx_code: offer.body.tx_code,
    });
    expect(received.status).toBe(201);
    expect(
      (await api(wallet, token, 'POST', `/api/credential-offers/${received.body.id}/accept`)).status,
    ).toBe(200);
    const saved = await api(wallet, token, 'PUT', '/api/profile', {
      profile_version: 0,
      address: {
        street_address: 'Skolvägen 3',
        postal_code: '123 45',
        locality: 'Solbacken',
        country: 'SE',
        source: 'self',
      },
      emails: [{ address: 'karin@example.se' }],
      phones: [{ number: '+46701234568' }],
      preferred_language: 'sv',
      contact_preferences: { default: ['email'] },
    });
    expect(saved.status).toBe(200);

    const context = await browser.newContext({
      viewport: { width: 320, height: 740 },
      bypassCSP: true,
      locale: 'sv-SE',
    });
    const page = await context.newPage();
    await signInToWallet(page, wallet, karin);
    const select = page.getByLabel('Jag företräder');
    await select.waitFor();
    expect(await select.locator('option').allTextContents()).toEqual([
      'Mig själv',
      'Elsa Berg (barn)',
      'Oskar Berg (barn)',
    ]);
    await expectAccessibleAt320(page);

    const asked = await createPresentationRequest(system.verifier, 'school', {
      template: 'guardian_contact',
      children: [elsa, oskar].map((c) => c.personal_identity_number),
    });
    expect(asked.status).toBe(201);
    await page.goto(`${wallet}/present?request=${encodeURIComponent(asked.body.openid4vp_url)}`);
    const onBehalf = page.locator('section.on-behalf-of');
    await page.getByRole('heading', { name: 'Uppgifterna lämnas för' }).waitFor();
    for (const name of ['Elsa Berg', 'Oskar Berg']) {
      await onBehalf.getByText(name).waitFor();
    }
    expect(await onBehalf.textContent()).toContain(
      'Din rätt att företräda styrks av: Vårdnadshavare (Skatteverket)',
    );
    // Her identity credential answers the identity choice: the PID and address alternatives
    // are not asked of her.
    expect(await page.getByText('Du saknar det här intyget').count()).toBe(0);
    await expectAccessibleAt320(page);
    await shoot(page, '18-acting-for-consent');

    // Acting for Elsa: the same request, only her guardian credential.
    await page.getByLabel('Jag företräder').selectOption({ label: 'Elsa Berg (barn)' });
    await onBehalf.getByText('Du visar bara intygen som gäller den du företräder.').waitFor();
    expect(await onBehalf.getByText('Oskar Berg').count()).toBe(0);
    await expectAccessibleAt320(page);

    // For both again, and the answer goes.
    await page.getByLabel('Jag företräder').selectOption({ label: 'Mig själv' });
    await onBehalf.getByText('Oskar Berg').waitFor();
    await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
    await page.getByRole('status').getByText('Uppgifterna är skickade.').waitFor();
    const result = await readPresentationResult(system.verifier, 'school', asked.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims.guardian).toHaveLength(2);
    await context.close();
  }, 120_000);
});
