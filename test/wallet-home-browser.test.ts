import type { Browser, Page } from 'playwright-core';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import {
  continueAtHolder,
  expectAccessible,
  expectFocusOn,
  launchChromium,
  pageWidth,
  shoot,
  signInAtEid,
  signInToWallet,
} from './system/browser.js';
import { startStandingConsumer } from '../wallet/test/standing-consumer.js';
import { startInsurerAskingForCertificate } from './wallet-stand-in-verifier.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';
const phone = { width: 390, height: 844 };
const wide = { width: 1280, height: 800 };

/** The element's box lies wholly inside the viewport: seen without scrolling. */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
}

/**
 * The wallet for people (start page and navigation): "Hem" says what needs the person now and
 * leads straight there; five destinations in a bottom bar on a phone and a top bar on a wide
 * screen, the rest under "Mer"; consent without the menu and with the decision in view; and the
 * paths that go wrong end in Swedish with a next step and focus where it belongs.
 */
describe('the wallet start page and navigation in a browser', () => {
  let world: WalletWorld;
  let verifier: Awaited<ReturnType<typeof startInsurerAskingForCertificate>>['verifier'];
  let browser: Browser;
  let token: WalletSession;
  let certificateVct: string;

  const request = () =>
    verifier.signedRequest({
      credentials: [
        {
          id: 'certificate',
          format: 'dc+sd-jwt',
          meta: { vct_values: [certificateVct] },
          claims: [{ path: ['given_name'] }],
        },
      ],
    });

  const receive = async (txCode: boolean) => {
    const offer = await world.offer('af', tolvan, ['registration_certificate'], txCode);
    return { link: offer.offer_link as string, code: offer.tx_code as string | undefined };
  };

  const keep = async () => {
    const { link } = await receive(false);
    const received = await api(world.wallet.baseUrl, token, 'POST', '/api/credential-offers', {
      offer: link,
    });
    await api(world.wallet.baseUrl, token, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    return received.body.credentials[0].id as string;
  };

  const signedIn = async (viewport: { width: number; height: number }) => {
    const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'sv-SE' });
    const page = await context.newPage();
    await signInToWallet(page, world.wallet.baseUrl, tolvan);
    return { context, page };
  };

  beforeAll(async () => {
    world = await startWalletWorld('sqlite');
    ({ verifier, certificateVct } = await startInsurerAskingForCertificate(world));
    token = await tokenSession(world.wallet.baseUrl, tolvan);
    await keep();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await verifier?.stop();
    await world?.stop();
  });

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`Hem leads from a waiting request straight to a focused consent screen (${label})`, async () => {
      const opened = await api(world.wallet.baseUrl, token, 'POST', '/api/presentation-requests', {
        request: await request(),
      });
      expect(opened.status).toBe(201);
      const { context, page } = await signedIn(viewport);
      try {
        const waiting = page.locator('li.needs-request', { hasText: 'Försäkringsbolaget' });
        await waiting.getByText('ber om uppgifter och väntar på ditt svar.').waitFor();
        await page.getByRole('heading', { name: 'Dina intyg' }).waitFor();
        await page.locator('.glance').getByRole('link', { name: 'Inskrivningsintyg' }).waitFor();
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
        await shoot(page, viewport === phone ? '16-home-phone' : '17-home-wide');

        // Five destinations: at the bottom of a phone, at the top of a wide screen.
        const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
        expect(await nav.getByRole('link').allTextContents()).toEqual([
          'Hem',
          'Mina intyg',
          'Delat',
          'Profil',
          'Mer',
        ]);
        expect(await nav.getByRole('link', { name: 'Hem' }).getAttribute('aria-current')).toBe('page');
        const box = (await nav.boundingBox())!;
        if (viewport === phone) expect(box.y + box.height).toBeGreaterThanOrEqual(viewport.height - 1);
        else expect(box.y).toBeLessThan(150);

        await waiting.getByRole('link', { name: /^Svara/ }).click();
        await page.getByRole('heading', { name: 'Vem frågar?' }).waitFor();
        expect(page.url()).toContain(`/present?id=${opened.body.id}`);
        // Focused: no menu, and the decision is on the first screen.
        expect(await page.getByRole('navigation').count()).toBe(0);
        // The asker's identifier is technical: behind "Tekniska detaljer", not under its name.
        expect(await page.getByText(verifier.clientId).isVisible()).toBe(false);
        await page.getByText('Tekniska detaljer').click();
        expect(await page.getByText(verifier.clientId).isVisible()).toBe(true);
        expect(await inViewport(page, '.decision-bar button:has-text("Godkänn och skicka")')).toBe(true);
        expect(await inViewport(page, '.decision-bar button:has-text("Neka")')).toBe(true);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);

        await page.getByRole('button', { name: 'Neka' }).click();
        await page.getByText('Du nekade. Mottagaren har fått veta det.').waitFor();
        await expectFocusOn(page, 'Du nekade.');

        await page.getByRole('link', { name: 'Till startsidan' }).click();
        await page.getByRole('heading', { name: 'Hem', level: 1 }).waitFor();
        await page.getByText('Inget väntar på dig just nu.').waitFor();
      } finally {
        await context.close();
      }
    }, 90_000);
  }

  it('keeps the rest under Mer, grouped, with the page for pasting a link', async () => {
    const { context, page } = await signedIn(phone);
    try {
      const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
      await nav.getByRole('link', { name: 'Mer' }).click();
      await page.getByRole('heading', { name: 'Mer', level: 1 }).waitFor();
      for (const group of ['Hämta och dela', 'Tillstånd och historik', 'Konto'])
        await page.getByRole('heading', { name: group, level: 2 }).waitFor();
      for (const link of [
        'Hämta ett intyg',
        'Mina ärenden',
        'Vem har tagit del?',
        'Avsluta kontot',
        'Stående tillstånd',
        'Logg',
        'Godkända dokument',
        'Inställningar',
      ])
        await page.getByRole('main').getByRole('link', { name: link }).waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
      await expectAccessible(page);

      // Every destination at 390 px: nothing scrolls sideways and the heading is on the first screen.
      for (const path of [
        '/',
        '/credentials',
        '/overview',
        '/profile',
        '/more',
        '/holders',
        '/present',
        '/standing-permissions',
        '/log',
        '/approvals',
        '/settings',
        '/cases',
        '/usage',
        '/account/close',
      ]) {
        await page.goto(`${world.wallet.baseUrl}${path}`);
        await page.locator('main h1').waitFor();
        expect({ path, width: await pageWidth(page) }).toEqual({ path, width: 390 });
        expect({ path, above: await inViewport(page, 'main h1') }).toEqual({ path, above: true });
      }
      await page.goto(`${world.wallet.baseUrl}/more`);
      await page.getByRole('link', { name: 'Öppna en länk från en mottagare' }).click();
      await page.getByLabel('Länk från mottagaren').waitFor();
      // A page under Mer keeps Mer marked in the bar.
      expect(await nav.getByRole('link', { name: 'Mer' }).getAttribute('aria-current')).toBe('true');
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  }, 60_000);

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`marks what is needed and what is beyond the registration, and asks before sending without what is needed (${label})`, async () => {
      const link = await verifier.signedRequest({
        credentials: [
          {
            id: 'certificate',
            format: 'dc+sd-jwt',
            meta: { vct_values: [certificateVct] },
            claims: [{ path: ['given_name'] }, { path: ['family_name'] }],
          },
        ],
      });
      const { context, page } = await signedIn(viewport);
      try {
        const before = verifier.answers.length;
        await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(link)}`);
        await page
          .getByText('Mottagaren frågar efter mer än den är registrerad för: Efternamn. De är inte förvalda')
          .waitFor();
        const given = page.locator('.claim-choices li', { hasText: 'Förnamn' });
        const family = page.locator('.claim-choices li', { hasText: 'Efternamn' });
        await given.getByText('Behövs för ärendet').waitFor();
        await family.getByText('Utöver registreringen').waitFor();
        expect(await given.getByRole('checkbox').isChecked()).toBe(true);
        expect(await family.getByRole('checkbox').isChecked()).toBe(false);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);

        await given.getByRole('checkbox').uncheck();
        await family.getByRole('checkbox').check();
        await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
        const question = page.getByRole('alertdialog');
        await question
          .getByText(
            'Försäkringsbolaget behöver de här uppgifterna för ärendet, och du har valt bort dem: Förnamn.',
          )
          .waitFor();
        await expectFocusOn(page, 'behöver de här uppgifterna');
        // The next step is in the question: change the choices or send anyway.
        expect(await inViewport(page, '[role="alertdialog"] button:has-text("Ändra valen")')).toBe(true);
        expect(await inViewport(page, '[role="alertdialog"] button:has-text("Skicka ändå")')).toBe(true);
        await expectAccessible(page);
        await question.getByRole('button', { name: 'Ändra valen' }).click();
        expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe(
          'certificate-given_name',
        );
        expect(verifier.answers.length).toBe(before);

        await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
        await page.getByRole('alertdialog').getByRole('button', { name: 'Skicka ändå' }).click();
        await expectFocusOn(page, 'Uppgifterna är skickade.');
        expect(verifier.answers.length).toBe(before + 1);
        // The next step: back to Hem.
        await page.getByRole('link', { name: 'Till startsidan' }).waitFor();
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`says a request is answered when the page is reloaded after sending (${label})`, async () => {
      const { context, page } = await signedIn(viewport);
      try {
        await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(await request())}`);
        await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
        await page.getByText('Uppgifterna är skickade.').waitFor();
        await expectFocusOn(page, 'Uppgifterna är skickade.');
        expect(page.url()).not.toContain('openid4vp');

        await page.reload();
        await page.getByText('Förfrågan är redan besvarad.').waitFor();
        await page.getByText('be mottagaren om en ny förfrågan').waitFor();
        expect(await page.getByRole('button', { name: 'Godkänn och skicka' }).count()).toBe(0);
        expect(await page.getByText(/HTTP|410|invalid_request/).count()).toBe(0);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`keeps a wrong one-time code in the field, says so in Swedish, and never in the URL (${label})`, async () => {
      const { context, page } = await signedIn(viewport);
      try {
        const offer = await receive(true);
        const wrong = offer.code === '000000' ? '111111' : '000000';
        await page.goto(`${world.wallet.baseUrl}/receive?offer=${encodeURIComponent(offer.link)}`);
        const field = page.getByLabel('Engångskod');
        await field.fill(wrong);
        await page.getByRole('button', { name: 'Hämta', exact: true }).click();
        await page.getByText('Koden stämmer inte.').waitFor();
        await page.getByText('Försök igen.').waitFor();
        expect(await field.inputValue()).toBe(wrong);
        expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('tx_code');
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        expect(page.url()).not.toContain(wrong);
        expect(page.url()).not.toContain('tx_code');
        expect(await page.getByText(/token request|issuer refused/).count()).toBe(0);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
        // With the right code: the credential to check before saving, without a "Status: Väntar".
        await field.fill(offer.code!);
        await page.getByRole('button', { name: 'Hämta', exact: true }).click();
        await page.getByText('Kontrollera att uppgifterna stämmer innan du sparar dem.').waitFor();
        expect(await page.locator('.preview .facts dt', { hasText: 'Status' }).count()).toBe(0);
        expect(await page.locator('.preview').getByText('Väntar').count()).toBe(0);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`says a used offer link is used, with what to do, instead of a technical error (${label})`, async () => {
      const { link } = await receive(false);
      const received = await api(world.wallet.baseUrl, token, 'POST', '/api/credential-offers', {
        offer: link,
      });
      await api(world.wallet.baseUrl, token, 'POST', `/api/credential-offers/${received.body.id}/accept`);
      const { context, page } = await signedIn(viewport);
      try {
        await page.goto(`${world.wallet.baseUrl}/receive?offer=${encodeURIComponent(link)}`);
        await page.getByText('Länken är redan använd eller har gått ut.').waitFor();
        await page.getByText('Be om en ny länk.').waitFor();
        await expectFocusOn(page, 'Länken är redan använd');
        expect(await page.getByText(/malformed|invalid_|token request/).count()).toBe(0);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`brings a person who cancels at the eID back to the start page with a sentence, not JSON (${label})`, async () => {
      const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'sv-SE' });
      try {
        const page = await context.newPage();
        await page.goto(`${world.wallet.baseUrl}/`);
        await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click();
        await page.waitForSelector('#identity_number');
        await page.getByRole('button', { name: 'Avbryt inloggningen' }).click();
        await page.getByText('Inloggningen avbröts. Logga in igen när du vill fortsätta.').waitFor();
        await page.getByRole('link', { name: 'Logga in med e-legitimation' }).waitFor();
        expect(page.url()).toBe(`${world.wallet.baseUrl}/`);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`says who is asking on the welcome when the person arrives from a service, and opens the request after sign-in (${label})`, async () => {
      const link = await request();
      const openBefore = (await api(world.wallet.baseUrl, token, 'GET', '/api/home')).body.open_requests
        .length;
      const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'sv-SE' });
      try {
        const page = await context.newPage();
        await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(link)}`);
        await page
          .getByRole('heading', { name: 'Försäkringsbolaget ber om uppgifter – logga in för att fortsätta' })
          .waitFor();
        expect(await inViewport(page, 'a[href^="/auth/login"]')).toBe(true);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
        // Nothing was fetched or kept for anyone before sign-in.
        expect((await api(world.wallet.baseUrl, token, 'GET', '/api/home')).body.open_requests).toHaveLength(
          openBefore,
        );
        await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click();
        await signInAtEid(page, tolvan);
        // The sign-in comes back to the request: the consent screen, naming the same asker.
        await page.getByRole('heading', { name: 'Vem frågar?' }).waitFor();
        await page.getByText('Försäkringsbolaget', { exact: true }).first().waitFor();
      } finally {
        await context.close();
      }
    }, 60_000);

    it(`the log and the overview name details by their display names and each type once (${label})`, async () => {
      const opened = await api(world.wallet.baseUrl, token, 'POST', '/api/presentation-requests', {
        request: await request(),
      });
      const sent = await api(
        world.wallet.baseUrl,
        token,
        'POST',
        `/api/presentation-requests/${opened.body.id}/response`,
        { decision: 'approve' },
      );
      expect(sent.body.delivered).toBe(true);
      const log = await api(world.wallet.baseUrl, token, 'GET', '/api/log?event=presentation');
      expect(log.body.entries[0]).toMatchObject({
        claims: ['given_name'],
        claim_labels: [{ sv: 'Förnamn' }],
      });
      const { context, page } = await signedIn(viewport);
      try {
        await page.goto(`${world.wallet.baseUrl}/log`);
        const entry = page.locator('.timeline-item.event-presentation').first();
        await entry.getByText('Förnamn').waitFor();
        expect(await entry.textContent()).not.toContain('given_name');
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);

        await page.goto(`${world.wallet.baseUrl}/overview`);
        const af = page.locator('article.card', {
          has: page.getByRole('heading', { name: 'Arbetsförmedlingen' }),
        });
        // Offered as SD-JWT VC and as W3C VC: one type to the person.
        expect(await af.locator('p').first().textContent()).toBe('Inskrivningsintyg');
        const shared = page.locator('article.card', {
          has: page.getByRole('heading', { name: 'Försäkringsbolaget' }),
        });
        await shared.getByText('Förnamn', { exact: false }).first().waitFor();
        expect(await shared.textContent()).not.toContain('given_name');
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 60_000);

    it(`asks in the page before deleting the log, and says it is deleted (${label})`, async () => {
      const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'sv-SE' });
      try {
        const page = await context.newPage();
        // Someone else than the person the other tests read the log of.
        await signInToWallet(page, world.wallet.baseUrl, '198806244417');
        await page.goto(`${world.wallet.baseUrl}/log`);
        let browserDialogs = 0;
        page.on('dialog', (dialog) => {
          browserDialogs++;
          void dialog.dismiss();
        });
        await page.getByRole('button', { name: 'Radera loggen' }).click();
        await expectFocusOn(page, 'Vill du radera hela loggen?');
        await page.getByRole('button', { name: 'Ja, radera loggen' }).click();
        await page.getByText('Loggen är raderad. Nya händelser loggas från och med nu.').waitFor();
        await expectFocusOn(page, 'Loggen är raderad.');
        await page.getByText('Loggen är tom.').waitFor();
        expect(browserDialogs).toBe(0);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('names no one on the welcome for a link whose asker is not on the trust list', async () => {
    const unknown = new URL('openid4vp://');
    unknown.searchParams.set('client_id', 'decentralized_identifier:did:web:example.com');
    unknown.searchParams.set('request_uri', 'https://example.com/request');
    const answer = await fetch(
      `${world.wallet.baseUrl}/api/asker?request=${encodeURIComponent(unknown.toString())}`,
    ).then((r) => r.json());
    expect(answer).toEqual({ name: null });
    const context = await browser.newContext({ viewport: phone, bypassCSP: true, locale: 'sv-SE' });
    try {
      const page = await context.newPage();
      await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(unknown.toString())}`);
      await page.getByRole('heading', { name: 'Dina uppgifter, i dina händer' }).waitFor();
      expect(await page.getByText('ber om uppgifter').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`fetches a missing credential in the same tab and comes back to the request to answer it (${label})`, async () => {
      const samir = '198806244417';
      // Samir holds no registration certificate at the start of each run (the other width's fetched one).
      const samirs = await tokenSession(world.wallet.baseUrl, samir);
      const held = (await api(world.wallet.baseUrl, samirs, 'GET', '/api/credentials')).body
        .credentials as Array<{ id: string }>;
      for (const credential of held)
        expect(
          (await api(world.wallet.baseUrl, samirs, 'DELETE', `/api/credentials/${credential.id}`)).status,
        ).toBeLessThan(300);
      const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'sv-SE' });
      try {
        const page = await context.newPage();
        await signInToWallet(page, world.wallet.baseUrl, samir);
        await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(await request())}`);
        await page.getByRole('button', { name: 'Hämta från Arbetsförmedlingen' }).click();
        await continueAtHolder(page, 'Min profil plånbok');
        await signInAtEid(page, samir);
        await page.getByText('Intyget är sparat. Granska vad som skickas och svara nedan.').waitFor();
        await expectFocusOn(page, 'Intyget är sparat.');
        expect(context.pages()).toHaveLength(1);
        expect(page.url()).toMatch(/\/present\?id=[^&]+$/);
        await page.getByText('Ur intyget: Inskrivningsintyg').waitFor();
        // The next step is on the first screen: answer the request.
        expect(await inViewport(page, '.decision-bar button:has-text("Godkänn och skicka")')).toBe(true);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
        await expectFocusOn(page, 'Uppgifterna är skickade.');
        await page.getByRole('link', { name: 'Till startsidan' }).waitFor();
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 90_000);

    it(`fetches a missing credential in the same tab and says in Swedish when the holder has nothing (${label})`, async () => {
      const karin = '197011082232';
      const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'sv-SE' });
      try {
        const page = await context.newPage();
        await signInToWallet(page, world.wallet.baseUrl, karin);
        await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(await request())}`);
        await page.getByText('Du saknar det här intyget').waitFor();
        await page.getByRole('button', { name: 'Hämta från Arbetsförmedlingen' }).click();
        // Same tab: the holder's page, then its eID sign-in, then back to the same request.
        await continueAtHolder(page, 'Min profil plånbok');
        await signInAtEid(page, karin);
        await page.getByText('Arbetsförmedlingen har inget inskrivningsintyg om dig.').waitFor();
        await page.getByText('Du kan neka förfrågan nedan').waitFor();
        await expectFocusOn(page, 'har inget inskrivningsintyg om dig');
        expect(context.pages()).toHaveLength(1);
        expect(page.url()).toMatch(/\/present\?id=[^&]+$/);
        expect(await page.getByText(/Hämtar|access_denied|credential_request_denied/).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Godkänn och skicka' }).isDisabled()).toBe(true);
        expect(await inViewport(page, '.decision-bar button:has-text("Neka")')).toBe(true);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Neka' }).click();
        await expectFocusOn(page, 'Du nekade.');
        await page.getByRole('link', { name: 'Till startsidan' }).waitFor();
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 90_000);

    it(`says in Swedish that the fetch was cancelled at the holder, with fetching again or refusing next (${label})`, async () => {
      const lucia = '199204781539';
      const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'sv-SE' });
      try {
        const page = await context.newPage();
        await signInToWallet(page, world.wallet.baseUrl, lucia);
        await page.goto(`${world.wallet.baseUrl}/present?request=${encodeURIComponent(await request())}`);
        await page.getByRole('button', { name: 'Hämta från Arbetsförmedlingen' }).click();
        // The holder's own page: the person changes their mind before signing in there.
        await page.getByRole('heading', { name: 'Hämta intyg' }).waitFor();
        await page.getByRole('button', { name: 'Avbryt' }).click();
        await page.getByText('Hämtningen avbröts hos Arbetsförmedlingen.').waitFor();
        await page.getByText('Försök igen med knappen nedan, eller neka förfrågan.').waitFor();
        await expectFocusOn(page, 'Hämtningen avbröts hos Arbetsförmedlingen.');
        expect(context.pages()).toHaveLength(1);
        expect(page.url()).toMatch(/\/present\?id=[^&]+$/);
        expect(await page.getByText(/access_denied|the holder answered/).count()).toBe(0);
        // The next step: fetch again, or refuse (in view).
        await page.getByRole('button', { name: 'Hämta från Arbetsförmedlingen' }).waitFor();
        expect(await inViewport(page, '.decision-bar button:has-text("Neka")')).toBe(true);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Neka' }).click();
        await expectFocusOn(page, 'Du nekade.');
      } finally {
        await context.close();
      }
    }, 90_000);
  }

  for (const [label, viewport] of [
    ['390 px', phone],
    ['1280 px', wide],
  ] as const) {
    it(`asks in the page before deleting a credential, and says it is deleted (${label})`, async () => {
      const id = await keep();
      const { context, page } = await signedIn(viewport);
      try {
        await page.goto(`${world.wallet.baseUrl}/credentials/${id}`);
        await page.getByRole('button', { name: 'Ta bort intyget' }).click();
        const dialog = page.getByRole('alertdialog');
        await dialog.getByText('Vill du ta bort intyget från plånboken?').waitFor();
        await expectFocusOn(page, 'Vill du ta bort intyget');
        await expectAccessible(page);

        await dialog.getByRole('button', { name: 'Ja, ta bort intyget' }).click();
        await page.getByText('Inskrivningsintyg är borttaget från plånboken.').waitFor();
        await expectFocusOn(page, 'är borttaget från plånboken.');
        expect((await api(world.wallet.baseUrl, token, 'GET', `/api/credentials/${id}`)).status).toBe(404);
        await page.getByRole('link', { name: 'Alla intyg' }).waitFor();
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('puts a failed delivery, a recently used permission and a credential about to expire on Hem', async () => {
    // Two real consumer bodies with the standing-permission contract (docs/standing-permissions.md).
    const school = await startStandingConsumer('school');
    const tax = await startStandingConsumer('tax', ['address', 'preferred_language']);
    world.trustList.consumers.push(school.trustListEntry(), tax.trustListEntry());
    try {
      const wallet = world.wallet.baseUrl;
      const profile = {
        address: {
          street_address: 'Storgatan 12',
          postal_code: '111 22',
          locality: 'Stockholm',
          country: 'SE',
        },
        emails: [],
        phones: [],
        preferred_language: 'sv',
        contact_preferences: { default: ['digital_mailbox'] },
      };
      const saved = await api(wallet, token, 'PUT', '/api/profile', profile);
      expect(saved.status).toBe(200);
      // Sharing without a request sends who the person is (contract version 2).
      const identity = await world.offer('skatteverket', tolvan, ['person_identity'], false);
      const received = await api(wallet, token, 'POST', '/api/credential-offers', {
        offer: identity.offer_link,
      });
      await api(wallet, token, 'POST', `/api/credential-offers/${received.body.id}/accept`);
      const shared = await api(wallet, token, 'POST', '/api/standing-permissions', {
        consumers: ['school', 'tax'],
        fields: ['address', 'preferred_language'],
      });
      expect(shared.status).toBe(201);
      const [toSchool, toTax] = shared.body.permissions as Array<{ id: string }>;
      const permission = async (id: string) =>
        ((await api(wallet, token, 'GET', '/api/standing-permissions')).body.permissions as any[]).find(
          (p) => p.id === id,
        );
      const until = Date.now() + 60_000;
      const waitFor = async (what: string, probe: () => Promise<boolean>) => {
        while (!(await probe())) {
          if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await waitFor('both first deliveries', async () =>
        Boolean(
          (await permission(toSchool!.id)).last_delivered_at &&
          (await permission(toTax!.id)).last_delivered_at,
        ),
      );
      // The tax agency refuses the next change: a failed delivery, not retried.
      tax.scripted.push({ status: 400, body: { error: 'invalid_request' } });
      expect(
        (await api(wallet, token, 'PUT', '/api/profile', { ...profile, preferred_language: 'en' })).status,
      ).toBe(200);
      await waitFor(
        'the failed delivery',
        async () => (await permission(toTax!.id)).failed_deliveries.length > 0,
      );

      const { context, page } = await signedIn(phone);
      try {
        const failed = page.locator('li.needs-delivery', { hasText: 'Konsument tax' });
        await failed.getByText('Dina kontaktuppgifter kom inte fram till').waitFor();
        const used = page.locator('li.needs-used', { hasText: 'Konsument school' });
        await used.getByText('fick dina kontaktuppgifter').waitFor();
        // Only the permission that got its last change is "recently used" and not failed.
        expect(await page.locator('li.needs-delivery').count()).toBe(1);
        expect(await pageWidth(page)).toBeLessThanOrEqual(390);
        await expectAccessible(page);
        await failed.getByRole('link', { name: /^Se vad som hände/ }).click();
        await page.waitForURL(/\/standing-permissions$/);
        await page.getByText('Konsument tax').first().waitFor();
      } finally {
        await context.close();
      }

      // A month before the certificate runs out, by the browser's clock: "går snart ut".
      const credentials = (await api(wallet, token, 'GET', '/api/credentials')).body.credentials as any[];
      const certificate = credentials.find(
        (c) =>
          c.credential_configuration_id === 'registration_certificate' &&
          c.status === 'valid' &&
          c.expires_at !== null,
      );
      expect(certificate).toBeDefined();
      const later = await browser.newContext({ viewport: phone, bypassCSP: true, locale: 'sv-SE' });
      try {
        await later.clock.setFixedTime(new Date(Date.parse(certificate.expires_at) - 10 * 86_400_000));
        const page = await later.newPage();
        await signInToWallet(page, wallet, tolvan);
        const item = page.locator('li.needs-credential', {
          has: page.locator(`a[href$="${encodeURIComponent(certificate.id)}"]`),
        });
        const expiring = item.getByRole('link', { name: /^Visa intyget/ });
        await item.getByText('går snart ut:').waitFor();
        await expectAccessible(page);
        await expiring.click();
        await page.getByRole('heading', { name: 'Inskrivningsintyg', level: 1 }).waitFor();
        expect(page.url()).toContain(`/credentials/${encodeURIComponent(certificate.id)}`);
      } finally {
        await later.close();
      }
    } finally {
      world.trustList.consumers = world.trustList.consumers.filter(
        (c) => c.id !== 'school' && c.id !== 'tax',
      );
      await school.stop();
      await tax.stop();
    }
  }, 120_000);

  // Last: it revokes every certificate Tolvan holds from Arbetsförmedlingen.
  it('puts a revoked credential on Hem, leading to the credential', async () => {
    const staff = { authorization: `Bearer ${world.issuer.staffKeys.af}` };
    const issued = await getJson(
      `${world.issuer.baseUrl}/af/admin/credentials?personal_identity_number=19121212-1212`,
      staff,
    );
    expect(issued.status).toBe(200);
    for (const credential of issued.body.credentials as Array<{ id: string; status: string }>) {
      if (credential.status !== 'valid') continue;
      const revoked = await postJson(
        `${world.issuer.baseUrl}/af/admin/credentials/${credential.id}/status`,
        { status: 'revoked' },
        staff,
      );
      expect(revoked.body.status).toBe('revoked');
    }
    // Past the wallet's cache of the status list (its ttl, 300 s).
    world.wallet.advanceClock(301);
    const { context, page } = await signedIn(phone);
    try {
      const ended = page.locator('li.needs-credential', { hasText: 'Inskrivningsintyg' }).first();
      await ended.getByText('kan inte längre användas: Återkallat').waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
      await expectAccessible(page);
      await ended.getByRole('link', { name: /^Visa intyget/ }).click();
      await page.getByRole('heading', { name: 'Inskrivningsintyg', level: 1 }).waitFor();
      expect(page.url()).toMatch(/\/credentials\/[^/]+$/);
    } finally {
      world.wallet.advanceClock(-301);
      await context.close();
    }
  }, 60_000);
});
