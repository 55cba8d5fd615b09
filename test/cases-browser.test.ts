import type { Browser } from 'playwright-core';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { expectAccessible, launchChromium, pageWidth, shoot, signInToWallet } from './system/browser.js';
import { createPresentationRequest } from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier, wholeDemoTrust } from './wallet-with-verifier.js';

const tolvan = '191212121212';

/**
 * "Mina ärenden" in a real browser on a 320 px phone: the person opens the insurer's case on the
 * consent screen, sees it wait for them with a badge, answers the information request from the
 * case with the ordinary consent screen, reads the decision, and stops nothing that has ended.
 * Every screen passes axe and does not scroll sideways.
 */
describe('Mina ärenden in a browser', () => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let browser: Browser;
  let vct: string;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${verifier.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${verifier.apiKeys.insurer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return response.json() as Promise<any>;
  };

  beforeAll(async () => {
    ({ world, verifier } = await startWalletWithVerifier('sqlite', {
      ...wholeDemoTrust,
      verifierSettings: { webhookRetryCapMs: 1000 },
    }));
    verifier.ctx.settings.walletBaseUrl = world.wallet.baseUrl;
    vct = `${world.issuer.baseUrl}/af/vct/registration-certificate`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await verifier?.stop();
    await world?.stop();
  });

  it('opens a case on the consent screen, answers it from the case, and reads the decision at 320 px', async () => {
    const context = await browser.newContext({
      viewport: { width: 320, height: 700 },
      bypassCSP: true,
      locale: 'sv-SE',
    });
    const page = await context.newPage();
    const wallet = world.wallet.baseUrl;
    await signInToWallet(page, wallet, tolvan);

    const created = await createPresentationRequest(verifier, 'insurer', {
      template: 'unemployment_claim',
      case: { title: 'Ersättningsärende 4711', reference: '4711' },
    });
    const caseId = created.body.case.id as string;
    await page.goto(`${wallet}/present?request=${encodeURIComponent(created.body.openid4vp_url)}`);
    await page
      .getByRole('heading', { name: /vill kunna skicka besked om ärendet ”Ersättningsärende 4711”/ })
      .waitFor();
    await page.getByLabel('Ja, ta emot besked om ärendet här').check();
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await shoot(page, 'cases-1-consent');
    await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
    await page.getByText('Ärendet finns nu under Mina ärenden.').waitFor();

    await post(`/api/cases/${caseId}/events`, { type: 'received' });
    await post(`/api/cases/${caseId}/events`, {
      type: 'needs_information',
      purpose: 'Vi behöver veta sedan när du är inskriven',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [vct] },
            claims: [{ path: ['registered_since'] }],
          },
        ],
      },
    });
    await verifier.ctx.caseEvents.idle();

    // The start page leads to the case; "Mina ärenden" shows it waiting, with the badge.
    await page.goto(`${wallet}/`);
    await page.getByText('behöver uppgifter från dig i ett ärende').waitFor();
    await page.goto(`${wallet}/cases`);
    await page.getByRole('heading', { name: 'Mina ärenden', level: 1 }).waitFor();
    await page.getByText('ärenden väntar på dig').waitFor();
    expect(await page.locator('.case-waiting-count .badge').textContent()).toBe('1');
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await shoot(page, 'cases-2-list');

    await page.getByRole('link', { name: /Visa ärendet/ }).click();
    await page.getByRole('heading', { name: 'Ersättningsärende 4711', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Mottagaren behöver fler uppgifter' }).waitFor();
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await page.getByRole('button', { name: 'Svara' }).click();
    // The ordinary consent screen, for what is missing.
    await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
    await page.getByText('Uppgifterna är skickade.').waitFor();

    const pdf = Buffer.from('%PDF-1.4\n% beslut\n%%EOF\n');
    await post(`/api/cases/${caseId}/events`, {
      type: 'decision',
      title: 'Ersättning beviljas',
      document: {
        media_type: 'application/pdf',
        title: 'Beslut 4711',
        content_base64: pdf.toString('base64'),
      },
    });
    await post(`/api/cases/${caseId}/events`, { type: 'closed' });
    await verifier.ctx.caseEvents.idle();

    await page.goto(`${wallet}/cases`);
    await page.getByRole('link', { name: /Visa ärendet/ }).click();
    await page.getByRole('heading', { name: 'Du svarade på frågan' }).waitFor();
    await page.getByRole('heading', { name: 'Ärendet är avslutat' }).waitFor();
    await page.getByRole('link', { name: 'Öppna beslutet: Beslut 4711' }).waitFor();
    await expect(page.getByRole('button', { name: 'Stoppa ärendet' }).count()).resolves.toBe(0);
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await shoot(page, 'cases-3-timeline');

    // In the log, the case is the thread: the shares and the events each lead to the case.
    await page.goto(`${wallet}/log`);
    const threaded = page.locator('.timeline-item').filter({ hasText: 'Ärende: Ersättningsärende 4711' });
    await threaded.first().waitFor();
    // The opening share, the answer and five case entries (the opening and four events).
    await expect(threaded.count()).resolves.toBe(7);
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await threaded.first().getByRole('link', { name: 'Ersättningsärende 4711' }).click();
    await page.getByRole('heading', { name: 'Ersättningsärende 4711', level: 1 }).waitFor();

    // "Vem har tagit del?": the case is the thread through its shares and their later uses.
    await page.goto(`${wallet}/usage`);
    await page.getByRole('heading', { name: 'Vem har tagit del av mina uppgifter?', level: 1 }).waitFor();
    const inCase = page.locator('li.timeline-item', { hasText: 'Ersättningsärende 4711' });
    await inCase.first().waitFor();
    await page.getByLabel('Ärende', { exact: true }).selectOption({ label: 'Ersättningsärende 4711' });
    const shown = page.locator('ol.timeline > li');
    // The share that opened the case and the answer given from it: two receipts.
    await shown.filter({ hasText: 'Du delade uppgifter' }).nth(1).waitFor({ timeout: 30_000 });
    expect(await shown.count()).toBe(await inCase.count());
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await inCase.first().getByRole('link', { name: 'Ersättningsärende 4711' }).click();
    await page.getByRole('heading', { name: 'Ersättningsärende 4711', level: 1 }).waitFor();
    await context.close();
  }, 120_000);

  it("lets the insurer's caseworker move a case opened from its demo page along", async () => {
    const context = await browser.newContext({
      viewport: { width: 320, height: 700 },
      bypassCSP: true,
      locale: 'sv-SE',
    });
    const page = await context.newPage();
    const wallet = world.wallet.baseUrl;
    await signInToWallet(page, wallet, tolvan);

    await page.goto(`${verifier.url}/insurer`);
    await page.getByRole('link', { name: 'Öppna i plånboken' }).click();
    await page
      .getByRole('heading', { name: /vill kunna skicka besked om ärendet ”Ersättningsärende \d{4}”/ })
      .waitFor();
    await page.getByLabel('Ja, ta emot besked om ärendet här').check();
    await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
    await page.getByText('Ärendet finns nu under Mina ärenden.').waitFor();

    await page.goto(`${verifier.url}/insurer/cases`);
    await page.getByRole('heading', { name: 'Handläggning av ärenden' }).waitFor();
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await page.getByRole('link', { name: /Ersättningsärende \d{4}/ }).click();
    await page.getByText('Öppet').waitFor();
    for (const step of ['Mottaget', 'Begär komplettering']) {
      await page.getByRole('button', { name: step }).click();
      await page.getByRole('listitem').filter({ hasText: step }).waitFor();
    }
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await verifier.ctx.caseEvents.idle();

    // The person sees it wait for them and answers from the case.
    await page.goto(`${wallet}/cases`);
    await page.getByText('väntar på dig').first().waitFor();
    await page
      .locator('.case-waiting')
      .getByRole('link', { name: /Visa ärendet/ })
      .click();
    await page.getByRole('button', { name: 'Svara' }).click();
    await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
    await page.getByText('Uppgifterna är skickade.').waitFor();

    // The caseworker sees the answer, decides and closes.
    await page.goBack();
    await page.goto(`${verifier.url}/insurer/cases`);
    await page.getByRole('link', { name: /Ersättningsärende \d{4}/ }).click();
    await page.getByText('Personen har svarat').waitFor();
    for (const step of ['Fatta beslut', 'Avsluta']) await page.getByRole('button', { name: step }).click();
    await page.getByText('Avslutat').first().waitFor();
    await verifier.ctx.caseEvents.idle();
    await page.goto(`${wallet}/cases`);
    // Both cases are closed now, and none waits for the person.
    await page.locator('.case-item').filter({ hasText: 'Avslutat' }).nth(1).waitFor();
    await expect(page.locator('.case-waiting').count()).resolves.toBe(0);
    await context.close();
  }, 120_000);
});
