import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { postJson } from '../issuer/test/wallet-client.js';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import {
  expectAccessible,
  expectFocusOn,
  launchChromium,
  pageWidth,
  shoot,
  signInAtEid,
  signInToWallet,
} from './system/browser.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier } from './wallet-with-verifier.js';

const tolvan = '191212121212';
const narrow = { width: 320, height: 640 };

/**
 * "Vem har tagit del av mina uppgifter?" in Chromium at 320 px: the person connects the wallet
 * to Arbetsförmedlingen's usage log (its own page, then eID), and sees in one list an agency's
 * look-up at the holder, the insurer's receipt for what they shared with the consumer's later
 * uses, with a note for a holder that does not answer; filters, exports, asks the insurer to
 * erase, and reads it all in English too. axe finds no serious violation.
 */
describe('who has used my data, in a browser', () => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let stop: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ world, verifier, person, stop } = await startWalletWithVerifier('sqlite'));
    const wallet = world.wallet.baseUrl;
    // A share with the insurer: it returns a consent record, and logs its own later uses.
    const created = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'Snabbkoll av inskrivning',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }, { path: ['registered_since'] }],
          },
        ],
      },
    });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    // The insurer's staff read the result: a later use the insurer logs for the person.
    expect((await readPresentationResult(verifier, 'insurer', created.body.id)).status).toBe(200);
    // Another agency looks Tolvan up in Arbetsförmedlingen's register.
    const lookup = await postJson(
      `${world.issuer.baseUrl}/af/admin/lookups`,
      {
        personal_identity_number: tolvan,
        fields: ['given_name', 'family_name'],
        purpose: 'Kontroll av rätt till ersättning',
        legal_basis: '110 kap. 31 § socialförsäkringsbalken',
        requester: { org_number: '202100-5521', name: 'Försäkringskassan', system: 'Ersättning' },
      },
      { authorization: `Bearer ${world.issuer.staffKeys.af}` },
    );
    expect(lookup.status).toBe(200);
    // A holder on the trust list that the wallet is connected to but that does not answer.
    world.trustList.issuers.push({
      ...world.trustList.issuers[0]!,
      id: 'tyst',
      name: { sv: 'Tysta myndigheten', en: 'Tysta myndigheten' },
      credential_issuer: 'http://127.0.0.1:9/tyst',
    });
    const account = (await world.wallet.ctx.store.findAccountByIdentity(tolvan))!;
    await world.wallet.ctx.store.replaceHolderConnection({
      id: 'c0ffee00-0000-4000-8000-000000000001',
      accountId: account.id,
      credentialIssuer: 'http://127.0.0.1:9/tyst',
      sealed: 'not-opened-before-the-holder-is-asked',
      connectedAt: Math.floor(Date.now() / 1000),
      refreshLeaseUntil: null,
    });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('connects to a holder, merges every source, filters, exports, requests deletion, in Swedish and English', async () => {
    const context = await browser.newContext({
      viewport: narrow,
      bypassCSP: true,
      locale: 'sv-SE',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    try {
      await signInToWallet(page, world.wallet.baseUrl, tolvan);
      // One step away under "Mer".
      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mer' }).click();
      await page.getByRole('link', { name: 'Vem har tagit del?' }).click();
      await page.getByRole('heading', { name: 'Vem har tagit del av mina uppgifter?', level: 1 }).waitFor();

      // Each holder reports on its own line; the silent one says it did not answer.
      const af = page.locator('li.usage-source[data-holder="af"]');
      await af.getByText('inte ansluten').waitFor();
      await page
        .locator('li.usage-source[data-holder="tyst"][data-state="failed"]')
        .getByText('svarade inte')
        .waitFor();
      await page.getByRole('button', { name: 'Försök igen' }).waitFor();
      // The insurer's receipt is there before any holder is connected.
      await page.getByRole('heading', { name: /Du delade uppgifter – Trygga Försäkringar/ }).waitFor();

      await af.getByRole('button', { name: 'Visa loggen: Arbetsförmedlingen' }).click();
      // Arbetsförmedlingen's own page asks the person, then the eID sign-in.
      await page.getByText('Visa vem som har tagit del av dina uppgifter').waitFor();
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      await signInAtEid(page, tolvan);
      await page.getByText('Plånboken visar nu loggen från myndigheten.').waitFor();
      await af.getByText(/\d+ händelser/).waitFor();

      const lookup = page.locator('li.timeline-item', {
        hasText: 'Uppgifter hämtade ur registret – Försäkringskassan',
      });
      await lookup.waitFor();
      for (const text of [
        'Försäkringskassan (org.nr 202100-5521)',
        'Förnamn, Efternamn',
        'Kontroll av rätt till ersättning',
        '110 kap. 31 § socialförsäkringsbalken',
        'Enligt Arbetsförmedlingen',
      ])
        await lookup.getByText(text).waitFor();
      // The insurer's own later use (its staff viewed it) is in the list too.
      await page
        .getByRole('heading', { name: /Visat för mottagarens personal – Trygga Försäkringar/ })
        .waitFor();
      const share = page.locator('li.timeline-item', {
        hasText: 'Du delade uppgifter – Trygga Försäkringar',
      });
      await share.getByText('GDPR Art. 6(1)(b)', { exact: false }).waitFor();

      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
      await shoot(page, '20-who-has-used-my-data');

      // Filters: by body.
      await page.getByLabel('Vem', { exact: true }).selectOption('Försäkringskassan');
      expect(await page.locator('ol.timeline > li').count()).toBe(1);
      // Export what is shown, as CSV.
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Ladda ner som CSV' }).click(),
      ]);
      const text = readFileSync((await csv.path())!, 'utf8');
      expect(text.split('\r\n')[0]).toBe(
        'time,source,reported_by,who,org_number,action,fields,purpose,legal_basis',
      );
      expect(text).toContain('Försäkringskassan,202100-5521,lookup,given_name; family_name');
      expect(text).not.toContain('Trygga');
      // And as JSON: the same entries.
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Ladda ner som JSON' }).click(),
      ]);
      expect(JSON.parse(readFileSync((await json.path())!, 'utf8'))).toEqual([
        expect.objectContaining({
          source: 'holder',
          who: 'Försäkringskassan',
          org_number: '202100-5521',
          action: 'lookup',
          fields: ['given_name', 'family_name'],
          legal_basis: '110 kap. 31 § socialförsäkringsbalken',
        }),
      ]);
      await page.getByLabel('Vem', { exact: true }).selectOption('');
      // By kind of data: only entries that name it.
      const all = await page.locator('ol.timeline > li').count();
      await page.getByLabel('Vilka uppgifter', { exact: true }).selectOption('Efternamn');
      const withFamilyName = page.locator('ol.timeline > li');
      expect(await withFamilyName.count()).toBeGreaterThan(0);
      expect(await withFamilyName.count()).toBeLessThan(all);
      for (const text of await withFamilyName.locator('dl.usage-facts').allTextContents())
        expect(text).toContain('Efternamn');
      await page.getByLabel('Vilka uppgifter', { exact: true }).selectOption('');
      // By period: everything here happened today, so the last 30 days hold it all.
      await page.getByLabel('Period', { exact: true }).selectOption('30');
      expect(await page.locator('ol.timeline > li').count()).toBe(all);
      await page.getByLabel('Period', { exact: true }).selectOption('all');

      // "Begär radering" from the insurer's receipt: asked in the page, answered, focus on the answer.
      await share.getByRole('button', { name: 'Begär radering' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, begär radering' }).click();
      await share.getByText(/^Raderat /).waitFor();
      await expectFocusOn(page, 'Raderat');
      await expectAccessible(page);

      // English as a choice.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Who has used my data?', level: 1 }).waitFor();
      await page
        .getByRole('heading', { name: /Data looked up in the register – Försäkringskassan/ })
        .waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('cancelling at the holder’s eID step ends in Swedish with a next step, and no error ever in the address', async () => {
    const samir = '198806244417';
    const created = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'Snabbkoll av inskrivning',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }],
          },
        ],
      },
    });
    const context = await browser.newContext({ viewport: narrow, bypassCSP: true, locale: 'sv-SE' });
    const page = await context.newPage();
    // Every address the browser asks the wallet for, redirects included.
    const walletUrls: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(world.wallet.baseUrl)) walletUrls.push(r.url());
    });
    try {
      await signInToWallet(page, world.wallet.baseUrl, samir);
      await page.goto(
        `${world.wallet.baseUrl}/present?request=${encodeURIComponent(created.body.openid4vp_url)}`,
      );
      await page.getByRole('button', { name: 'Hämta från Arbetsförmedlingen' }).click();
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      // At the eID step the person changes their mind.
      await page.getByRole('button', { name: 'Avbryt inloggningen' }).click();
      await page.getByText('Hämtningen avbröts hos Arbetsförmedlingen.').waitFor();
      await page.getByText('Försök igen med knappen nedan, eller neka förfrågan.').waitFor();
      await expectFocusOn(page, 'Hämtningen avbröts hos Arbetsförmedlingen.');
      // The next step is there: fetch again, or refuse.
      await page.getByRole('button', { name: 'Hämta från Arbetsförmedlingen' }).waitFor();
      await page.getByRole('button', { name: 'Neka' }).waitFor();
      expect(await page.getByText(/access_denied|the holder answered/).count()).toBe(0);
      expect(page.url()).toMatch(/\/present\?id=[^&]+$/);
      expect(walletUrls.some((u) => u.includes('/oid4vci/callback'))).toBe(true);
      expect(walletUrls.filter((u) => !u.includes('/oid4vci/callback') && /[?&]error/.test(u))).toEqual([]);
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
      // The outcome was read once: a reload shows the request, not the old error.
      await page.reload();
      await page.getByRole('button', { name: 'Hämta från Arbetsförmedlingen' }).waitFor();
      expect(await page.getByText('Hämtningen avbröts').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('draws a long log 50 entries at a time, with "Visa fler" for the rest', async () => {
    const samir = '198806244417';
    // 55 look-ups in Arbetsförmedlingen's register: more than one page of the merged view.
    for (let i = 0; i < 55; i++) {
      const lookup = await postJson(
        `${world.issuer.baseUrl}/af/admin/lookups`,
        {
          personal_identity_number: samir,
          fields: ['given_name'],
          purpose: `Kontroll ${i + 1}`,
          legal_basis: '110 kap. 31 § socialförsäkringsbalken',
          requester: { org_number: '202100-5521', name: 'Försäkringskassan', system: 'Ersättning' },
        },
        { authorization: `Bearer ${world.issuer.staffKeys.af}` },
      );
      expect(lookup.status).toBe(200);
    }
    const context = await browser.newContext({ viewport: narrow, bypassCSP: true, locale: 'sv-SE' });
    const page = await context.newPage();
    try {
      await signInToWallet(page, world.wallet.baseUrl, samir);
      await page.goto(`${world.wallet.baseUrl}/usage`);
      const af = page.locator('li.usage-source[data-holder="af"]');
      await af.getByRole('button', { name: 'Visa loggen: Arbetsförmedlingen' }).click();
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      await signInAtEid(page, samir);
      await af.getByText(/\d+ händelser/).waitFor();
      const entries = page.locator('ol.timeline > li');
      const more = page.getByRole('button', { name: /^Visa fler \(\d+ till\)$/ });
      await more.waitFor();
      expect(await entries.count()).toBe(50);
      // The newest first: the last look-up heads the list.
      await entries.first().getByText('Kontroll 55').waitFor();
      await expectAccessible(page);
      await more.click();
      await entries.nth(54).waitFor();
      expect(await entries.count()).toBeGreaterThanOrEqual(55);
      expect(await more.count()).toBe(0);
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('downloads everything, then closes the account, with a final confirmation (320 px)', async () => {
    const context = await browser.newContext({
      viewport: narrow,
      bypassCSP: true,
      locale: 'sv-SE',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    try {
      await signInToWallet(page, world.wallet.baseUrl, tolvan);
      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mer' }).click();
      await page.getByRole('main').getByRole('link', { name: 'Avsluta kontot' }).click();
      await page.getByRole('heading', { name: 'Avsluta kontot', level: 1 }).waitFor();
      // Closing is locked until everything is downloaded.
      const close = page.getByRole('button', { name: 'Avsluta kontot' });
      expect(await close.isDisabled()).toBe(true);
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Ladda ner allt' }).click(),
      ]);
      const everything = JSON.parse(readFileSync((await file.path())!, 'utf8'));
      expect(everything.account.identity_number).toBe(tolvan);
      expect(everything.consent_records.length).toBeGreaterThan(0);
      await expectFocusOn(page, 'Filen är nedladdad.');

      // Every recipient asked to erase too (the insurer's copy is already erased above: skipped).
      await page.getByLabel('Be också alla mottagare jag har delat med att radera det de fick').check();
      await close.click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, avsluta kontot' }).click();
      await page.getByRole('heading', { name: 'Ditt konto är avslutat.', level: 1 }).waitFor();
      await expectFocusOn(page, 'Ditt konto är avslutat.');
      await page.getByText('Inloggningen hos Arbetsförmedlingen är avslutad.').waitFor();
      await page.getByText('Tysta myndigheten bekräftade inte').waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
      expect(await world.wallet.ctx.store.findAccountByIdentity(tolvan)).toBeNull();

      // The start page is the welcome again: the session ended with the account.
      await page.getByRole('link', { name: 'Till startsidan' }).click();
      await page.getByRole('link', { name: 'Logga in med e-legitimation' }).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);
});
