import type { Browser, Page } from 'playwright-core';
import { api, tokenSession } from '../wallet/test/wallet-api.js';
import { expectAccessible, launchChromium, signInToWallet } from './system/browser.js';
import { startInsurerAskingForCertificate } from './wallet-stand-in-verifier.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

/**
 * The consent screen in a browser: a query that names no claims is shown as sharing nothing
 * selectively disclosable (OpenID4VP 1.0 §6.4.1), and a verifier that answers with a
 * `javascript:` redirect_uri gets no link on the page, only the wallet's own "done" state; an
 * unsigned request is explained, with nothing to choose and no button to share.
 */
describe('the consent screen in a browser', () => {
  let world: WalletWorld;
  let verifier: Awaited<ReturnType<typeof startInsurerAskingForCertificate>>['verifier'];
  let browser: Browser;
  let page: Page;
  let certificateVct: string;

  beforeAll(async () => {
    world = await startWalletWorld('sqlite');
    ({ verifier, certificateVct } = await startInsurerAskingForCertificate(world));
    const wallet = world.wallet.baseUrl;
    const token = await tokenSession(wallet, tolvan);
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const received = await api(wallet, token, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    await api(wallet, token, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    browser = await launchChromium();
    const context = await browser.newContext({ bypassCSP: true, locale: 'sv-SE' });
    page = await context.newPage();
    await signInToWallet(page, wallet, tolvan);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await verifier?.stop();
    await world?.stop();
  });

  it('says nothing optional is shared for a query without claims, and drops a javascript: redirect', async () => {
    verifier.answerWithRedirect('javascript:document.title="owned"');
    const link = await verifier.signedRequest({
      credentials: [{ id: 'certificate', format: 'dc+sd-jwt', meta: { vct_values: [certificateVct] } }],
    });
    await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(link)}`);
    await page.getByText('Inga valbara uppgifter ur intyget delas').waitFor();
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
    await page.getByText('Uppgifterna är skickade.').waitFor();
    expect(await page.getByRole('link', { name: 'Fortsätt till mottagaren' }).count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    await expectAccessible(page);

    const answer = verifier.answers.at(-1)!;
    expect(answer.presentations.certificate![0]!.verified!.disclosures).toEqual([]);
  });

  it('explains an unsigned request instead of offering to share (presentation phishing)', async () => {
    const before = verifier.answers.length;
    const link = verifier.unsignedRequest({
      credentials: [
        {
          id: 'certificate',
          format: 'dc+sd-jwt',
          meta: { vct_values: [certificateVct] },
          claims: [{ path: ['given_name'] }],
        },
      ],
    });
    await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(link)}`);
    await page.getByRole('heading', { name: 'Plånboken svarar inte på den här begäran' }).waitFor();
    await page.getByText('Begäran är inte signerad').waitFor();
    expect(await page.getByRole('button', { name: 'Godkänn och skicka' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Neka' }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await expectAccessible(page);
    expect(verifier.answers.length).toBe(before);
  });
});
