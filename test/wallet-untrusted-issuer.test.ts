import type { Browser, Page } from 'playwright-core';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { expectAccessible, launchChromium, signInToWallet } from './system/browser.js';
import { startRogueIssuer } from './wallet-rogue-issuer.js';
import { startStandInVerifier } from './wallet-stand-in-verifier.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';
const listedAfName = { sv: 'Arbetsförmedlingen (enligt förtroendelistan)', en: 'AF (per the trust list)' };

/**
 * An issuer outside the trust list names itself "Skatteverket" in its own metadata. The wallet
 * shows it by its address, never by that name, and marks it on every screen where its credential
 * appears; an issuer on the list goes by the list's name, whatever its metadata says.
 */
describe.each(testDatabaseKinds())('wallet and an issuer outside the trust list on %s', (kind) => {
  let world: WalletWorld;
  let impostor: Awaited<ReturnType<typeof startRogueIssuer>>;
  let verifier: Awaited<ReturnType<typeof startStandInVerifier>>;
  let person: WalletSession;
  let wallet: string;
  let impostorCredentialId: string;
  let preview: Awaited<ReturnType<typeof api>>;

  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    impostor = await startRogueIssuer('impostor', {
      claims: { given_name: 'Tolvan', family_name: 'Tolvansson', personal_identity_number: tolvan },
    });
    verifier = await startStandInVerifier({ trustList: () => world.trustList });
    world.addConsumer(verifier.consumer([]));
    person = await tokenSession(wallet, tolvan);
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const received = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    // The list's name for AF differs from AF's own metadata: the list's must show.
    world.trustList.issuers.find((i) => i.id === 'af')!.name = listedAfName;
    preview = await api(wallet, person, 'POST', '/api/credential-offers', { offer: impostor.offerLink });
    impostorCredentialId = preview.body.credentials[0].id;
    await api(wallet, person, 'POST', `/api/credential-offers/${preview.body.id}/accept`);
  });
  afterAll(async () => {
    await verifier?.stop();
    await impostor?.stop();
    await world?.stop();
  });

  const untrusted = () => ({
    credential_issuer: impostor.baseUrl,
    name: { und: impostor.baseUrl },
    trusted: false,
    claimed_name: { sv: 'Skatteverket', en: 'Swedish Tax Agency' },
  });

  it('marks the issuer as not on the trust list in the offer preview, the list, the detail, the overview and the log', async () => {
    expect(preview.status).toBe(201);
    expect(preview.body.credentials[0].issuer).toEqual(untrusted());

    const list = (await api(wallet, person, 'GET', '/api/credentials')).body.credentials;
    const byIssuer = (url: string) => list.find((c: any) => c.issuer.credential_issuer === url);
    expect(byIssuer(impostor.baseUrl).issuer).toEqual(untrusted());
    expect(byIssuer(`${world.issuer.baseUrl}/af`).issuer).toEqual({
      credential_issuer: `${world.issuer.baseUrl}/af`,
      name: listedAfName,
      trusted: true,
      claimed_name: null,
    });
    const detail = await api(wallet, person, 'GET', `/api/credentials/${impostorCredentialId}`);
    expect(detail.body.issuer).toEqual(untrusted());
    expect(JSON.stringify(list)).not.toContain('"sv":"Skatteverket"}');

    const overview = (await api(wallet, person, 'GET', '/api/overview')).body;
    expect(overview.holders.find((h: any) => h.credential_issuer === impostor.baseUrl)).toMatchObject({
      name: { und: impostor.baseUrl },
      trusted: false,
      held_credentials: [expect.objectContaining({ id: impostorCredentialId })],
    });
    expect(overview.holders.find((h: any) => h.id === 'af')).toMatchObject({
      name: listedAfName,
      trusted: true,
    });

    const log = (await api(wallet, person, 'GET', '/api/log?event=issuance')).body.entries;
    expect(log.find((e: any) => e.counterparty === impostor.baseUrl)).toMatchObject({
      counterparty_name: { und: impostor.baseUrl },
      counterparty_trusted: false,
    });
    expect(log.find((e: any) => e.counterparty === `${world.issuer.baseUrl}/af`)).toMatchObject({
      counterparty_name: listedAfName,
      counterparty_trusted: true,
    });
  });

  it('marks it on the consent screen too', async () => {
    const link = await verifier.signedRequest({
      credentials: [
        {
          id: 'thing',
          format: 'dc+sd-jwt',
          meta: { vct_values: [`${impostor.baseUrl}/vct/thing`] },
          claims: [{ path: ['given_name'] }],
        },
      ],
    });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.status).toBe(201);
    expect(shown.body.credential_queries[0].matches[0].issuer).toEqual(untrusted());
  });

  // Once per run, on the first database: the screens do not depend on it (no skipped test).
  if (kind === testDatabaseKinds()[0])
    describe('in a browser', () => {
      let browser: Browser;
      let page: Page;
      beforeAll(async () => {
        browser = await launchChromium();
        const context = await browser.newContext({ bypassCSP: true, locale: 'sv-SE' });
        page = await context.newPage();
        await signInToWallet(page, wallet, tolvan);
        await page.goto(`${wallet}/credentials`);
      }, 60_000);
      afterAll(async () => {
        await browser?.close();
      });

      const marking = 'Finns inte i förtroendelistan';

      it('shows the marking, in Swedish, on the list, the offer preview, the detail, the overview, the log and the consent screen', async () => {
        const cards = page.locator('article.credential-card');
        await cards.first().waitFor();
        const impostorCard = cards.filter({ hasText: impostor.baseUrl });
        await impostorCard.getByText(marking).waitFor();
        expect(await impostorCard.textContent()).not.toContain('Skatteverket');
        const afCard = cards.filter({ hasText: listedAfName.sv });
        expect(await afCard.count()).toBe(1);
        expect(await afCard.getByText(marking).count()).toBe(0);
        await expectAccessible(page);

        // The offer preview, before anything is kept.
        await page.goto(`${wallet}/receive?offer=${encodeURIComponent(impostor.offerLink)}`);
        const preview = page.locator('article.credential-card', { hasText: impostor.baseUrl });
        await preview.getByText(marking).waitFor();
        expect(await preview.textContent()).not.toContain('Skatteverket');
        await expectAccessible(page);

        await page.goto(`${wallet}/credentials/${impostorCredentialId}`);
        await page.locator('article.credential-card').getByText(marking).waitFor();
        await expectAccessible(page);

        await page.goto(`${wallet}/overview`);
        await page.locator('article.card', { hasText: impostor.baseUrl }).getByText(marking).waitFor();
        await expectAccessible(page);

        await page.goto(`${wallet}/log`);
        await page
          .locator('li.timeline-item', { hasText: impostor.baseUrl })
          .first()
          .getByText(marking)
          .waitFor();
        await expectAccessible(page);

        const link = await verifier.signedRequest({
          credentials: [
            {
              id: 'thing',
              format: 'dc+sd-jwt',
              meta: { vct_values: [`${impostor.baseUrl}/vct/thing`] },
              claims: [{ path: ['given_name'] }],
            },
          ],
        });
        await page.goto(`${wallet}/present?request=${encodeURIComponent(link)}`);
        await page.locator('article.card', { hasText: impostor.baseUrl }).getByText(marking).waitFor();
        await expectAccessible(page);

        // English as a choice.
        await page.getByRole('button', { name: 'English' }).click();
        await page
          .locator('article.card', { hasText: impostor.baseUrl })
          .getByText('Not on the trust list')
          .waitFor();
      });
    });
});
